using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Xunit.Abstractions;

namespace LambdaKit.Analyzers.Tests.Corpus;

/// <summary>
/// Precision on code that does nothing wrong: every analyzer and the generator over the samples and over a real C#
/// corpus (Debian's newtonsoft-json source, fetched by eng/fetch-corpus.sh into artifacts/corpus) report no exception
/// and no LK diagnostic. The corpus test fails when the corpus is missing, unless LAMBDAKIT_SKIP_CORPUS=1
/// (docs/robustness.md).
/// </summary>
public sealed class CorpusPrecisionTests(ITestOutputHelper output)
{
    public const string SkipVariable = "LAMBDAKIT_SKIP_CORPUS";

    /// <summary>The build settings that switch the most rules on: Native AOT, arm64, no ReadyToRun.</summary>
    private static readonly Dictionary<string, string> Build = new(StringComparer.Ordinal)
    {
        ["build_property.PublishAot"] = "true",
        ["build_property.PublishReadyToRun"] = "false",
        ["build_property.LambdaArchitecture"] = "arm64",
    };

    [Fact]
    public void The_samples_get_no_exception_and_no_LambdaKit_diagnostic()
    {
        var report = CorpusRunner.Run(RepositoryPaths.Combine("samples"), Build);
        AssertClean(report, minimumFiles: 5);
    }

    [Fact]
    public void Newtonsoft_json_gets_no_exception_and_no_LambdaKit_diagnostic()
    {
        var folder = RepositoryPaths.Combine("artifacts", "corpus", "newtonsoft-json");
        if (!Directory.Exists(folder) || !Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Any())
        {
            Assert.True(
                Environment.GetEnvironmentVariable(SkipVariable) == "1",
                $"The corpus {folder} is missing: run `bash eng/fetch-corpus.sh` (needs a deb-src entry, see .ci/run), or set {SkipVariable}=1 to skip this test.");
            output.WriteLine($"skipped: {SkipVariable}=1 and no corpus at {folder}");
            return;
        }

        AssertClean(CorpusRunner.Run(folder, Build), minimumFiles: 500);
    }

    [Fact]
    public void The_runner_reports_what_the_analyzers_find()
    {
        // Guards the two tests above against a runner that sees nothing: a handler with a hazard is reported.
        var folder = Directory.CreateTempSubdirectory("lambdakit-corpus-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "Functions.cs"), """
                public static class Functions
                {
                    [LambdaKit.LambdaFunction] public static void Handle(string input) => System.Environment.Exit(1);
                }
                """);
            var report = CorpusRunner.Run(folder, Build);
            Assert.Equal(1, report.Files);
            Assert.Empty(report.Exceptions);
            Assert.Contains(report.LambdaKitDiagnostics, d => d.Id == "LK2004");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void AssertClean(CorpusReport report, int minimumFiles)
    {
        output.WriteLine($"{report.Files} files, {report.Compilations} compilations, {report.CompilerErrors} compiler errors, {CorpusRunner.Analyzers().Length} analyzers, {report.Exceptions.Count} exceptions, {report.LambdaKitDiagnostics.Count} LK diagnostics");
        output.WriteLine(report.FirstErrors);
        Assert.True(report.Files >= minimumFiles, $"only {report.Files} .cs files were read");
        Assert.True(report.Exceptions.Count == 0, string.Join("\n", report.Exceptions));
        Assert.True(report.LambdaKitDiagnostics.Count == 0, string.Join("\n", report.LambdaKitDiagnostics));
    }
}
