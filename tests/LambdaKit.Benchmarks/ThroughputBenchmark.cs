using System.Diagnostics;
using System.Globalization;
using LambdaKit.Testing;

namespace LambdaKit.Benchmarks;

/// <summary>
/// Warm invocations through the emulator: LambdaKit.Runtime's loop against a raw HttpClient loop, each in its own
/// child process, driven by the same sequential <see cref="RuntimeApiEmulator.InvokeAsync(ReadOnlyMemory{byte}, InvokeOptions?, CancellationToken)"/> calls.
/// </summary>
internal static class ThroughputBenchmark
{
    private const double MinThroughputRatio = 0.9;
    private const double MaxBytesBeyondPayload = 2048;
    private static readonly string[] Loops = [EchoLoops.Raw, EchoLoops.LambdaKit];

    /// <summary>Runs every round and prints the table; returns whether LambdaKit met both targets on every event.</summary>
    public static async Task<bool> RunAsync(BenchmarkSettings settings)
    {
        Console.WriteLine($"Warm invocation throughput: {settings.Rounds} rounds per event, each loop in a fresh child process; "
            + $"{settings.WarmupInvocations} warm-up then {settings.MeasuredInvocations} measured sequential invocations; medians over rounds "
            + "(after one unmeasured run of each loop that warms up the host).");

        // The host's emulator code tiers up over the first runs too: without this unmeasured pass the first rounds
        // are markedly slower than the later ones, whichever loop runs in them.
        foreach (string loop in Loops)
        {
            await RunLoopAsync(loop, Events.ApiGatewayV2.Payload, settings);
        }

        bool passed = true;
        var table = new Table("event", "payload B", "loop", "invocations/s", "ratio", "alloc B/inv", "gen0 GCs/1k inv");
        var verdicts = new List<string>();
        foreach (var benchmarkEvent in new[] { Events.ApiGatewayV2, Events.Small })
        {
            var results = Loops.ToDictionary(loop => loop, _ => new List<LoopResult>());
            for (int round = 0; round < settings.Rounds; round++)
            {
                // Alternate the order so that drift on the VM (other tenants, thermal, page cache) hits both loops alike.
                foreach (string loop in round % 2 == 0 ? Loops : Loops.Reverse())
                {
                    var result = await RunLoopAsync(loop, benchmarkEvent.Payload, settings);
                    results[loop].Add(result);
                    Console.WriteLine($"  {benchmarkEvent.Name}, round {round + 1}, {loop}: {Stats.Format(result.InvocationsPerSecond, "F0")} inv/s, {Stats.Format(result.BytesPerInvocation, "F0")} B/inv");
                }
            }

            var raw = results[EchoLoops.Raw];
            var lambdaKit = results[EchoLoops.LambdaKit];
            double rawThroughput = Stats.Median(raw.Select(r => r.InvocationsPerSecond).ToList());
            double lambdaKitThroughput = Stats.Median(lambdaKit.Select(r => r.InvocationsPerSecond).ToList());

            // Each round's ratio compares two runs made back to back; its median is steadier than a ratio of medians.
            double ratio = Stats.Median(lambdaKit.Zip(raw, (k, r) => k.InvocationsPerSecond / r.InvocationsPerSecond).ToList());
            double rawBytes = Stats.Median(raw.Select(r => r.BytesPerInvocation).ToList());
            double lambdaKitBytes = Stats.Median(lambdaKit.Select(r => r.BytesPerInvocation).ToList());
            string payload = benchmarkEvent.Payload.Length.ToString(CultureInfo.InvariantCulture);
            table.Add(benchmarkEvent.Name, payload, "raw HttpClient loop", Stats.Format(rawThroughput, "F0"), "1.00", Stats.Format(rawBytes, "F0"), Stats.Format(Stats.Median(raw.Select(r => r.Gen0PerThousand).ToList()), "F2"));
            table.Add(string.Empty, string.Empty, "LambdaKit.Runtime", Stats.Format(lambdaKitThroughput, "F0"), Stats.Format(ratio, "F2"), Stats.Format(lambdaKitBytes, "F0"), Stats.Format(Stats.Median(lambdaKit.Select(r => r.Gen0PerThousand).ToList()), "F2"));

            bool fastEnough = ratio >= MinThroughputRatio;
            double beyondPayload = lambdaKitBytes - benchmarkEvent.Payload.Length;
            bool leanEnough = beyondPayload < MaxBytesBeyondPayload;
            passed &= fastEnough && leanEnough;
            verdicts.Add($"{Verdict(fastEnough)}  {benchmarkEvent.Name}: LambdaKit throughput ≥ {MinThroughputRatio:F1}× raw loop (median of per-round ratios: {Stats.Format(ratio, "F2")}×)");
            verdicts.Add($"{Verdict(leanEnough)}  {benchmarkEvent.Name}: LambdaKit allocates < {MaxBytesBeyondPayload:F0} B per warm invocation beyond the {payload} B payload ({Stats.Format(lambdaKitBytes, "F0")} B/inv in total)");
        }

        Console.WriteLine();
        Console.WriteLine(table);
        foreach (string verdict in verdicts)
        {
            Console.WriteLine(verdict);
        }

        Console.WriteLine();
        return passed;
    }

    private static string Verdict(bool passed) => passed ? "PASS" : "FAIL";

    private static async Task<LoopResult> RunLoopAsync(string loop, byte[] payload, BenchmarkSettings settings)
    {
        // A generous timeout: a noisy VM can stall one invocation for far longer than Lambda's default 3 s allows.
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(60) });
        var (fileName, arguments) = BenchmarkHost.Self();
        await using var process = LambdaProcess.Start(emulator, new LambdaProcessOptions
        {
            FileName = fileName,
            Arguments = [.. arguments, EchoLoops.LoopArgument, loop],
            Environment =
            {
                [EchoLoops.WarmupVariable] = settings.WarmupInvocations.ToString(CultureInfo.InvariantCulture),
                [EchoLoops.MeasuredVariable] = settings.MeasuredInvocations.ToString(CultureInfo.InvariantCulture),
            },
        });
        var report = process.WaitForOutputAsync(line => line.Text.StartsWith(EchoLoops.ReportPrefix, StringComparison.Ordinal));

        for (int i = 0; i < settings.WarmupInvocations; i++)
        {
            await InvokeEchoAsync(emulator, payload, process);
        }

        // Start the window without the host's own garbage from the warm-up pending.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < settings.MeasuredInvocations; i++)
        {
            await InvokeEchoAsync(emulator, payload, process);
        }

        stopwatch.Stop();

        // One more invocation closes the child's allocation window, which starts and ends on a handler call.
        await InvokeEchoAsync(emulator, payload, process);
        var line = await report.WaitAsync(TimeSpan.FromSeconds(30));
        string[] figures = line.Text[EchoLoops.ReportPrefix.Length..].Split(' ');
        long allocated = long.Parse(figures[0], CultureInfo.InvariantCulture);
        int invocations = int.Parse(figures[1], CultureInfo.InvariantCulture);
        int gen0 = int.Parse(figures[2], CultureInfo.InvariantCulture);
        return new LoopResult(
            settings.MeasuredInvocations / stopwatch.Elapsed.TotalSeconds,
            (double)allocated / invocations,
            gen0 * 1000.0 / invocations);
    }

    private static async Task InvokeEchoAsync(RuntimeApiEmulator emulator, byte[] payload, LambdaProcess process)
    {
        var result = await emulator.InvokeAsync(payload);
        if (!result.IsSuccess || !result.Payload.Span.SequenceEqual(payload))
        {
            throw new InvalidOperationException(
                $"The echo invocation failed ({result.FunctionError}): {result.PayloadAsString}\nChild output:\n{string.Join('\n', process.Output.Select(l => l.Text))}");
        }
    }

    private sealed record LoopResult(double InvocationsPerSecond, double BytesPerInvocation, double Gen0PerThousand);
}
