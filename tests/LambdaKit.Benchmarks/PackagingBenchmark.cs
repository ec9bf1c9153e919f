using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using LambdaKit.Testing;

namespace LambdaKit.Benchmarks;

/// <summary>
/// What the LambdaKit.Build targets add to a warm incremental <c>dotnet publish</c> of the Native AOT sample, and the
/// sample's zip against a hand-written HttpClient loop's zip, both published and packaged the same way.
/// </summary>
internal static partial class PackagingBenchmark
{
    // The task assembly's tasks and the targets' own targets, as they appear in MSBuild's performance summary.
    private static readonly string[] LambdaTasks = ["CreateLambdaPackage", "WriteNativeAssetManifest", "FindMissingPacks"];

    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        string root = BenchmarkHost.RepositoryRoot();
        string work = Path.Combine(root, "artifacts", "benchmarks", "packaging");
        string helloAot = Path.Combine(root, "samples", "HelloAot", "HelloAot.csproj");
        string rawLoop = Path.Combine(root, "tests", "LambdaKit.Benchmarks", "AotRawLoop", "AotRawLoop.csproj");

        // samples/HelloAot references the LambdaKit package from artifacts/packages (pack it first, README): its targets
        // package when LambdaArchitecture is set, which the plain variant clears.
        string[] Lambda(string zip) =>
        [
            "-p:LambdaArchitecture=x86_64",
            $"-p:LambdaPackageOutput={zip}",
        ];

        // Separate artifacts paths: neither variant's incremental state is invalidated by the other's properties.
        string helloZip = Path.Combine(work, "HelloAot-x86_64.zip");
        string[] plain = ["publish", helloAot, "-c", "Release", "-r", "linux-x64", "-p:LambdaArchitecture=", "--artifacts-path", Path.Combine(work, "obj-HelloAot-plain"), "-clp:PerformanceSummary"];
        string[] packaged = [.. plain[..^4], "--artifacts-path", Path.Combine(work, "obj-HelloAot-lambda"), "-clp:PerformanceSummary", .. Lambda(helloZip)];

        Console.WriteLine("Packaging: first publish of samples/HelloAot without and with the Lambda targets (unmeasured; Native AOT compiles here) ...");
        (await BenchmarkHost.DotnetAsync(plain)).ThrowIfFailed();
        (await BenchmarkHost.DotnetAsync(packaged)).ThrowIfFailed();

        var plainSeconds = new List<double>();
        var packagedSeconds = new List<double>();
        var ratios = new List<double>();
        var packageStepMs = new List<double>();
        var taskMs = LambdaTasks.ToDictionary(name => name, _ => new List<double>());
        for (int round = 0; round < settings.PackagingRounds; round++)
        {
            // Alternating order, so neither variant always runs on the other's warmed page cache.
            DotnetRun a, b;
            if (round % 2 == 0)
            {
                a = await BenchmarkHost.DotnetAsync(plain);
                b = await BenchmarkHost.DotnetAsync(packaged);
            }
            else
            {
                b = await BenchmarkHost.DotnetAsync(packaged);
                a = await BenchmarkHost.DotnetAsync(plain);
            }

            a.ThrowIfFailed();
            b.ThrowIfFailed();
            plainSeconds.Add(a.Elapsed.TotalSeconds);
            packagedSeconds.Add(b.Elapsed.TotalSeconds);
            ratios.Add(b.Elapsed.TotalSeconds / a.Elapsed.TotalSeconds);
            var summary = ParseSummary(b.Output);
            packageStepMs.Add(summary.Targets.Where(t => t.Key.Contains("Lambda", StringComparison.Ordinal)).Sum(t => t.Value));
            foreach (string task in LambdaTasks)
            {
                if (summary.Tasks.TryGetValue(task, out double ms))
                {
                    taskMs[task].Add(ms);
                }
            }
        }

        double plainMedian = Stats.Median(plainSeconds);
        var overhead = new Table("dotnet publish -c Release -r linux-x64 (warm, incremental)", "median s", "min s", "max s", "ratio (median of rounds)");
        overhead.Add("without the Lambda targets (baseline)", Stats.Format(plainMedian, "F2"), Stats.Format(plainSeconds.Min(), "F2"), Stats.Format(plainSeconds.Max(), "F2"), "1.00");
        overhead.Add("with LambdaArchitecture=x86_64 (publish + zip)", Stats.Format(Stats.Median(packagedSeconds), "F2"), Stats.Format(packagedSeconds.Min(), "F2"), Stats.Format(packagedSeconds.Max(), "F2"), Stats.Format(Stats.Median(ratios), "F3"));
        Console.WriteLine($"{settings.PackagingRounds} rounds, each publishing both variants (alternating order) after one unmeasured publish of each; wall clock of the dotnet process.");
        Console.WriteLine();
        Console.WriteLine(overhead);

        var step = new Table("package step, from -clp:PerformanceSummary of the Lambda runs", "median ms", "min ms", "max ms", "of the baseline publish");
        step.Add("targets with 'Lambda' in their name (sum)", Stats.Format(Stats.Median(packageStepMs), "F0"), Stats.Format(packageStepMs.Min(), "F0"), Stats.Format(packageStepMs.Max(), "F0"), Percent(Stats.Median(packageStepMs) / 1000 / plainMedian));
        foreach (string task in LambdaTasks)
        {
            var times = taskMs[task];
            if (times.Count == 0)
            {
                // FindMissingPacks runs only before an inner publish; after `dotnet publish -r linux-x64` there is none.
                step.Add($"  task {task}", "not run", string.Empty, string.Empty, string.Empty);
                continue;
            }

            step.Add($"  task {task}", Stats.Format(Stats.Median(times), "F0"), Stats.Format(times.Min(), "F0"), Stats.Format(times.Max(), "F0"), Percent(Stats.Median(times) / 1000 / plainMedian));
        }

        Console.WriteLine(step);

        Console.WriteLine("Packaging: publishing and packaging tests/LambdaKit.Benchmarks/AotRawLoop the same way ...");
        string rawZip = Path.Combine(work, "AotRawLoop-x86_64.zip");
        (await BenchmarkHost.DotnetAsync(["publish", rawLoop, "-c", "Release", "-r", "linux-x64", "--artifacts-path", Path.Combine(work, "obj-AotRawLoop"), .. Lambda(rawZip)])).ThrowIfFailed();
        await CheckEchoesAsync(rawZip, Path.Combine(work, "AotRawLoop-unzipped"));

        var (helloZipped, helloUnzipped) = Sizes(helloZip);
        var (rawZipped, rawUnzipped) = Sizes(rawZip);
        var sizes = new Table("Native AOT, net8.0, provided.al2023, x86_64", "zipped bytes", "unzipped bytes", "zipped ratio", "unzipped ratio");
        sizes.Add("AotRawLoop: HttpClient loop (baseline)", rawZipped.ToString("N0", CultureInfo.InvariantCulture), rawUnzipped.ToString("N0", CultureInfo.InvariantCulture), "1.00", "1.00");
        sizes.Add("samples/HelloAot (LambdaKit)", helloZipped.ToString("N0", CultureInfo.InvariantCulture), helloUnzipped.ToString("N0", CultureInfo.InvariantCulture), Stats.Format((double)helloZipped / rawZipped, "F2"), Stats.Format((double)helloUnzipped / rawUnzipped, "F2"));
        Console.WriteLine("Both zips written by CreateLambdaPackage after `dotnet publish -c Release -r linux-x64 -p:LambdaArchitecture=x86_64`; AotRawLoop's package answered one echo invocation through the emulator.");
        Console.WriteLine();
        Console.WriteLine(sizes);
    }

    private static string Percent(double fraction) => Stats.Format(fraction * 100, "F1") + " %";

    /// <summary>The zip's length and the sum of its entries' lengths.</summary>
    internal static (long Zipped, long Unzipped) Sizes(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return (new FileInfo(zip).Length, archive.Entries.Sum(entry => entry.Length));
    }

    /// <summary>Unzips the package and sends its <c>bootstrap</c> one event: the baseline must be a working function.</summary>
    private static async Task CheckEchoesAsync(string zip, string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        // Extraction applies the zip's Unix modes, so bootstrap is executable as Lambda would see it.
        ZipFile.ExtractToDirectory(zip, folder);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var process = LambdaProcess.Start(emulator, new LambdaProcessOptions { FileName = Path.Combine(folder, "bootstrap"), WorkingDirectory = folder });
        using var cancel = new CancellationTokenSource(InvocationTimeout);
        var result = await emulator.InvokeAsync(Events.ApiGatewayV2.Payload, cancellationToken: cancel.Token);
        if (!result.IsSuccess || !result.Payload.Span.SequenceEqual(Events.ApiGatewayV2.Payload))
        {
            throw new InvalidOperationException($"{zip}: the packaged raw loop did not echo the event: {result.PayloadAsString}");
        }
    }

    /// <summary>The target and task times (ms) of MSBuild's performance summary, summed over projects.</summary>
    internal static (Dictionary<string, double> Targets, Dictionary<string, double> Tasks) ParseSummary(string output)
    {
        var targets = new Dictionary<string, double>(StringComparer.Ordinal);
        var tasks = new Dictionary<string, double>(StringComparer.Ordinal);
        Dictionary<string, double>? section = null;
        foreach (string line in output.Split('\n'))
        {
            if (line.Contains("Target Performance Summary:", StringComparison.Ordinal))
            {
                section = targets;
            }
            else if (line.Contains("Task Performance Summary:", StringComparison.Ordinal))
            {
                section = tasks;
            }
            else if (section is not null && SummaryLine().Match(line) is { Success: true } match)
            {
                string name = match.Groups["name"].Value;
                section[name] = section.GetValueOrDefault(name) + double.Parse(match.Groups["ms"].Value, CultureInfo.InvariantCulture);
            }
        }

        if (targets.Count == 0 || tasks.Count == 0)
        {
            throw new InvalidOperationException("No performance summary in the build output:\n" + output);
        }

        return (targets, tasks);
    }

    // "      123 ms  _LambdaZip                                 1 calls"
    [GeneratedRegex(@"^\s+(?<ms>\d+) ms\s+(?<name>\S+)\s+\d+ calls", RegexOptions.CultureInvariant)]
    private static partial Regex SummaryLine();
}
