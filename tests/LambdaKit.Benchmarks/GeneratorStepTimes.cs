using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LambdaKit.Benchmarks;

/// <summary>
/// Where a generator's re-run after an unrelated edit goes: each tracked step's summed <c>ElapsedTime</c>
/// (<see cref="GeneratorRunResult.TrackedSteps"/>), median over several re-runs, with step tracking on.
/// </summary>
internal static class GeneratorStepTimes
{
    public static void Print(string title, Func<IIncrementalGenerator> create, Func<Compilation> compile, Func<Compilation, int, Compilation> edit, int runs)
    {
        var perStep = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var totals = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            var compilation = compile();
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                [create().AsSourceGenerator()],
                parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGenerators(compilation);
            driver = driver.RunGenerators(edit(compilation, run));
            totals.Add(driver.GetTimingInfo().ElapsedTime.TotalMilliseconds);
            var result = driver.GetRunResult().Results.Single();
            foreach (var (name, steps) in result.TrackedSteps.Concat(result.TrackedOutputSteps))
            {
                if (!perStep.TryGetValue(name, out var times))
                {
                    perStep[name] = times = [];
                }

                times.Add(steps.Sum(s => s.ElapsedTime.TotalMilliseconds));
            }
        }

        var table = new Table($"{title}: re-run step (tracked)", "median ms", "max ms");
        foreach (var (name, times) in perStep.OrderByDescending(p => Stats.Median(p.Value)))
        {
            table.Add(name, Stats.Format(Stats.Median(times), "F2"), Stats.Format(times.Max(), "F2"));
        }

        table.Add("whole re-run (GetTimingInfo)", Stats.Format(Stats.Median(totals), "F2"), Stats.Format(totals.Max(), "F2"));
        Console.WriteLine(table);
    }
}
