using System.Diagnostics;
using System.Text;

namespace LambdaKit.Tests.Shared;

/// <summary>
/// Runs a child <c>dotnet</c> command (a build, publish or pack) with its standard output and error captured as one
/// interleaved text, and kills its whole process tree when it does not finish in time. Linked into the test projects
/// that build or publish projects of their own.
/// </summary>
internal static class DotnetCommand
{
    /// <summary>
    /// Arguments for every child build, publish or pack: lingering MSBuild nodes and compiler servers would inherit the
    /// captured output pipes and keep them open after the command ends; and plain console logging.
    /// </summary>
    public static readonly string[] WithoutBuildServers = ["--disable-build-servers", "-nodeReuse:false", "-tl:off"];

    /// <summary>The dotnet executable running this test host, so the child uses the same SDK installation.</summary>
    public static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>
    /// Runs <paramref name="fileName"/> (<see cref="Host"/> when not given) with <paramref name="arguments"/>, with
    /// telemetry and the logo turned off and, unless <paramref name="removeMsBuildVariables"/> is false, without the
    /// MSBUILD* variables of the test host. Throws a <see cref="TimeoutException"/> named after
    /// <paramref name="description"/>, with everything printed so far, when <paramref name="timeout"/> passes first.
    /// </summary>
    public static async Task<CommandResult> RunAsync(
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string description,
        string? workingDirectory = null,
        string? fileName = null,
        bool removeMsBuildVariables = true)
    {
        var start = new ProcessStartInfo(fileName ?? Host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs under `dotnet test`, whose MSBuild variables would leak into the child build.
        if (removeMsBuildVariables)
        {
            foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (var cancellation = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{description} did not finish within {timeout}:\n{Snapshot(output)}");
            }
        }

        return new CommandResult(process.ExitCode, Snapshot(output), watch.Elapsed);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

/// <summary>One finished command: its exit code, everything it printed (standard output and error interleaved), and its wall-clock time.</summary>
internal sealed record CommandResult(int ExitCode, string Output, TimeSpan Elapsed);
