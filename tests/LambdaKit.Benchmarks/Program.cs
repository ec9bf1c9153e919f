using System.Globalization;

namespace LambdaKit.Benchmarks;

/// <summary>
/// Runs the LambdaKit benchmarks and prints each figure next to a baseline measured in the same run.
/// <c>dotnet run -c Release --project tests/LambdaKit.Benchmarks -- all</c>; see docs/benchmarks.md.
/// </summary>
internal static class Program
{
    private const string Usage = """
        Usage: LambdaKit.Benchmarks [all|throughput|startup|packaging|architectures|generator|analyzers|harness|cold|concurrency|editbuild] [options]
          throughput  warm invocations/s and allocated bytes per invocation: LambdaKit.Runtime vs a raw HttpClient loop
          startup     process start to first /next (Native AOT HelloAot) vs a Native AOT hello world's start to exit
          packaging   warm `dotnet publish` of HelloAot with vs without the Lambda targets; HelloAot's zip vs an HttpClient loop's
          architectures  HelloAot's Native AOT zip for arm64 vs x86_64 (size) and start-up to first /next under qemu
          generator   LambdaKit.Generators on 1,000 handlers (full run, re-run after an unrelated edit) vs System.Text.Json's
                      generator; LambdaKit's generated JSON metadata vs System.Text.Json's on API Gateway v2 and SQS events
          analyzers   every LambdaKit analyzer vs an empty analyzer on 1,000 handler files, compiler diagnostics included
          harness     invocations/s through LambdaTest (in-process) and LambdaProcess (Native AOT HelloAot) vs a direct call
                      of a generated handler
          cold        first and warm invocation of a fresh process: raw echo, Stream echo and typed API Gateway v2 functions
                      vs a minimal HttpClient loop, Native AOT and JIT
          concurrency Native AOT echo throughput at AWS_LAMBDA_MAX_CONCURRENCY 1, 4 and 16 with parallel invokers, and warm CPU
                      per invocation at 1, vs the HttpClient loop and vs the same echo on the runtime of --before-ref
          editbuild   `dotnet build` of a 200-handler function (edit and no-op, cold and warm, net8.0 and net10.0) with the
                      LambdaKit package vs its runtime library only, and the -p:ReportAnalyzer=true split
          all         everything (default)
        Options:
          --rounds N              throughput rounds per event, each running both loops (default 5)
          --warmup N              unmeasured invocations per loop before the window (default 5000)
          --invocations N         measured invocations per loop and round (default 20000)
          --startup-rounds N      launches of each program, also of each architecture build (default 20)
          --packaging-rounds N    warm publishes of each variant (default 5)
          --generator-rounds N    measured generator runs of each kind (default 20)
          --first-call-rounds N   fresh processes per serializer, event and round for the first-call cost (default 10)
          --serializer-rounds N   in-process throughput rounds per serializer and event (default 7)
          --analyzer-rounds N     measured analysis runs of each variant (default 10)
          --analyzer-split-rounds N  runs with the compiler's per-analyzer execution time (default 3)
          --harness-invocations N measured invocations per harness path and round (default 5000; rounds: --rounds)
          --cold-rounds N         fresh launches of each function and mode (default 10)
          --cold-warm N           warm invocations timed after each first one (default 100)
          --concurrency-invocations N  measured invocations per concurrency level and round (default 20000; rounds: --rounds)
          --before-ref COMMIT     the concurrency part's "before" LambdaKit.Runtime (default 31144d2, the parent of the
                                  concurrency workers' commit)
          --edit-build-rounds N   cold and warm rounds of edit-build benchmark, each building every variant (default 3)
          --edit-build-split-rounds N  cold edit builds with -p:ReportAnalyzer=true per framework (default 2)
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args is [EchoLoops.LoopArgument, var loop])
        {
            return await EchoLoops.RunAsync(loop);
        }

        if (!TryParse(args, out var command, out var settings))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        bool passed = true;
        if (command is "all" or "throughput")
        {
            passed &= await ThroughputBenchmark.RunAsync(settings);
        }

        if (command is "all" or "startup")
        {
            await StartupBenchmark.RunAsync(settings);
        }

        if (command is "all" or "packaging")
        {
            await PackagingBenchmark.RunAsync(settings);
        }

        if (command is "all" or "architectures")
        {
            await ArchitectureBenchmark.RunAsync(settings);
        }

        if (command is "all" or "generator")
        {
            passed &= GeneratorBenchmark.Run(settings);
            passed &= await SerializerBenchmark.RunAsync(settings);
        }

        if (command is "all" or "analyzers")
        {
            passed &= AnalyzerBenchmark.Run(settings);
        }

        if (command is "all" or "harness")
        {
            await HarnessBenchmark.RunAsync(settings);
        }

        if (command is "all" or "cold")
        {
            passed &= await ColdInvocationBenchmark.RunAsync(settings);
        }

        if (command is "all" or "concurrency")
        {
            await ConcurrencyBenchmark.RunAsync(settings);
        }

        if (command is "all" or "editbuild")
        {
            passed &= await EditBuildBenchmark.RunAsync(settings);
        }

        return passed ? 0 : 1;
    }

    private static bool TryParse(string[] args, out string command, out BenchmarkSettings settings)
    {
        command = "all";
        settings = new BenchmarkSettings();
        int i = 0;
        if (args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            command = args[0];
            i = 1;
            if (command is not ("all" or "throughput" or "startup" or "packaging" or "architectures" or "generator" or "analyzers" or "harness" or "cold" or "concurrency" or "editbuild"))
            {
                return false;
            }
        }

        for (; i < args.Length; i += 2)
        {
            if (args[i] == "--before-ref" && i + 1 < args.Length)
            {
                settings.BeforeRef = args[i + 1];
                continue;
            }

            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            {
                return false;
            }

            switch (args[i])
            {
                case "--rounds":
                    settings.Rounds = value;
                    break;
                case "--warmup":
                    settings.WarmupInvocations = value;
                    break;
                case "--invocations":
                    settings.MeasuredInvocations = value;
                    break;
                case "--startup-rounds":
                    settings.StartupRounds = value;
                    break;
                case "--packaging-rounds":
                    settings.PackagingRounds = value;
                    break;
                case "--generator-rounds":
                    settings.GeneratorRounds = value;
                    break;
                case "--first-call-rounds":
                    settings.FirstCallRounds = value;
                    break;
                case "--serializer-rounds":
                    settings.SerializerRounds = value;
                    break;
                case "--analyzer-rounds":
                    settings.AnalyzerRounds = value;
                    break;
                case "--analyzer-split-rounds":
                    settings.AnalyzerSplitRounds = value;
                    break;
                case "--harness-invocations":
                    settings.HarnessInvocations = value;
                    break;
                case "--cold-rounds":
                    settings.ColdRounds = value;
                    break;
                case "--cold-warm":
                    settings.ColdWarmInvocations = value;
                    break;
                case "--concurrency-invocations":
                    settings.ConcurrencyInvocations = value;
                    break;
                case "--edit-build-rounds":
                    settings.EditBuildRounds = value;
                    break;
                case "--edit-build-split-rounds":
                    settings.EditBuildSplitRounds = value;
                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}

internal sealed class BenchmarkSettings
{
    public int Rounds { get; set; } = 5;

    // Enough for tiered compilation to reach tier 1 (30 calls, then a 100 ms back-off) in both loops.
    public int WarmupInvocations { get; set; } = 5000;

    // Long enough (seconds, not fractions of one) that a scheduling hiccup on the VM barely moves a round's figure.
    public int MeasuredInvocations { get; set; } = 20000;

    public int StartupRounds { get; set; } = 20;

    // A warm incremental publish of the AOT sample takes seconds; five of each keep a run of this part near a minute.
    public int PackagingRounds { get; set; } = 5;

    public int GeneratorRounds { get; set; } = 20;

    public int FirstCallRounds { get; set; } = 10;

    public int SerializerRounds { get; set; } = 7;

    public int AnalyzerRounds { get; set; } = 10;

    public int AnalyzerSplitRounds { get; set; } = 3;
    public int HarnessInvocations { get; set; } = 5000;

    public int ColdRounds { get; set; } = 10;

    public int ColdWarmInvocations { get; set; } = 100;

    public int ConcurrencyInvocations { get; set; } = 20000;

    // The parent of 8fbff13, which added the AWS_LAMBDA_MAX_CONCURRENCY workers.
    public string BeforeRef { get; set; } = "31144d2";

    // Each round is 5 cold and 4 warm builds per framework: 3 keep this part to about five minutes on an idle machine.
    public int EditBuildRounds { get; set; } = 3;

    public int EditBuildSplitRounds { get; set; } = 2;
}
