using System.Diagnostics;
using System.Globalization;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Generators.Tests.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace LambdaKit.Generators.Tests.Fuzzing;

/// <summary>
/// Mutants of the samples and of this project's test inputs through the generator and every LambdaKit analyzer: neither
/// throws, and the generator's output compiles whenever the mutant does. A short seeded run is part of the tests; <c>LAMBDAKIT_FUZZ_MUTANTS</c> (count) and
/// <c>LAMBDAKIT_FUZZ_SEED</c> make a long one (docs/robustness.md).
/// </summary>
public sealed class CompilerFuzzTests(ITestOutputHelper output)
{
    private const int ShortRun = 120;


    private static readonly Lazy<IIncrementalGenerator> JsonGenerator = new(LambdaKit.Tests.Shared.SystemTextJsonGenerator.Create);

    [Fact]
    public void Generator_and_analyzers_never_throw_and_generated_output_compiles_whenever_the_input_does()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("LAMBDAKIT_FUZZ_MUTANTS"), out var asked) && asked > 0 ? asked : ShortRun;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LAMBDAKIT_FUZZ_SEED"), out var given) ? given : 20261205;
        var random = new Random(seed);
        var seeds = Seeds();
        var failures = new List<string>();
        int compiling = 0;
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < count && failures.Count < 5; i++)
        {
            var seedProject = seeds[random.Next(seeds.Count)];
            var mutant = Mutator.Mutate(seedProject.Files, random, out var operation);
            var outputKind = random.Next(2) == 0 ? OutputKind.DynamicallyLinkedLibrary : OutputKind.ConsoleApplication;
            var problem = Check(mutant, outputKind, random.Next(2) == 0, ref compiling);
            if (problem is not null)
            {
                failures.Add($"mutant {i} ({seedProject.Name}, {operation}, {outputKind}): {problem}\n{string.Join("\n// ---- next file\n", mutant)}");
            }
        }

        clock.Stop();
        output.WriteLine($"{count} mutants (seed {seed}, {seeds.Count} seed projects, generator and {ShippedAnalyzers.Count} analyzers), {compiling} compiling, in {clock.Elapsed.TotalSeconds:F1} s: {count / clock.Elapsed.TotalSeconds:F1} mutants/s");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    /// <summary>Why the mutant fails the two properties; null when it holds them.</summary>
    private static string? Check(string[] files, OutputKind outputKind, bool publishAot, ref int compiling)
    {
        var builder = HandlerTestHost.Builder(CompilationBuilder.SdkImplicitUsings, outputKind, amazon: true)
            .WithGlobalOption("build_property.PublishAot", publishAot ? "true" : "false")
            .WithGlobalOption("build_property.PublishReadyToRun", "false")
            .WithGlobalOption("build_property.LambdaArchitecture", "arm64");
        foreach (var file in files)
        {
            builder.WithSource(file);
        }

        // "The input compiles" with System.Text.Json's generator, which user contexts need, as in a real build.
        var input = builder.BuildCompilation("Mutant");
        var (_, withJson, _) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, JsonGenerator.Value), input);
        var inputCompiles = !withJson.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        var (_, generated, result) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new LambdaFunctionGenerator(), JsonGenerator.Value), input);
        if (result.Results[0].Exception is { } exception)
        {
            return "the generator threw " + exception;
        }

        // CS8785: a generator failed (the driver reports an exception it caught as this warning); System.Text.Json's is not ours.
        if (result.Diagnostics.FirstOrDefault(d => d.Id == "CS8785" && d.GetMessage(CultureInfo.InvariantCulture).Contains(nameof(LambdaFunctionGenerator), StringComparison.Ordinal)) is { } failed)
        {
            return failed.ToString();
        }

        if (ShippedAnalyzers.Exceptions(generated, builder.BuildAnalyzerOptions()) is [_, ..] thrown)
        {
            return "an analyzer threw:\n" + string.Join("\n", thrown);
        }

        if (!inputCompiles)
        {
            return null;
        }

        compiling++;
        var errors = generated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return errors.Count == 0 ? null : "the input compiles, the generated code does not:\n" + string.Join("\n", errors)
            + "\n" + string.Join("\n", result.Results[0].GeneratedSources.Select(s => "// " + s.HintName + "\n" + s.SourceText));
    }

    /// <summary>The samples (one project each) and every test input of this project that declares a handler.</summary>
    private static List<(string Name, string[] Files)> Seeds()
    {
        var seeds = new List<(string Name, string[] Files)>();
        foreach (var sample in new[] { "HelloAot", "HelloManaged", "MultiFunction" })
        {
            var directory = RepositoryPaths.Combine("samples", sample);
            seeds.Add((sample, Directory.GetFiles(directory, "*.cs").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray()));
        }

        foreach (var path in Directory.GetFiles(RepositoryPaths.Combine("tests", "LambdaKit.Generators.Tests", "Handlers"), "*.cs").Order(StringComparer.Ordinal))
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(path));
            foreach (var literal in tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>())
            {
                if (literal.IsKind(SyntaxKind.StringLiteralExpression) && literal.Token.ValueText.Contains("LambdaFunction", StringComparison.Ordinal)
                    && literal.Token.ValueText.Contains('{'))
                {
                    // Most inputs are written as HandlerTestHost.Usings + "...": the usings are the other half of the source
                    // (not for Amazon.Lambda.Core's, whose ILambdaContext would then be ambiguous).
                    var text = literal.Token.ValueText;
                    var source = text.Contains("Amazon.Lambda.Core", StringComparison.Ordinal) || text.Contains("using LambdaKit;", StringComparison.Ordinal)
                        ? text
                        : HandlerTestHost.Usings + text;
                    seeds.Add((Path.GetFileName(path) + ":" + (literal.GetLocation().GetLineSpan().StartLinePosition.Line + 1), [source]));
                }
            }
        }

        return seeds;
    }
}
