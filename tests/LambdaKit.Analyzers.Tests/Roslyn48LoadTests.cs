using System.Reflection;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Tests.Shared;

namespace LambdaKit.Analyzers.Tests;

/// <summary>
/// The .NET 8 SDK's compiler is Roslyn 4.8.0: a host pinned to exactly that version loads the shipped analyzers and
/// generators the way the compiler does (AnalyzerFileReference) and they generate and report there.
/// </summary>
public sealed class Roslyn48LoadTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lambdakit-roslyn48-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_shipped_analyzers_and_generators_load_generate_and_report_on_Roslyn_4_8_0()
    {
        var source = Path.Combine(_directory, "Functions.cs");
        await File.WriteAllTextAsync(source, """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;
            using LambdaKit;

            public sealed record Order(string Id);

            public static class Functions
            {
                [LambdaFunction] public static Order Echo(Order order) => order;

                [LambdaFunction] private static void Hidden() { }

                public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.Add(a, b);
            }
            """);

        var result = await DotnetCommand.RunAsync(
            [
                Metadata("Roslyn48HostPath"), source,
                "--analyzer", Shipped("LambdaKit.Analyzers"),
                "--analyzer", Shipped("LambdaKit.Generators"),
                "--reference", Metadata("RuntimeNet8Path"),
                "--option", "build_property.LambdaArchitecture=arm64",
            ],
            TimeSpan.FromMinutes(2),
            "Roslyn 4.8.0 host");

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("roslyn 4.8.0.0", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("load-failed", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("AD0001", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8785", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"generated [1-9]", result.Output);
        Assert.Contains("diagnostic LK1001 Error ", result.Output, StringComparison.Ordinal);
        Assert.Contains("diagnostic LK4003 Warning ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"diagnostic CS\d{4} Error", result.Output);
    }

    public static TheoryData<string> Samples() =>
        [.. Directory.EnumerateDirectories(RepositoryPaths.Combine("samples")).Where(d => Directory.EnumerateFiles(d, "*.cs").Any()).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task The_samples_get_no_LambdaKit_diagnostic_and_no_analyzer_exception(string sample)
    {
        // The samples do nothing wrong: any LK diagnostic on them is a false alarm. Native AOT on, so LK2006 is armed.
        var usings = Path.Combine(_directory, "ImplicitUsings.cs");
        await File.WriteAllTextAsync(usings, string.Join("\n", ImplicitUsings.Select(n => $"global using {n};")));
        var sources = Directory.EnumerateFiles(RepositoryPaths.Combine("samples", sample), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var result = await DotnetCommand.RunAsync(
            [
                Metadata("Roslyn48HostPath"), usings, .. sources,
                "--analyzer", Shipped("LambdaKit.Analyzers"),
                "--analyzer", Shipped("LambdaKit.Generators"),
                "--reference", Metadata("RuntimeNet8Path"),
                "--option", "build_property.PublishAot=true",
            ],
            TimeSpan.FromMinutes(2),
            "Roslyn 4.8.0 host on " + sample);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("analyzers ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("load-failed", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("diagnostic LK", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("AD0001", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8785", result.Output, StringComparison.Ordinal); // a generator that threw
    }

    /// <summary>What the SDK's ImplicitUsings adds to a console project.</summary>
    private static readonly string[] ImplicitUsings = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static string Shipped(string project) =>
        RepositoryPaths.Combine("src", project, "bin", RepositoryPaths.Configuration, "netstandard2.0", project + ".dll");

    private static string Metadata(string key) =>
        typeof(Roslyn48LoadTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
