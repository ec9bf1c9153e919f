using System.Diagnostics;
using LambdaKit.Testing;

namespace LambdaKit.Benchmarks;

/// <summary>
/// The first invocation of a fresh process, once its runtime polls, and the warm invocations after it: three LambdaKit
/// functions against a minimal HttpClient loop, each launch a new process, under Native AOT and JIT (issue 14).
/// </summary>
internal static class ColdInvocationBenchmark
{
    /// <summary>Targets: the first invocation's ratio to the HttpClient loop's, per function.</summary>
    private static readonly Dictionary<string, double> FirstInvocationTargets = new(StringComparer.Ordinal)
    {
        [ColdFunctionBuilds.RawEcho] = 0.8,
        [ColdFunctionBuilds.StreamEcho] = 0.8,
        [ColdFunctionBuilds.TypedApiGateway] = 1.0,
    };

    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(30);

    // Lets whatever the process does after its first poll (a JIT's background compiles) finish before the event.
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(100);

    public static async Task<bool> RunAsync(BenchmarkSettings settings)
    {
        var modes = await ColdFunctionBuilds.PrepareAsync(withJit: true);
        byte[] payload = Events.ApiGatewayV2.Payload;

        // One unmeasured launch of each: the page cache, and the benchmark's own emulator code tiering up.
        foreach (var functions in modes.Values)
        {
            foreach (var options in functions.Values)
            {
                await MeasureAsync(options, payload, settings.ColdWarmInvocations);
            }
        }

        var results = modes.Keys.SelectMany(mode => ColdFunctionBuilds.Functions.Select(function => (mode, function)))
            .ToDictionary(key => key, _ => new List<Cold>());
        for (int round = 0; round < settings.ColdRounds; round++)
        {
            // Alternating order, so drift on the shared VM hits every function alike.
            var order = results.Keys.ToList();
            if (round % 2 == 1)
            {
                order.Reverse();
            }

            foreach (var (mode, function) in order)
            {
                results[(mode, function)].Add(await MeasureAsync(modes[mode][function], payload, settings.ColdWarmInvocations));
            }
        }

        bool passed = true;
        var verdicts = new List<string>();
        var table = new Table("mode", "function", "first ms (median)", "p90", "min", "ratio (median of rounds)", "warm µs (median)", "warm ratio");
        foreach (string mode in modes.Keys)
        {
            var baseline = results[(mode, ColdFunctionBuilds.HttpClientLoop)];
            foreach (string function in ColdFunctionBuilds.Functions)
            {
                var runs = results[(mode, function)];
                var first = runs.Select(r => r.FirstMilliseconds).ToList();

                // Each round's ratio compares launches made close together; its median is steadier than a ratio of medians.
                double ratio = Stats.Median(runs.Zip(baseline, (r, b) => r.FirstMilliseconds / b.FirstMilliseconds).ToList());
                double warmRatio = Stats.Median(runs.Zip(baseline, (r, b) => r.WarmMicroseconds / b.WarmMicroseconds).ToList());
                table.Add(mode, function, Stats.Format(Stats.Median(first), "F2"), Stats.Format(Stats.Percentile(first, 90), "F2"), Stats.Format(first.Min(), "F2"), Stats.Format(ratio, "F2"), Stats.Format(Stats.Median(runs.Select(r => r.WarmMicroseconds).ToList()), "F0"), Stats.Format(warmRatio, "F2"));
                if (FirstInvocationTargets.TryGetValue(function, out double target))
                {
                    bool met = ratio <= target;
                    passed &= met;
                    verdicts.Add($"{(met ? "PASS" : "FAIL")}  {mode}, {function}: first invocation ≤ {target:F1}× the HttpClient loop's ({Stats.Format(ratio, "F2")}×)");
                }
            }
        }

        Console.WriteLine($"Cold invocation: {settings.ColdRounds} rounds, each launching every function in a fresh process (alternating order); "
            + $"first = the process's first invocation ({payload.Length:N0} B API Gateway v2 event posted → response), {Settle.TotalMilliseconds:F0} ms after its first GET /next; "
            + $"warm = median of the {settings.ColdWarmInvocations} sequential invocations after it.");
        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine(string.Join(Environment.NewLine, verdicts) + Environment.NewLine);
        return passed;
    }

    private static async Task<Cold> MeasureAsync(LambdaProcessOptions options, byte[] payload, int warmInvocations)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(60) });
        await using var process = LambdaProcess.Start(emulator, options);
        await emulator.WaitForNextRequestAsync().WaitAsync(LaunchTimeout);
        await Task.Delay(Settle);
        double first = await TimeInvocationAsync(emulator, payload, process);
        var warm = new List<double>(warmInvocations);
        for (int i = 0; i < warmInvocations; i++)
        {
            warm.Add(await TimeInvocationAsync(emulator, payload, process));
        }

        return new Cold(first, Stats.Median(warm) * 1000);
    }

    /// <summary>Milliseconds from posting the event to the response, checked: the echoes return the event, the typed handler its body.</summary>
    private static async Task<double> TimeInvocationAsync(RuntimeApiEmulator emulator, byte[] payload, LambdaProcess process)
    {
        long start = Stopwatch.GetTimestamp();
        var result = await emulator.InvokeAsync(payload);
        double milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        bool answered = result.IsSuccess
            && (result.Payload.Span.SequenceEqual(payload) || result.PayloadAsString.Contains("\"statusCode\":200", StringComparison.Ordinal));
        if (!answered)
        {
            throw new InvalidOperationException(
                $"The invocation failed ({result.FunctionError}): {result.PayloadAsString}\nOutput:\n{string.Join('\n', process.Output.Select(l => l.Text))}");
        }

        return milliseconds;
    }

    private sealed record Cold(double FirstMilliseconds, double WarmMicroseconds);
}
