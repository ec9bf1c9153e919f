using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace LambdaKit.EndToEnd.Tests;

/// <summary>
/// Publishes a sample (samples/NAME/NAME.csproj, assembly <c>bootstrap</c>) with Native AOT once per test collection,
/// into a fresh folder so that the build really runs (an incremental publish would skip the compilers and hide their
/// warnings).
/// </summary>
public abstract partial class PublishedSample(string sample) : IAsyncLifetime
{
    /// <summary>A cold Native AOT publish takes ~30 s; a busy 2-core CI machine may need many times that.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), "lambdakit-e2e-" + Guid.NewGuid().ToString("N"));

    /// <summary>The sample's folder name under samples/.</summary>
    public string Sample => sample;

    /// <summary>The folder a Lambda package would be made of.</summary>
    public string PublishDirectory => Path.Combine(_workDirectory, "publish");

    /// <summary>The native executable Lambda's OS-only runtime starts.</summary>
    public string BootstrapPath => Path.Combine(PublishDirectory, "bootstrap");

    /// <summary>Everything <c>dotnet publish</c> printed, standard output and error interleaved.</summary>
    public string PublishOutput { get; private set; } = string.Empty;

    /// <summary>The lines of <see cref="PublishOutput"/> that report a warning (the summary's "0 Warning(s)" excepted).</summary>
    public IReadOnlyList<string> WarningLines { get; private set; } = [];

    public async Task InitializeAsync()
    {
        string project = Path.Combine(FindRepositoryRoot(), "samples", sample, sample + ".csproj");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "publish", project, "-c", "Release", "-r", "linux-x64",
            // Own bin/obj folders: the repository's build outputs are neither reused nor disturbed.
            "--artifacts-path", Path.Combine(_workDirectory, "artifacts"),
            "-o", PublishDirectory,
            // Lingering MSBuild nodes and compiler servers inherit the output pipes and would keep them open.
            "--disable-build-servers",
            "-tl:off",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs under `dotnet test`, whose MSBuild variables would leak into the child build.
        foreach (string name in start.Environment.Keys.Where(key => key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (var timeout = new CancellationTokenSource(PublishTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet publish did not finish within {PublishTimeout}:\n{Snapshot(output)}");
            }
        }

        PublishOutput = Snapshot(output);
        WarningLines = PublishOutput.Split('\n').Where(line => WarningLine().IsMatch(line) && !WarningSummary().IsMatch(line)).ToList();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of {sample} failed with exit code {process.ExitCode}:\n{PublishOutput}");
        }

        if (!File.Exists(BootstrapPath))
        {
            throw new InvalidOperationException($"dotnet publish succeeded but wrote no {BootstrapPath}:\n{PublishOutput}");
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run over.
        }

        return Task.CompletedTask;
    }

    /// <summary>The folder holding Analyzers.sln, found from the test assembly's location.</summary>
    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Analyzers.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>The dotnet executable running this test host, so the publish uses the same SDK installation.</summary>
    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

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

    [GeneratedRegex(@"\bwarning\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WarningLine();

    [GeneratedRegex(@"^\s*0 Warning\(s\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex WarningSummary();
}

/// <summary>samples/HelloAot, published once for the tests of <see cref="HelloAotGroup"/>.</summary>
public sealed class PublishedHelloAot() : PublishedSample("HelloAot");

/// <summary>samples/MultiFunction, published once for the tests of <see cref="MultiFunctionGroup"/>.</summary>
public sealed class PublishedMultiFunction() : PublishedSample("MultiFunction");

/// <summary>Tests in this collection share one publish of HelloAot.</summary>
[CollectionDefinition(Name)]
public sealed class HelloAotGroup : ICollectionFixture<PublishedHelloAot>
{
    public const string Name = "HelloAot";
}

/// <summary>Tests in this collection share one publish of MultiFunction.</summary>
[CollectionDefinition(Name)]
public sealed class MultiFunctionGroup : ICollectionFixture<PublishedMultiFunction>
{
    public const string Name = "MultiFunction";
}
