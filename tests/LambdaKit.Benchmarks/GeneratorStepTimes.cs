using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LambdaKit.Benchmarks;

/// <summary>
/// Where a generator's run goes: each tracked step's summed <c>ElapsedTime</c> (<see cref="GeneratorRunResult.TrackedSteps"/>,
/// Roslyn's own steps included, then the source output steps), median over several runs with step tracking on. Either a
/// full run (a new driver on a newly parsed compilation) or the re-run after an unrelated edit.
/// </summary>
internal static class GeneratorStepTimes
{
    public static void PrintFullRun(string title, Func<IIncrementalGenerator> create, Func<Compilation> compile, int runs) =>
        Print($"{title}: full run step (tracked)", create, compile, edit: null, runs);

    public static void PrintRerun(string title, Func<IIncrementalGenerator> create, Func<Compilation> compile, Func<Compilation, int, Compilation> edit, int runs) =>
        Print($"{title}: re-run step (tracked)", create, compile, edit, runs);

    private static void Print(string title, Func<IIncrementalGenerator> create, Func<Compilation> compile, Func<Compilation, int, Compilation>? edit, int runs)
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
            if (edit is not null)
            {
                driver = driver.RunGenerators(edit(compilation, run));
            }

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

        var table = new Table(title, "median ms", "max ms");
        foreach (var (name, times) in perStep.OrderByDescending(p => Stats.Median(p.Value)))
        {
            table.Add(name, Stats.Format(Stats.Median(times), "F2"), Stats.Format(times.Max(), "F2"));
        }

        table.Add("whole run (GetTimingInfo)", Stats.Format(Stats.Median(totals), "F2"), Stats.Format(totals.Max(), "F2"));
        Console.WriteLine(table);
    }
}
