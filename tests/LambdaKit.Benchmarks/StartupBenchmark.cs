using LambdaKit.Testing;

namespace LambdaKit.Benchmarks;

/// <summary>
/// Cold start of the Native AOT sample up to its first <c>/next</c> poll, against a Native AOT hello world's start to
/// exit: what LambdaKit adds to the start of the smallest native .NET program.
/// </summary>
internal static class StartupBenchmark
{
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        string root = BenchmarkHost.RepositoryRoot();
        string work = Path.Combine(root, "artifacts", "benchmarks");
        string helloAotDirectory = Path.Combine(work, "HelloAot");
        string helloWorldDirectory = Path.Combine(work, "AotHelloWorld");
        Console.WriteLine("Start-up: publishing samples/HelloAot and tests/LambdaKit.Benchmarks/AotHelloWorld with Native AOT (linux-x64) ...");
        await BenchmarkHost.PublishAotAsync(Path.Combine(root, "samples", "HelloAot", "HelloAot.csproj"), helloAotDirectory, Path.Combine(work, "obj-HelloAot"));
        await BenchmarkHost.PublishAotAsync(Path.Combine(root, "tests", "LambdaKit.Benchmarks", "AotHelloWorld", "AotHelloWorld.csproj"), helloWorldDirectory, Path.Combine(work, "obj-AotHelloWorld"));
        string bootstrap = Path.Combine(helloAotDirectory, "bootstrap");
        string helloWorld = Path.Combine(helloWorldDirectory, "AotHelloWorld");

        // One unmeasured launch each, so neither pays for a cold page cache.
        await TimeToFirstNextAsync(bootstrap, helloAotDirectory);
        await TimeToExitAsync(helloWorld, helloWorldDirectory);

        var helloAot = new List<double>();
        var hello = new List<double>();
        for (int round = 0; round < settings.StartupRounds; round++)
        {
            helloAot.Add(await TimeToFirstNextAsync(bootstrap, helloAotDirectory));
            hello.Add(await TimeToExitAsync(helloWorld, helloWorldDirectory));
        }

        var table = new Table("program (Native AOT, net8.0, linux-x64)", "measured until", "median ms", "p90 ms", "min ms", "ratio (median)");
        double baseline = Stats.Median(hello);
        table.Add("AotHelloWorld (baseline)", "exit", Stats.Format(baseline, "F1"), Stats.Format(Stats.Percentile(hello, 90), "F1"), Stats.Format(hello.Min(), "F1"), "1.00");
        table.Add("samples/HelloAot (bootstrap)", "first GET /next", Stats.Format(Stats.Median(helloAot), "F1"), Stats.Format(Stats.Percentile(helloAot, 90), "F1"), Stats.Format(helloAot.Min(), "F1"), Stats.Format(Stats.Median(helloAot) / baseline, "F2"));
        Console.WriteLine($"{settings.StartupRounds} launches of each, alternating, all through LambdaProcess.Start with the emulator's Lambda environment; clock starts just before the launch.");
        Console.WriteLine();
        Console.WriteLine(table);
    }

    private static Task<double> TimeToFirstNextAsync(string bootstrap, string directory) =>
        TimeToFirstNextAsync(new LambdaProcessOptions { FileName = bootstrap, WorkingDirectory = directory });

    /// <summary>Milliseconds from just before the launch to the emulator's record of the first <c>GET /next</c>.</summary>
    internal static async Task<double> TimeToFirstNextAsync(LambdaProcessOptions options)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var started = DateTimeOffset.UtcNow;
        await using var process = LambdaProcess.Start(emulator, options);
        await emulator.WaitForNextRequestAsync().WaitAsync(LaunchTimeout);
        return (emulator.NextRequestTimes[0] - started).TotalMilliseconds;
    }

    private static async Task<double> TimeToExitAsync(string helloWorld, string directory)
    {
        // Launched through the same path as the bootstrap, emulator environment included, so both pay the same launch cost.
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var options = new LambdaProcessOptions { FileName = helloWorld, WorkingDirectory = directory };
        var started = DateTimeOffset.UtcNow;
        await using var process = LambdaProcess.Start(emulator, options);
        int exitCode = await process.WaitForExitAsync().WaitAsync(LaunchTimeout);
        var exited = DateTimeOffset.UtcNow;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{helloWorld} exited with {exitCode}.");
        }

        return (exited - started).TotalMilliseconds;
    }
}
