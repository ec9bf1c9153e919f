using System.Buffers;
using System.Diagnostics;
using System.Text;
using LambdaKit.Runtime;
using LambdaKit.Runtime.Logging;
using LambdaKit.Testing;

namespace LambdaKit.Benchmarks;

/// <summary>
/// What the test harness costs per invocation: sequential invocations per second through <see cref="LambdaTest"/>
/// (in-process, real runtime loop, emulator over HTTP) and through <see cref="LambdaProcess"/> with the Native AOT sample,
/// against calling a generated handler directly (no emulator, no loop) in the same run.
/// </summary>
internal static class HarnessBenchmark
{
    /// <summary>The event of TestFunctions' <c>greet</c> (a JSON string).</summary>
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("\"Ada\"");

    /// <summary>The event of samples/HelloAot.</summary>
    private static readonly byte[] HelloPayload = Encoding.UTF8.GetBytes("{\"name\":\"Ada\"}");

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        string root = BenchmarkHost.RepositoryRoot();
        string work = Path.Combine(root, "artifacts", "benchmarks");
        string helloAotDirectory = Path.Combine(work, "HelloAot");
        Console.WriteLine("Harness: publishing samples/HelloAot with Native AOT (linux-x64) ...");
        await BenchmarkHost.PublishAotAsync(Path.Combine(root, "samples", "HelloAot", "HelloAot.csproj"), helloAotDirectory, Path.Combine(work, "obj-HelloAot"));

        int count = settings.HarnessInvocations;
        var direct = new List<double>();
        var inProcess = new List<double>();
        var outOfProcess = new List<double>();
        for (int round = 0; round < settings.Rounds; round++)
        {
            direct.Add(await DirectAsync(count));
            inProcess.Add(await InProcessAsync(count));
            outOfProcess.Add(await OutOfProcessAsync(Path.Combine(helloAotDirectory, "bootstrap"), helloAotDirectory, count));
        }

        double baseline = Stats.Median(direct);
        var table = new Table("path", "invocations/s (median)", "min", "max", "ratio to direct");
        table.Add("generated handler called directly (baseline)", Stats.Format(baseline, "F0"), Stats.Format(direct.Min(), "F0"), Stats.Format(direct.Max(), "F0"), "1.00");
        table.Add("LambdaTest, in-process", Stats.Format(Stats.Median(inProcess), "F0"), Stats.Format(inProcess.Min(), "F0"), Stats.Format(inProcess.Max(), "F0"), Stats.Format(Stats.Median(inProcess) / baseline, "F4"));
        table.Add("LambdaProcess, samples/HelloAot (Native AOT)", Stats.Format(Stats.Median(outOfProcess), "F0"), Stats.Format(outOfProcess.Min(), "F0"), Stats.Format(outOfProcess.Max(), "F0"), Stats.Format(Stats.Median(outOfProcess) / baseline, "F4"));
        Console.WriteLine($"{settings.Rounds} rounds of {count} sequential invocations per path (after {count / 10} unmeasured ones), alternating paths.");
        Console.WriteLine();
        Console.WriteLine(table);
    }

    /// <summary>The generated handler of TestFunctions' <c>greet</c>, called with a stub context.</summary>
    private static async Task<double> DirectAsync(int count)
    {
        var handler = LambdaTest.Find(typeof(TestFunctions.Greeter)).CreateHandler();
        var context = new StubContext();
        var response = new ArrayBufferWriter<byte>();
        for (int i = 0; i < count / 10; i++)
        {
            response.ResetWrittenCount();
            await handler(Payload, context, response);
        }

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            response.ResetWrittenCount();
            await handler(Payload, context, response);
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The same function through <see cref="LambdaTest"/>.</summary>
    private static async Task<double> InProcessAsync(int count)
    {
        await using var function = await LambdaTest.StartAsync(typeof(TestFunctions.Greeter), options: new LambdaTestOptions());
        return await InvokeAsync(function.Emulator, Payload, count);
    }

    private static async Task<double> OutOfProcessAsync(string bootstrap, string directory, int count)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { HistoryLimit = 100 });
        await using var process = LambdaProcess.Start(emulator, new LambdaProcessOptions { FileName = bootstrap, WorkingDirectory = directory, OutputLineLimit = 100 });
        return await InvokeAsync(emulator, HelloPayload, count);
    }

    private static async Task<double> InvokeAsync(RuntimeApiEmulator emulator, byte[] payload, int count)
    {
        for (int i = 0; i < count / 10; i++)
        {
            await Expect(emulator.InvokeAsync(payload));
        }

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            await Expect(emulator.InvokeAsync(payload));
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task Expect(Task<InvocationResult> invocation)
    {
        var result = await invocation;
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException("An invocation failed: " + result.PayloadAsString);
        }
    }

    /// <summary>The context a direct call passes: <c>greet</c> reads the function name and memory, nothing else.</summary>
    private sealed class StubContext : ILambdaContext
    {
        public string AwsRequestId => "direct";

        public string FunctionName => "greet";

        public string FunctionVersion => "$LATEST";

        public string InvokedFunctionArn => "arn:aws:lambda:us-east-1:123456789012:function:greet";

        public int MemoryLimitInMB => 128;

        public string LogGroupName => "/aws/lambda/greet";

        public string LogStreamName => "direct";

        public DateTimeOffset Deadline => DateTimeOffset.MaxValue;

        public TimeSpan RemainingTime => TimeSpan.MaxValue;

        public CancellationToken CancellationToken => CancellationToken.None;

        public string? TraceId => null;

        public ICognitoIdentity? Identity => null;

        public IClientContext? ClientContext => null;

        public ILambdaLogger Logger => throw new NotSupportedException("greet does not log.");
    }
}
