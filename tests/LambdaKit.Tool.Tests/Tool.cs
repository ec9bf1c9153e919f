using System.Diagnostics;
using System.Reflection;

namespace LambdaKit.Tool.Tests;

/// <summary>What one run of the tool printed and returned.</summary>
public sealed record ToolRun(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public string[] ErrorLines => StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>Runs the built <c>lambdakit.dll</c> with <c>dotnet</c>, as a separate process, with its own temporary folder.</summary>
internal static class Tool
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static string DllPath { get; } = Path.GetFullPath(typeof(Tool).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "ToolPath").Value!);

    /// <summary>Starts the tool; <paramref name="temporaryFolder"/> becomes its TMPDIR so tests can see what it leaves.</summary>
    public static Process Start(string temporaryFolder, params string[] args)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(DllPath);
        foreach (var argument in args)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["TMPDIR"] = temporaryFolder;
        return Process.Start(startInfo)!;
    }

    public static async Task<ToolRun> RunAsync(string temporaryFolder, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        using var process = Start(temporaryFolder, args);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"lambdakit {string.Join(' ', args)} did not finish in {Patience}:\n{await error}");
        }

        return new ToolRun(process.ExitCode, await output, await error, clock.Elapsed);
    }

    /// <summary>Sends a signal (<c>INT</c>, <c>TERM</c>) to a process.</summary>
    public static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
