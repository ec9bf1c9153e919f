using System.Diagnostics;
using System.Globalization;
using LambdaKit.Testing;

namespace LambdaKit.Benchmarks;

/// <summary>
/// Issue 13: the Native AOT raw echo on LambdaBootstrap with AWS_LAMBDA_MAX_CONCURRENCY 1, 4 and 16 (the emulator's
/// MaxConcurrency), driven by as many parallel invokers, against the Native AOT HttpClient loop at 1; and the echo
/// process's CPU time per warm invocation. At 1 also the same echo against the runtime before the concurrency workers
/// (<c>--before-ref</c>) and the current one, built and measured in this run.
/// </summary>
internal static class ConcurrencyBenchmark
{
    private static readonly int[] Levels = [1, 4, 16];

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        var beforeAfter = await RuntimeBeforeAfterBuilds.PrepareAsync(settings.BeforeRef);
        string before = $"RawEcho, runtime at {beforeAfter.BeforeCommit} (before)";
        const string After = "RawEcho, current runtime (after)";
        var functions = new Dictionary<string, LambdaProcessOptions>((await ColdFunctionBuilds.PrepareAsync(withJit: false))["Native AOT"])
        {
            [before] = beforeAfter.Before,
            [After] = beforeAfter.After,
        };
        var runs = new List<(string Function, int Concurrency)> { (ColdFunctionBuilds.HttpClientLoop, 1), (before, 1), (After, 1) };
        runs.AddRange(Levels.Select(level => (ColdFunctionBuilds.RawEcho, level)));
        byte[] payload = Events.ApiGatewayV2.Payload;

        // One unmeasured run of each: the benchmark's own emulator code tiers up over the first runs.
        foreach (var (function, concurrency) in runs)
        {
            await RunAsync(functions[function], concurrency, payload, settings.WarmupInvocations, settings.WarmupInvocations);
        }

        var results = runs.ToDictionary(run => run, _ => new List<Run>());
        for (int round = 0; round < settings.Rounds; round++)
        {
            foreach (var run in round % 2 == 0 ? runs : Enumerable.Reverse(runs))
            {
                var result = await RunAsync(functions[run.Function], run.Concurrency, payload, settings.WarmupInvocations, settings.ConcurrencyInvocations);
                results[run].Add(result);
                Console.WriteLine($"  round {round + 1}, {run.Function}, concurrency {run.Concurrency}: {Stats.Format(result.InvocationsPerSecond, "F0")} inv/s, {Stats.Format(result.CpuMicroseconds, "F1")} µs CPU/inv, peak in flight {result.PeakInFlight}");
            }
        }

        var baseline = results[runs[0]];
        var table = new Table("function (Native AOT, net8.0)", "concurrency", "invokers", "invocations/s (median)", "ratio (median of rounds)", "peak in flight", "CPU µs/inv (median)", "CPU ratio");
        foreach (var run in runs)
        {
            var list = results[run];
            table.Add(
                run.Function,
                run.Concurrency.ToString(CultureInfo.InvariantCulture),
                run.Concurrency.ToString(CultureInfo.InvariantCulture),
                Stats.Format(Stats.Median(list.Select(r => r.InvocationsPerSecond).ToList()), "F0"),
                Stats.Format(Stats.Median(list.Zip(baseline, (r, b) => r.InvocationsPerSecond / b.InvocationsPerSecond).ToList()), "F2"),
                list.Max(r => r.PeakInFlight).ToString(CultureInfo.InvariantCulture),
                Stats.Format(Stats.Median(list.Select(r => r.CpuMicroseconds).ToList()), "F1"),
                Stats.Format(Stats.Median(list.Zip(baseline, (r, b) => r.CpuMicroseconds / b.CpuMicroseconds).ToList()), "F2"));
        }

        Console.WriteLine($"Concurrency: {settings.Rounds} rounds (alternating order), each run a fresh emulator (MaxConcurrency = concurrency) and process; "
            + $"{settings.WarmupInvocations} warm-up then {settings.ConcurrencyInvocations} measured invocations of the {payload.Length:N0} B API Gateway v2 event, "
            + "shared by as many parallel invokers as the concurrency; CPU = the function process's user + system time over the measured window.");
        Console.WriteLine();
        Console.WriteLine(table);
        BeforeAfterReport.Print(beforeAfter.BeforeCommit, results[(before, 1)], results[(After, 1)]);
    }

    private static async Task<Run> RunAsync(LambdaProcessOptions options, int concurrency, byte[] payload, int warmup, int measured)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions
        {
            MaxConcurrency = concurrency,
            Timeout = TimeSpan.FromSeconds(60),
            HistoryLimit = 100,
        });
        await using var process = LambdaProcess.Start(emulator, options);
        await InvokeInParallelAsync(emulator, payload, concurrency, warmup);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var cpu = CpuTime(process.Id);
        var clock = Stopwatch.StartNew();
        await InvokeInParallelAsync(emulator, payload, concurrency, measured);
        clock.Stop();
        var used = CpuTime(process.Id) - cpu;
        return new Run(measured / clock.Elapsed.TotalSeconds, used.TotalMicroseconds / measured, emulator.PeakInvocationsInFlight);
    }

    /// <summary><paramref name="count"/> echo invocations, taken one at a time by <paramref name="invokers"/> parallel loops.</summary>
    private static async Task InvokeInParallelAsync(RuntimeApiEmulator emulator, byte[] payload, int invokers, int count)
    {
        int taken = 0;
        await Task.WhenAll(Enumerable.Range(0, invokers).Select(async _ =>
        {
            while (Interlocked.Increment(ref taken) <= count)
            {
                var result = await emulator.InvokeAsync(payload);
                if (!result.IsSuccess || !result.Payload.Span.SequenceEqual(payload))
                {
                    throw new InvalidOperationException($"The echo invocation failed ({result.FunctionError}): {result.PayloadAsString}");
                }
            }
        }));
    }

    /// <summary>The process's user + system CPU time, all threads, from <c>/proc/PID/stat</c> (clock ticks of 10 ms).</summary>
    private static TimeSpan CpuTime(int processId)
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        string stat = File.ReadAllText($"/proc/{processId}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    internal sealed record Run(double InvocationsPerSecond, double CpuMicroseconds, int PeakInFlight);
}
