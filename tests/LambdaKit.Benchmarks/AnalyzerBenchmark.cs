using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Benchmarks;

/// <summary>
/// Every LambdaKit analyzer (loaded from LambdaKit.Analyzers.dll as the compiler loads it) against an analyzer that
/// registers nothing, on 1,000 files with a handler and typical non-handler code each: the time of
/// <c>CompilationWithAnalyzers.GetAllDiagnosticsAsync</c> (compiler diagnostics included) on a fresh compilation, and
/// the diagnostic counts, which are asserted (one LK2001 in every tenth file, no compiler error).
/// </summary>
internal static class AnalyzerBenchmark
{
    private const int Files = 1000;
    private const int HazardEvery = 10;
    private const double TargetRatio = 1.05;
    private const int WarmupRuns = 5;
    private const string ArchitectureWideAnalyzer = "X86IntrinsicsAnalyzer";

    private static readonly ImmutableDictionary<string, string> BuildProperties = ImmutableDictionary<string, string>.Empty
        .Add("build_property.PublishAot", "true")
        .Add("build_property.PublishReadyToRun", "false")
        .Add("build_property.LambdaArchitecture", "arm64");

    public static bool Run(BenchmarkSettings settings)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = Enumerable.Range(0, Files).Select(i => CSharpSyntaxTree.ParseText(SourceText.From(Source(i), Encoding.UTF8), parseOptions, $"/src/File{i:0000}.cs")).ToImmutableArray();
        var references = ImmutableArray.CreateRange<MetadataReference>([.. Basic.Reference.Assemblies.Net80.References.All, MetadataReference.CreateFromFile(GeneratorBenchmark.RuntimeNet8Path())]);
        var lambdaKit = LambdaKitAnalyzers();
        var variants = new (string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers)[]
        {
            ($"all LambdaKit analyzers ({lambdaKit.Length})", lambdaKit),
            ("empty analyzer (baseline)", [new EmptyAnalyzer()]),

            // Attribution, not the target: the one analyzer that asks for every method body's operations here (LK4003 on arm64).
            ($"all but {ArchitectureWideAnalyzer} ({lambdaKit.Length - 1})", lambdaKit.RemoveAll(a => a.GetType().Name == ArchitectureWideAnalyzer)),

            // Attribution: what any analyzer that looks at methods costs, one empty symbol action (the compiler's events and declarations).
            ("one no-op method symbol action (floor)", [new MethodFloorAnalyzer()]),
        };

        Console.WriteLine($"Analyzers: {Files:N0} files ({Files:N0} handlers, every {HazardEvery}th creating an HttpClient per invocation), {trees.Sum(t => t.Length):N0} characters, .NET 8 reference assemblies; PublishAot=true, LambdaArchitecture=arm64 ...");
        var times = variants.Select(_ => new List<double>()).ToArray();
        var counts = new (int Compiler, int LambdaKit, int Exceptions)[variants.Length];
        for (int run = 0; run < WarmupRuns + settings.AnalyzerRounds; run++)
        {
            var order = Enumerable.Range(0, variants.Length);
            foreach (int v in run % 2 == 0 ? order : order.Reverse())
            {
                var (ms, count) = TimeRun(variants[v].Analyzers, trees, references);
                counts[v] = count;
                if (run >= WarmupRuns)
                {
                    times[v].Add(ms);
                }
            }
        }

        var table = new Table("analyzers (GetAllDiagnosticsAsync, fresh compilation, warm)", "median ms", "min ms", "max ms", "compiler diagnostics", "LK diagnostics", "exceptions");
        for (int v = 0; v < variants.Length; v++)
        {
            table.Add(variants[v].Name, Stats.Format(Stats.Median(times[v]), "F0"), Stats.Format(times[v].Min(), "F0"), Stats.Format(times[v].Max(), "F0"), counts[v].Compiler.ToString(), counts[v].LambdaKit.ToString(), counts[v].Exceptions.ToString());
        }

        Console.WriteLine($"{WarmupRuns} unmeasured runs, then {settings.AnalyzerRounds} of each (alternating order).");
        Console.WriteLine();
        Console.WriteLine(table);

        var expectedLambdaKit = Files / HazardEvery;
        bool countsPassed = counts[0].LambdaKit == expectedLambdaKit && counts[1].LambdaKit == 0 && counts[2].LambdaKit == expectedLambdaKit && counts[3].LambdaKit == 0
            && counts.All(c => c.Exceptions == 0) && counts.All(c => c.Compiler == counts[1].Compiler);
        Console.WriteLine($"Diagnostic counts: {expectedLambdaKit} LK2001 expected, the same compiler diagnostics in both, no exception: {(countsPassed ? "PASS" : "FAIL")}");
        Console.WriteLine($"Ratio without {ArchitectureWideAnalyzer} (attribution only): {Stats.Format(Stats.Median(times[2]) / Stats.Median(times[1]), "F3")}x; one no-op method symbol action: {Stats.Format(Stats.Median(times[3]) / Stats.Median(times[1]), "F3")}x");
        double ratio = Stats.Median(times[0]) / Stats.Median(times[1]);
        bool ratioPassed = ratio <= TargetRatio;
        Console.WriteLine($"Ratio (median, all LambdaKit analyzers / empty analyzer): {Stats.Format(ratio, "F3")}x; target <= {Stats.Format(TargetRatio, "F2")}x: {(ratioPassed ? "PASS" : "FAIL")}");
        Console.WriteLine();
        PrintSplit(lambdaKit, trees, references, settings.AnalyzerSplitRounds);
        return countsPassed && ratioPassed;
    }

    /// <summary>
    /// Where the LambdaKit analyzers' time goes: the compiler's own per-analyzer execution time
    /// (<c>logAnalyzerExecutionTime</c>, which slows the run, so these runs are not the timed ones), median per analyzer.
    /// </summary>
    private static void PrintSplit(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references, int rounds)
    {
        var times = analyzers.ToDictionary(a => a, _ => new List<double>());
        for (int round = 0; round < rounds; round++)
        {
            var result = CreateCompilation(trees, references).WithAnalyzers(analyzers, AnalysisOptions(logExecutionTime: true, () => { }))
                .GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
            foreach (var analyzer in analyzers)
            {
                times[analyzer].Add(result.AnalyzerTelemetryInfo[analyzer].ExecutionTime.TotalMilliseconds);
            }
        }

        var table = new Table($"analyzer execution time (compiler telemetry, median of {rounds} runs)", "median ms", "min ms", "max ms");
        foreach (var (analyzer, values) in times.OrderByDescending(t => Stats.Median(t.Value)))
        {
            table.Add(analyzer.GetType().Name, Stats.Format(Stats.Median(values), "F0"), Stats.Format(values.Min(), "F0"), Stats.Format(values.Max(), "F0"));
        }

        table.Add("sum of medians", Stats.Format(times.Values.Sum(Stats.Median), "F0"), string.Empty, string.Empty);
        Console.WriteLine(table);
    }

    private static (double Ms, (int Compiler, int LambdaKit, int Exceptions) Counts) TimeRun(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references)
    {
        // A new compilation each run: nothing bound by the previous run is reused.
        var compilation = CreateCompilation(trees, references);
        int exceptions = 0;
        var options = AnalysisOptions(logExecutionTime: false, () => Interlocked.Increment(ref exceptions));
        var clock = Stopwatch.StartNew();
        var diagnostics = compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        clock.Stop();
        int lambdaKit = diagnostics.Count(d => d.Id.StartsWith("LK", StringComparison.Ordinal));
        exceptions += diagnostics.Count(d => d.Id is "AD0001" or "AD0002");
        int compilerErrors = diagnostics.Count(d => d.Id.StartsWith("CS", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
        if (compilerErrors > 0)
        {
            throw new InvalidOperationException($"The generated files do not compile: {diagnostics.First(d => d.Severity == DiagnosticSeverity.Error)}");
        }

        return (clock.Elapsed.TotalMilliseconds, (diagnostics.Count(d => d.Id.StartsWith("CS", StringComparison.Ordinal)), lambdaKit, exceptions));
    }

    private static CSharpCompilation CreateCompilation(ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references) =>
        CSharpCompilation.Create("Functions", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static CompilationWithAnalyzersOptions AnalysisOptions(bool logExecutionTime, Action onException) => new(
        new AnalyzerOptions([], new Properties(BuildProperties)),
        (_, _, _) => onException(),
        concurrentAnalysis: true,
        logAnalyzerExecutionTime: logExecutionTime);

    /// <summary>One handler type (every tenth with a per-invocation HttpClient) and non-handler code: a record, LINQ, a loop, string work, a /tmp write.</summary>
    private static string Source(int i) => $$"""
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Net.Http;
        using System.Text;
        using System.Threading.Tasks;
        using LambdaKit;

        namespace Shop.Part{{i}};

        public sealed record Order{{i}}(string Id, decimal[] Amounts, string? Note);

        public sealed record Receipt{{i}}(string Id, decimal Total, int Lines);

        public sealed class Handler{{i}}
        {
            private static readonly HttpClient Shared = new();

            [LambdaFunction(Name = "order-{{i}}")]
            public async Task<Receipt{{i}}> HandleAsync(Order{{i}} order)
            {
                {{(i % HazardEvery == 0 ? "using var http = new HttpClient();" : "var http = Shared;")}}
                var total = Pricing{{i}}.Total(order.Amounts);
                var text = await http.GetStringAsync("https://example.com/orders/" + order.Id);
                await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), order.Id + ".txt"), text);
                return new Receipt{{i}}(order.Id, total, Pricing{{i}}.Describe(order).Count);
            }
        }

        public static class Pricing{{i}}
        {
            public static decimal Total(IEnumerable<decimal> amounts)
            {
                decimal total = 0;
                foreach (var amount in amounts.Where(a => a > 0))
                {
                    total += Math.Round(amount * 1.2m, 2);
                }

                return total;
            }

            public static List<string> Describe(Order{{i}} order)
            {
                var lines = new List<string>();
                var builder = new StringBuilder();
                for (int n = 0; n < order.Amounts.Length; n++)
                {
                    builder.Clear().Append(order.Id).Append('#').Append(n).Append(": ").Append(order.Amounts[n].ToString("F2"));
                    if (order.Note is { Length: > 0 } note)
                    {
                        builder.Append(" (").Append(note.Trim()).Append(')');
                    }

                    lines.Add(builder.ToString());
                }

                return lines.OrderBy(l => l, StringComparer.Ordinal).ToList();
            }

            public static Dictionary<string, int> Histogram(IEnumerable<Order{{i}}> orders) =>
                orders.GroupBy(o => o.Note ?? "none").ToDictionary(g => g.Key, g => g.Count());
        }
        """;

    private static ImmutableArray<DiagnosticAnalyzer> LambdaKitAnalyzers()
    {
        string path = typeof(AnalyzerBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AnalyzersPath").Value!;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: build the benchmark with `dotnet build -c Release` (it builds LambdaKit.Analyzers).");
        }

        return new AnalyzerFileReference(path, new Loader()).GetAnalyzers(LanguageNames.CSharp);
    }

#pragma warning disable RS1001, RS1025, RS1026 // The baseline: an analyzer that asks for nothing.
    private sealed class EmptyAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [];

        public override void Initialize(AnalysisContext context)
        {
        }
    }

    private sealed class MethodFloorAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(_ => { }, SymbolKind.Method);
        }
    }
#pragma warning restore RS1001, RS1025, RS1026

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }

    private sealed class Properties(ImmutableDictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        private static readonly Options None = new(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;
    }

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
