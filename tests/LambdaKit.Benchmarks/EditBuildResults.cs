namespace LambdaKit.Benchmarks;

/// <summary>The edit-build benchmark's measured builds, by kind ("cold edit", "warm no-op", ...) and variant, in round order.</summary>
internal sealed class EditBuildResults
{
    private static readonly string[] Kinds = ["cold edit", "cold no-op", "warm edit", "warm no-op"];
    private readonly Dictionary<(string Kind, EditBuildVariant Variant), List<(double Seconds, double CoreCompileMs)>> _builds = [];

    public static double CoreCompileMs(DotnetRun run) => PackagingBenchmark.ParseSummary(run.Output).Targets.GetValueOrDefault("CoreCompile");

    public void Add(string kind, EditBuildVariant variant, DotnetRun run)
    {
        run.ThrowIfFailed();
        if (!_builds.TryGetValue((kind, variant), out var builds))
        {
            _builds[(kind, variant)] = builds = [];
        }

        builds.Add((run.Elapsed.TotalSeconds, CoreCompileMs(run)));
    }

    public double MedianCoreCompileMs(string kind, EditBuildVariant variant) => Stats.Median(_builds[(kind, variant)].Select(b => b.CoreCompileMs).ToList());

    /// <summary>The median of the rounds' ratios LambdaKit / without LambdaKit (each round builds both).</summary>
    public double Ratio(string kind) => Ratio(kind, EditBuildVariant.LambdaKit);

    /// <summary>How far apart the baseline's own builds are: (max - min) / median of its wall-clock times.</summary>
    public double Noise(string kind)
    {
        var seconds = Seconds(kind, EditBuildVariant.RuntimeOnly);
        return (seconds.Max() - seconds.Min()) / Stats.Median(seconds);
    }

    public string Table(string framework)
    {
        var table = new Table($"dotnet build, 200 handlers, {framework}", "without LambdaKit s", "LambdaKit s", "ratio", "noise", "CoreCompile without s", "CoreCompile LambdaKit s");
        foreach (string kind in Kinds)
        {
            table.Add(kind, Median(kind, EditBuildVariant.RuntimeOnly), Median(kind, EditBuildVariant.LambdaKit), Stats.Format(Ratio(kind), "F2"), Stats.Format(Noise(kind), "F2"), CoreCompile(kind, EditBuildVariant.RuntimeOnly), CoreCompile(kind, EditBuildVariant.LambdaKit));
        }

        table.Add("cold edit, generated code as plain sources", Median("cold edit", EditBuildVariant.RuntimeOnly), Median("cold edit", EditBuildVariant.GeneratedAsSources), Stats.Format(Ratio("cold edit", EditBuildVariant.GeneratedAsSources), "F2"), string.Empty, CoreCompile("cold edit", EditBuildVariant.RuntimeOnly), CoreCompile("cold edit", EditBuildVariant.GeneratedAsSources));
        return $"Medians of {_builds[("cold edit", EditBuildVariant.LambdaKit)].Count} rounds (alternating order), wall clock of `dotnet build` (restore included); ratio: median of the rounds' LambdaKit / without ratios; noise: the baseline's (max - min) / median.\n\n{table}";
    }

    private double Ratio(string kind, EditBuildVariant variant)
    {
        var with = Seconds(kind, variant);
        var without = Seconds(kind, EditBuildVariant.RuntimeOnly);
        return Stats.Median(with.Zip(without, (w, o) => w / o).ToList());
    }

    private List<double> Seconds(string kind, EditBuildVariant variant) => _builds[(kind, variant)].Select(b => b.Seconds).ToList();

    private string Median(string kind, EditBuildVariant variant) => Stats.Format(Stats.Median(Seconds(kind, variant)), "F2");

    private string CoreCompile(string kind, EditBuildVariant variant) => Stats.Format(MedianCoreCompileMs(kind, variant) / 1000, "F2");
}
