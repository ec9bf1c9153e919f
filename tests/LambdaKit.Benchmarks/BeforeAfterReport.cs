namespace LambdaKit.Benchmarks;

/// <summary>
/// The concurrency part's before/after table at concurrency 1: each figure's median, and the after/before ratio of
/// each round (runs of one round are adjacent, so the ratio cancels most of the machine's drift), as median and range.
/// </summary>
internal static class BeforeAfterReport
{
    public static void Print(string beforeCommit, IReadOnlyList<ConcurrencyBenchmark.Run> before, IReadOnlyList<ConcurrencyBenchmark.Run> after)
    {
        var table = new Table("RawEcho at concurrency 1", $"before ({beforeCommit})", "after (current)", "after/before (median of rounds)", "range of rounds");
        Add(table, "invocations/s", "F0", before, after, run => run.InvocationsPerSecond);
        Add(table, "CPU µs/invocation", "F1", before, after, run => run.CpuMicroseconds);
        Console.WriteLine($"Before and after: the same RawEcho program, Native AOT, against LambdaKit.Runtime at {beforeCommit} and the current one.");
        Console.WriteLine();
        Console.WriteLine(table);
    }

    private static void Add(Table table, string figure, string format, IReadOnlyList<ConcurrencyBenchmark.Run> before, IReadOnlyList<ConcurrencyBenchmark.Run> after, Func<ConcurrencyBenchmark.Run, double> value)
    {
        var ratios = after.Zip(before, (a, b) => value(a) / value(b)).ToList();
        table.Add(
            figure,
            Stats.Format(Stats.Median(before.Select(value).ToList()), format),
            Stats.Format(Stats.Median(after.Select(value).ToList()), format),
            Stats.Format(Stats.Median(ratios), "F3"),
            $"{Stats.Format(ratios.Min(), "F3")}-{Stats.Format(ratios.Max(), "F3")}");
    }
}
