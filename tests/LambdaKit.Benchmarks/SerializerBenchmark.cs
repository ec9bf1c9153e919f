using System.Diagnostics;
using System.Globalization;

namespace LambdaKit.Benchmarks;

/// <summary>
/// LambdaKit's generated <c>LambdaJsonContext</c> against System.Text.Json's source generator on the API Gateway v2
/// request and the SQS event: first-call cost in fresh processes, and warm deserialize + serialize time in one process.
/// Both run in tests/LambdaKit.Benchmarks/SerializerComparison, which the generator compiles the way a function's
/// build does.
/// </summary>
internal static class SerializerBenchmark
{
    private const string LambdaKit = "lambdakit";
    private const string Stj = "stj";

    // About 0.3-1 s per loop at 3-10 µs per round trip: long enough that a scheduling hiccup barely moves a round.
    private const int Iterations = 100_000;

    private static readonly (string Key, BenchmarkEvent Event)[] MeasuredEvents = [("apigw", Events.ApiGatewayV2), ("sqs", Events.Sqs)];

    public static async Task<bool> RunAsync(BenchmarkSettings settings)
    {
        string root = BenchmarkHost.RepositoryRoot();
        string work = Path.Combine(root, "artifacts", "benchmarks", "serializer");
        string artifacts = Path.Combine(root, "artifacts", "benchmarks", "obj-SerializerComparison");
        Console.WriteLine("Serializer: building tests/LambdaKit.Benchmarks/SerializerComparison (Release, net10.0, LambdaKit.Generators as an analyzer) ...");
        (await BenchmarkHost.DotnetAsync("build", Path.Combine(root, "tests", "LambdaKit.Benchmarks", "SerializerComparison", "SerializerComparison.csproj"), "-c", "Release", "--artifacts-path", artifacts)).ThrowIfFailed();
        string program = Path.Combine(artifacts, "bin", "SerializerComparison", "release", "SerializerComparison.dll");

        Directory.CreateDirectory(work);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, benchmarkEvent) in MeasuredEvents)
        {
            files[key] = Path.Combine(work, key + ".json");
            await File.WriteAllBytesAsync(files[key], benchmarkEvent.Payload);
        }

        // First call: a fresh process per measurement, serializers alternating, after one unmeasured launch of each.
        var firstCall = new Dictionary<(string Serializer, string Event), List<double>>();
        for (int round = -1; round < settings.FirstCallRounds; round++)
        {
            foreach (var (key, _) in MeasuredEvents)
            {
                foreach (string serializer in round % 2 == 0 ? [LambdaKit, Stj] : new[] { Stj, LambdaKit })
                {
                    var lines = await RunChildAsync(program, "first-call", serializer, key, files[key]);
                    double microseconds = double.Parse(lines.Single(l => l[1] == "first-call")[4], CultureInfo.InvariantCulture);
                    if (round >= 0)
                    {
                        (firstCall.TryGetValue((serializer, key), out var list) ? list : firstCall[(serializer, key)] = []).Add(microseconds);
                    }
                }
            }
        }

        var throughputLines = await RunChildAsync(program, "throughput", files["apigw"], files["sqs"], settings.SerializerRounds.ToString(CultureInfo.InvariantCulture), Iterations.ToString(CultureInfo.InvariantCulture));
        var nanoseconds = new Dictionary<(string Serializer, string Event), List<double>>();
        var allocated = new Dictionary<(string Serializer, string Event), List<double>>();
        foreach (var line in throughputLines.Where(l => l[1] == "throughput"))
        {
            var key = (line[2], line[3]);
            (nanoseconds.TryGetValue(key, out var ns) ? ns : nanoseconds[key] = []).Add(double.Parse(line[5], CultureInfo.InvariantCulture));
            (allocated.TryGetValue(key, out var bytes) ? bytes : allocated[key] = []).Add(double.Parse(line[6], CultureInfo.InvariantCulture));
        }

        bool passed = true;
        var first = new Table("first deserialize + serialize in a fresh process", "median µs", "p90 µs", "min µs", "ratio (median)", "target: no slower");
        var warm = new Table("warm deserialize + serialize", "median µs/op", "min µs/op", "max µs/op", "ops/s (median)", "allocated B/op", "ratio (median of rounds)", "target: no slower");
        foreach (var (key, benchmarkEvent) in MeasuredEvents)
        {
            string name = $"{benchmarkEvent.Name} ({benchmarkEvent.Payload.Length:N0} B)";
            double stjFirst = Stats.Median(firstCall[(Stj, key)]);
            double lkFirst = Stats.Median(firstCall[(LambdaKit, key)]);
            bool firstPassed = lkFirst <= stjFirst;
            passed &= firstPassed;
            AddFirst(first, $"{name}, System.Text.Json generator (baseline)", firstCall[(Stj, key)], stjFirst, string.Empty);
            AddFirst(first, $"{name}, LambdaKit LambdaJsonContext", firstCall[(LambdaKit, key)], stjFirst, firstPassed ? "PASS" : "FAIL");

            // Rounds run both serializers back to back, so the per-round ratio compares loops that shared the machine's state.
            var ratios = nanoseconds[(LambdaKit, key)].Zip(nanoseconds[(Stj, key)], (lk, stj) => lk / stj).ToList();
            bool warmPassed = Stats.Median(ratios) <= 1.0;
            passed &= warmPassed;
            AddWarm(warm, $"{name}, System.Text.Json generator (baseline)", nanoseconds[(Stj, key)], allocated[(Stj, key)], "1.00", string.Empty);
            AddWarm(warm, $"{name}, LambdaKit LambdaJsonContext", nanoseconds[(LambdaKit, key)], allocated[(LambdaKit, key)], Stats.Format(Stats.Median(ratios), "F3"), warmPassed ? "PASS" : "FAIL");
        }

        foreach (var line in throughputLines.Where(l => l[1] == "same-bytes"))
        {
            Console.WriteLine($"Serializer: {line[2]} written by both serializers is byte-identical: {line[3]} ({line[4]} and {line[5]} bytes).");
        }

        Console.WriteLine($"First call: {settings.FirstCallRounds} fresh processes per serializer and event (alternating, after one unmeasured launch of each); clock around creating the context's metadata, one deserialize and one serialize.");
        Console.WriteLine();
        Console.WriteLine(first);
        Console.WriteLine($"Warm: one process, 2 s of unmeasured loops per serializer and event, then {settings.SerializerRounds} rounds of {Iterations:N0} round trips each (serializers alternating within a round); .NET {Environment.Version}, JIT, default tiering.");
        Console.WriteLine();
        Console.WriteLine(warm);
        return passed;
    }

    private static void AddFirst(Table table, string name, IReadOnlyList<double> values, double baseline, string verdict) =>
        table.Add(name, Stats.Format(Stats.Median(values), "F0"), Stats.Format(Stats.Percentile(values, 90), "F0"), Stats.Format(values.Min(), "F0"), Stats.Format(Stats.Median(values) / baseline, "F2"), verdict);

    private static void AddWarm(Table table, string name, IReadOnlyList<double> nanoseconds, IReadOnlyList<double> bytes, string ratio, string verdict) =>
        table.Add(name, Stats.Format(Stats.Median(nanoseconds) / 1000, "F2"), Stats.Format(nanoseconds.Min() / 1000, "F2"), Stats.Format(nanoseconds.Max() / 1000, "F2"), Stats.Format(1e9 / Stats.Median(nanoseconds), "N0"), Stats.Format(Stats.Median(bytes), "N0"), ratio, verdict);

    /// <summary>Runs the comparison program with <c>dotnet</c>; returns its <c>RESULT</c> lines split into words.</summary>
    private static async Task<List<string[]>> RunChildAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"SerializerComparison {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await error}");
        }

        return [.. (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("RESULT ", StringComparison.Ordinal))
            .Select(line => line.Split(' '))];
    }
}
