using System.IO.Compression;
using System.Text.RegularExpressions;
using LambdaKit.Tests.Shared;

namespace LambdaKit.EndToEnd.Tests;

/// <summary>
/// Publishes a sample (samples/NAME/NAME.csproj, assembly <c>bootstrap</c>) once per test collection exactly as a user
/// does, `dotnet publish -c Release` through the LambdaKit package from the repository's feed (<see cref="RepositoryFeed"/>),
/// into fresh output folders so that the build really runs (an incremental publish would skip the compilers and hide
/// their warnings), and unzips the deployment zip it writes.
/// </summary>
public abstract partial class PublishedSample(string sample) : IAsyncLifetime
{
    /// <summary>A cold Native AOT publish takes ~30 s; a busy 2-core CI machine may need many times that.</summary>
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    private readonly string _workDirectory = Path.Combine(Path.GetTempPath(), "lambdakit-e2e-" + Guid.NewGuid().ToString("N"));

    /// <summary>The sample's folder name under samples/.</summary>
    public string Sample => sample;

    /// <summary>The deployment zip the publish wrote.</summary>
    public string ZipPath => Path.Combine(_workDirectory, sample + ".zip");

    /// <summary>The deployment zip's contents.</summary>
    public string PublishDirectory => Path.Combine(_workDirectory, "publish");

    /// <summary>The native executable Lambda's OS-only runtime starts.</summary>
    public string BootstrapPath => Path.Combine(PublishDirectory, "bootstrap");

    /// <summary>Everything <c>dotnet publish</c> printed, standard output and error interleaved.</summary>
    public string PublishOutput { get; private set; } = string.Empty;

    /// <summary>The lines of <see cref="PublishOutput"/> that report a warning (the summary's "0 Warning(s)" excepted).</summary>
    public IReadOnlyList<string> WarningLines { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await RepositoryFeed.EnsurePackedAsync();
        string project = Path.Combine(RepositoryRoot.Find(), "samples", sample, sample + ".csproj");
        var run = await DotnetCommand.RunAsync(
            [
                "publish", project, "-c", "Release",
                // Own bin/obj folders: the repository's build outputs are neither reused nor disturbed.
                "--artifacts-path", Path.Combine(_workDirectory, "artifacts"),
                "-p:LambdaPackageOutput=" + ZipPath,
                .. DotnetCommand.WithoutBuildServers,
            ],
            PublishTimeout,
            "dotnet publish");

        PublishOutput = run.Output;
        WarningLines = PublishOutput.Split('\n').Where(line => WarningLine().IsMatch(line) && !WarningSummary().IsMatch(line)).ToList();
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of {sample} failed with exit code {run.ExitCode}:\n{PublishOutput}");
        }

        if (!File.Exists(ZipPath))
        {
            throw new InvalidOperationException($"dotnet publish succeeded but wrote no {ZipPath}:\n{PublishOutput}");
        }

        ZipFile.ExtractToDirectory(ZipPath, PublishDirectory);
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

    [GeneratedRegex(@"\bwarning\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WarningLine();

    [GeneratedRegex(@"^\s*0 Warning\(s\)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex WarningSummary();
}

/// <summary>samples/HelloAot, published once for the tests of <see cref="HelloAotGroup"/>.</summary>
public sealed class PublishedHelloAot() : PublishedSample("HelloAot");

/// <summary>samples/HelloManaged (framework-dependent, dotnet10), published once for <see cref="HelloManagedGroup"/>.</summary>
public sealed class PublishedHelloManaged() : PublishedSample("HelloManaged");

/// <summary>Tests in this collection share one publish of HelloManaged.</summary>
[CollectionDefinition(Name)]
public sealed class HelloManagedGroup : ICollectionFixture<PublishedHelloManaged>
{
    public const string Name = "HelloManaged";
}

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
