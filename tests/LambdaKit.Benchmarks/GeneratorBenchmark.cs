using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using LambdaKit.Generators;
using LambdaKit.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LambdaKit.Benchmarks;

/// <summary>
/// LambdaKit.Generators on 1,000 <c>[LambdaFunction]</c> handlers in 100 files: a full run (fresh driver, fresh
/// compilation) and a re-run after an edit to an unrelated file, timed with <c>GeneratorDriver.GetTimingInfo()</c>,
/// against System.Text.Json's generator on a context for the same types and two generators that only find the handlers
/// (the floors: <c>ForAttributeWithMetadataName</c>, and the syntax provider LambdaKit's generator uses).
/// </summary>
internal static class GeneratorBenchmark
{
    private const int Files = 100;
    private const int HandlersPerFile = 10;
    private const double FullRunTargetMs = 100;
    // Issue 14: level with System.Text.Json's generator on the same types, and an unrelated edit costs a few milliseconds.
    private const double FullRunTargetRatio = 1.0;
    private const double RerunTargetMs = 10;
    // Roslyn is a large body of code: on this workload per-run times keep falling for 20-30 runs while the tiered JIT
    // recompiles it (the block medians printed below show the curve), so "warm" means after 30 runs, not after 5.
    private const int WarmupRuns = 30;
    private const int BlockSize = 10;
    private const int StepTimeRuns = 10;
    private const string OtherPath = "/src/Other.cs";

    // LambdaKit.Generators' step names (its TrackingNames class is internal to the generator and its tests).
    private static readonly string[] LambdaKitSteps = ["AttributedMethods", "Handlers", "HandlerSet", "Settings", "EntryPoint", "Serializer"];

    public static bool Run(BenchmarkSettings settings)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var sources = Sources();
        var references = ImmutableArray.CreateRange<MetadataReference>([.. Basic.Reference.Assemblies.Net80.References.All, MetadataReference.CreateFromFile(RuntimeNet8Path())]);
        Func<IIncrementalGenerator> jsonGenerator = SystemTextJsonGenerator.Create;
        var generators = new (string Name, Func<IIncrementalGenerator> Create)[]
        {
            ("LambdaKit.Generators", () => new LambdaFunctionGenerator()),
            ("System.Text.Json generator, context for the same types (baseline)", jsonGenerator),
            ("handler lookup only (ForAttributeWithMetadataName), emits nothing (floor)", () => new HandlerLookupGenerator()),
            ("attributed methods only (LambdaKit's syntax provider, constant transform), emits nothing (floor)", () => new AttributedMethodLookupGenerator()),
        };

        Console.WriteLine($"Generator: {Files * HandlersPerFile:N0} [LambdaFunction] handlers in {Files} files, {sources.Sum(s => s.Text.Length):N0} characters, compiled over the .NET 8 reference assemblies ...");
        bool cachedPassed = CheckOutputAndCaching(sources, parseOptions, references, jsonGenerator());

        var everyFull = generators.Select(_ => new List<double>()).ToArray();
        var everyRerun = generators.Select(_ => new List<double>()).ToArray();
        for (int run = 0; run < WarmupRuns + settings.GeneratorRounds; run++)
        {
            // Alternating order: whichever generator runs first in a round pays for any collection the previous round left.
            var order = Enumerable.Range(0, generators.Length);
            foreach (int g in run % 2 == 0 ? order : order.Reverse())
            {
                var (fullMs, rerunMs) = TimeRuns(generators[g].Create(), sources, parseOptions, references, run);
                everyFull[g].Add(fullMs);
                everyRerun[g].Add(rerunMs);
            }
        }

        var full = everyFull.Select(runs => runs.Skip(WarmupRuns).ToList()).ToArray();
        var rerun = everyRerun.Select(runs => runs.Skip(WarmupRuns).ToList()).ToArray();

        var table = new Table("generator (GetTimingInfo, warm)", "full run median ms", "min ms", "max ms", "re-run median ms", "min ms", "max ms");
        for (int g = 0; g < generators.Length; g++)
        {
            table.Add(generators[g].Name, Stats.Format(Stats.Median(full[g]), "F1"), Stats.Format(full[g].Min(), "F1"), Stats.Format(full[g].Max(), "F1"), Stats.Format(Stats.Median(rerun[g]), "F1"), Stats.Format(rerun[g].Min(), "F1"), Stats.Format(rerun[g].Max(), "F1"));
        }

        Console.WriteLine($"{WarmupRuns} unmeasured runs, then {settings.GeneratorRounds} of each generator (alternating order). Full run: a new driver on a newly parsed compilation; re-run: the same driver after an edit to {OtherPath}, which has no handler.");
        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine($"Full-run median of each block of {BlockSize} runs, warm-up included (the first {WarmupRuns / BlockSize} blocks are not measured):");
        for (int g = 0; g < generators.Length; g++)
        {
            var blocks = everyFull[g].Chunk(BlockSize).Select(block => Stats.Format(Stats.Median(block.ToList()), "F0"));
            Console.WriteLine($"  {generators[g].Name}: {string.Join(", ", blocks)} ms");
        }

        Console.WriteLine();
        Func<Compilation> compile = () => Compile(sources, parseOptions, references);
        Console.WriteLine($"Where the full run goes: every tracked step's elapsed time (Roslyn's own steps included), median of {StepTimeRuns} full runs with step tracking on:");
        GeneratorStepTimes.PrintFullRun("LambdaKit", generators[0].Create, compile, StepTimeRuns);
        GeneratorStepTimes.PrintFullRun("System.Text.Json", generators[1].Create, compile, StepTimeRuns);
        Console.WriteLine($"Where the re-run goes: every tracked step's elapsed time (the floor's ForAttributeWithMetadataName steps included), median of {StepTimeRuns} re-runs with step tracking on:");
        GeneratorStepTimes.PrintRerun("LambdaKit", generators[0].Create, compile, (c, run) => EditOther(c, parseOptions, run), StepTimeRuns);
        GeneratorStepTimes.PrintRerun("floor", generators[2].Create, compile, (c, run) => EditOther(c, parseOptions, run), StepTimeRuns);
        bool fullPassed = Stats.Median(full[0]) < FullRunTargetMs;
        Console.WriteLine($"Target: full run under {FullRunTargetMs:F0} ms warm (median): {(fullPassed ? "PASS" : "FAIL")} ({Stats.Format(Stats.Median(full[0]), "F1")} ms)");
        double fullRatio = Stats.Median(full[0]) / Stats.Median(full[1]);
        bool ratioPassed = fullRatio <= FullRunTargetRatio;
        Console.WriteLine($"Target: full run at most {FullRunTargetRatio:F1}x System.Text.Json's generator (medians): {(ratioPassed ? "PASS" : "FAIL")} ({Stats.Format(fullRatio, "F2")}x)");
        Console.WriteLine($"Target: the re-run after an unrelated edit regenerates no output: {(cachedPassed ? "PASS" : "FAIL")}");
        bool rerunPassed = Stats.Median(rerun[0]) <= RerunTargetMs;
        Console.WriteLine($"Target: the re-run after an unrelated edit at most {RerunTargetMs:F0} ms (median): {(rerunPassed ? "PASS" : "FAIL")} ({Stats.Format(Stats.Median(rerun[0]), "F1")} ms)");
        Console.WriteLine();
        return fullPassed && ratioPassed && cachedPassed && rerunPassed;
    }

    /// <summary>One full run and one re-run of <paramref name="generator"/>, in milliseconds, without step tracking (as the compiler runs).</summary>
    private static (double Full, double Rerun) TimeRuns(IIncrementalGenerator generator, IReadOnlyList<(string Path, string Text)> sources, CSharpParseOptions parseOptions, ImmutableArray<MetadataReference> references, int run)
    {
        // A newly parsed compilation: no symbol or binding state left over from an earlier run.
        var compilation = Compile(sources, parseOptions, references);
        GeneratorDriver driver = CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], parseOptions: parseOptions);
        driver = driver.RunGenerators(compilation);
        double full = driver.GetTimingInfo().ElapsedTime.TotalMilliseconds;
        driver = driver.RunGenerators(EditOther(compilation, parseOptions, run));
        return (full, driver.GetTimingInfo().ElapsedTime.TotalMilliseconds);
    }

    /// <summary>
    /// With step tracking: the sources compile without errors with both generators' output (so both measured workloads
    /// are real), and after an unrelated edit every LambdaKit step is Cached or Unchanged and every source output Cached.
    /// </summary>
    private static bool CheckOutputAndCaching(IReadOnlyList<(string Path, string Text)> sources, CSharpParseOptions parseOptions, ImmutableArray<MetadataReference> references, IIncrementalGenerator jsonGenerator)
    {
        var compilation = Compile(sources, parseOptions, references);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new LambdaFunctionGenerator().AsSourceGenerator(), jsonGenerator.AsSourceGenerator()],
            parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        var generated = LambdaKitResult(driver).GeneratedSources;
        string registration = generated.Single(s => s.HintName == "LambdaFunctions.g.cs").SourceText.ToString();
        int registered = Enumerable.Range(0, Files).Sum(i => Enumerable.Range(0, HandlersPerFile).Count(j => registration.Contains($"\"{FunctionName(i, j)}\"", StringComparison.Ordinal)));
        if (errors.Count > 0 || registered != Files * HandlersPerFile)
        {
            throw new InvalidOperationException($"The benchmark's handlers do not generate cleanly: {registered} of {Files * HandlersPerFile} registered; {string.Join("; ", errors)}");
        }

        var jsonSources = driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() != typeof(LambdaFunctionGenerator)).GeneratedSources;
        Console.WriteLine($"Generated by LambdaKit: {string.Join(", ", generated.Select(s => $"{s.HintName} {s.SourceText.Length:N0} chars"))}; by System.Text.Json: {jsonSources.Length} files, {jsonSources.Sum(s => s.SourceText.Length):N0} chars; the output compiles without errors.");

        var rerun = LambdaKitResult(driver.RunGenerators(EditOther(compilation, parseOptions, 1)));
        var problems = new List<string>();
        foreach (string step in LambdaKitSteps)
        {
            if (!rerun.TrackedSteps.TryGetValue(step, out var runs))
            {
                problems.Add($"step {step} did not run");
                continue;
            }

            problems.AddRange(runs.SelectMany(r => r.Outputs).Where(o => o.Reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)).Select(o => $"step {step}: {o.Reason}"));
        }

        problems.AddRange(rerun.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Where(o => o.Reason != IncrementalStepRunReason.Cached).Select(o => $"source output: {o.Reason}"));
        var reasons = rerun.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Count()} {g.Key}");
        Console.WriteLine($"Re-run after an unrelated edit, tracked: source outputs {string.Join(", ", reasons)}; {(problems.Count == 0 ? "every LambdaKit step Cached or Unchanged" : string.Join("; ", problems.Distinct()))}.");
        return problems.Count == 0;
    }

    private static GeneratorRunResult LambdaKitResult(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(LambdaFunctionGenerator));

    private static CSharpCompilation Compile(IReadOnlyList<(string Path, string Text)> sources, CSharpParseOptions parseOptions, ImmutableArray<MetadataReference> references) =>
        CSharpCompilation.Create(
            "Functions",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, s.Path, Encoding.UTF8)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The compilation with <see cref="OtherPath"/> edited; the edit differs from run to run, so it is always a real change.</summary>
    private static Compilation EditOther(Compilation compilation, CSharpParseOptions parseOptions, int run)
    {
        var other = compilation.SyntaxTrees.Single(t => t.FilePath == OtherPath);
        return compilation.ReplaceSyntaxTree(other, CSharpSyntaxTree.ParseText(OtherSource(run + 1), parseOptions, OtherPath, Encoding.UTF8));
    }

    internal static string OtherSource(int answer) => $"namespace App;\n\npublic static class Other\n{{\n    public static int Answer => {answer};\n}}\n";

    private static string FunctionName(int file, int handler) => $"f{file}-{handler}";

    /// <summary>
    /// 100 files of 10 handlers in the shapes users write (static and instance, sync and async, context, cancellation,
    /// Stream, no input, event types), each file with its own request and response types; a file with an unrelated
    /// class; and a System.Text.Json context that registers every handler's input and output type, for the baseline.
    /// </summary>
    internal static List<(string Path, string Text)> Sources(int files = Files)
    {
        var sources = new List<(string Path, string Text)>();
        var context = new StringBuilder("""
            using System.Collections.Generic;
            using System.Text.Json.Serialization;
            using LambdaKit.Events;

            namespace App;

            [JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
            [JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest))]
            [JsonSerializable(typeof(APIGatewayHttpApiV2ProxyResponse))]
            [JsonSerializable(typeof(SQSEvent))]
            [JsonSerializable(typeof(SQSBatchResponse))]
            [JsonSerializable(typeof(string))]

            """);
        for (int i = 0; i < files; i++)
        {
            string n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            string F(int j) => FunctionName(i, j);
            sources.Add(($"/src/Module{n}.cs", $$"""
                using System;
                using System.Collections.Generic;
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;
                using LambdaKit;
                using LambdaKit.Events;
                using LambdaKit.Runtime;

                namespace App.Module{{n}};

                public enum Status{{n}} { Pending, Accepted, Rejected }

                public sealed record Address{{n}}(string Street, string City, string? PostalCode);

                public sealed record Order{{n}}Request(string OrderId, int Quantity, decimal Price, DateTimeOffset PlacedAt, List<string> Tags, Address{{n}}? ShipTo);

                public sealed class Order{{n}}Response
                {
                    public required string OrderId { get; init; }

                    public Status{{n}} Status { get; set; }

                    public string? Message { get; set; }

                    public Dictionary<string, int>? Counts { get; set; }
                }

                public sealed class Orders{{n}}
                {
                    private int _placed;

                    [LambdaFunction(Name = "{{F(0)}}", MemorySize = 512)]
                    public Task<Order{{n}}Response> Place(Order{{n}}Request request, ILambdaContext context)
                    {
                        _placed++;
                        return Task.FromResult(new Order{{n}}Response { OrderId = request.OrderId, Status = Status{{n}}.Accepted, Message = context.AwsRequestId });
                    }

                    [LambdaFunction(Name = "{{F(1)}}")]
                    public static ValueTask<Order{{n}}Response> Quote(Order{{n}}Request request, CancellationToken cancellationToken) =>
                        ValueTask.FromResult(new Order{{n}}Response { OrderId = request.OrderId });

                    [LambdaFunction(Name = "{{F(2)}}")]
                    public static Order{{n}}Response Check(Order{{n}}Request request) => new() { OrderId = request.OrderId, Status = Status{{n}}.Pending };

                    [LambdaFunction(Name = "{{F(3)}}", Timeout = 30)]
                    public static Task Cancel(Order{{n}}Request request, ILambdaContext context, CancellationToken cancellationToken) => Task.CompletedTask;

                    [LambdaFunction(Name = "{{F(4)}}")]
                    public static Stream Raw(Stream input) => input;

                    [LambdaFunction(Name = "{{F(5)}}")]
                    public static void Ping()
                    {
                    }

                    [LambdaFunction(Name = "{{F(6)}}")]
                    public static APIGatewayHttpApiV2ProxyResponse Http(APIGatewayHttpApiV2ProxyRequest request) =>
                        new() { StatusCode = 200, Body = request.RawPath };

                    [LambdaFunction(Name = "{{F(7)}}")]
                    public static Task<SQSBatchResponse> Drain(SQSEvent batch, ILambdaContext context) => Task.FromResult(new SQSBatchResponse());

                    [LambdaFunction(Name = "{{F(8)}}")]
                    public List<Order{{n}}Response> Recent(Address{{n}} address) => [new() { OrderId = address.City, Counts = new() { ["placed"] = _placed } }];

                    [LambdaFunction(Name = "{{F(9)}}")]
                    public static Status{{n}} StatusOf(string orderId) => orderId.Length > 0 ? Status{{n}}.Accepted : Status{{n}}.Rejected;
                }

                """));
            foreach (string type in new[] { $"Module{n}.Order{n}Request", $"Module{n}.Order{n}Response", $"List<Module{n}.Order{n}Response>", $"Module{n}.Address{n}", $"Module{n}.Status{n}" })
            {
                context.Append("[JsonSerializable(typeof(").Append(type).Append("))]\n");
            }
        }

        context.Append("internal sealed partial class StjContext : JsonSerializerContext;\n");
        sources.Add(("/src/StjContext.cs", context.ToString()));
        sources.Add((OtherPath, OtherSource(0)));
        return sources;
    }

    internal static string RuntimeNet8Path()
    {
        string path = typeof(GeneratorBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RuntimeNet8Path").Value!;
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the benchmark with `dotnet build` (it builds LambdaKit.Runtime for net8.0).");
    }

    /// <summary>A floor: finds the <c>[LambdaFunction]</c> methods with <c>ForAttributeWithMetadataName</c>, and emits nothing.</summary>
    private sealed class HandlerLookupGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var names = context.SyntaxProvider
                .ForAttributeWithMetadataName("LambdaKit.LambdaFunctionAttribute", static (node, _) => node is MethodDeclarationSyntax, static (c, _) => c.TargetSymbol.Name)
                .Collect();
            context.RegisterSourceOutput(names, static (_, _) => { });
        }
    }

    /// <summary>
    /// A floor: LambdaKit's syntax provider (every method with an attribute) with a transform that returns a constant,
    /// so what is left is Roslyn pairing each candidate with the new compilation and calling the transform.
    /// </summary>
    private sealed class AttributedMethodLookupGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var found = context.SyntaxProvider
                .CreateSyntaxProvider(static (node, _) => node is MethodDeclarationSyntax { AttributeLists.Count: > 0 }, static (_, _) => true)
                .Collect();
            context.RegisterSourceOutput(found, static (_, _) => { });
        }
    }
}
