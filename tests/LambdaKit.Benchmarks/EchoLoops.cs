using System.Buffers;
using System.Globalization;
using LambdaKit.Runtime;

namespace LambdaKit.Benchmarks;

/// <summary>
/// The two runtimes under test, run in a child process (<c>--loop lambdakit|raw</c>) so that the emulator's
/// allocations in the benchmark host do not count. Both echo the event back as the response.
/// </summary>
internal static class EchoLoops
{
    public const string LoopArgument = "--loop";
    public const string LambdaKit = "lambdakit";
    public const string Raw = "raw";

    /// <summary>The allocation window opens at the start of invocation WarmupVariable + 1 ...</summary>
    public const string WarmupVariable = "LAMBDAKIT_BENCH_WARMUP";

    /// <summary>... and closes at the start of invocation WarmupVariable + MeasuredVariable + 1.</summary>
    public const string MeasuredVariable = "LAMBDAKIT_BENCH_MEASURED";

    /// <summary>Prefix of the stdout line with the window's figures: <c>allocatedBytes invocations gen0Collections</c>.</summary>
    public const string ReportPrefix = "LAMBDAKIT_BENCH ";

    public static async Task<int> RunAsync(string loop)
    {
        var window = new AllocationWindow(ReadCount(WarmupVariable), ReadCount(MeasuredVariable));
        switch (loop)
        {
            case LambdaKit:
                return await LambdaBootstrap.RunAsync((payload, context, response) =>
                {
                    window.OnInvocation();
                    response.Write(payload.Span);
                    return ValueTask.CompletedTask;
                });
            case Raw:
                await RunRawLoopAsync(window);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown loop '{loop}'.");
                return 2;
        }
    }

    /// <summary>The baseline: the shortest correct Runtime API loop one would write with HttpClient.</summary>
    private static async Task RunRawLoopAsync(AllocationWindow window)
    {
        string api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API")
            ?? throw new InvalidOperationException("AWS_LAMBDA_RUNTIME_API is not set.");
        using var http = new HttpClient { BaseAddress = new Uri($"http://{api}/2018-06-01/runtime/invocation/") };
        var next = new Uri("next", UriKind.Relative);
        while (true)
        {
            using var invocation = await http.GetAsync(next);
            invocation.EnsureSuccessStatusCode();
            string requestId = invocation.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
            byte[] payload = await invocation.Content.ReadAsByteArrayAsync();
            window.OnInvocation();
            using var content = new ByteArrayContent(payload);
            using var posted = await http.PostAsync(new Uri(requestId + "/response", UriKind.Relative), content);
            posted.EnsureSuccessStatusCode();
        }
    }

    private static int ReadCount(string variable) =>
        int.Parse(Environment.GetEnvironmentVariable(variable) ?? throw new InvalidOperationException($"{variable} is not set."), CultureInfo.InvariantCulture);

    /// <summary>
    /// Counts invocations and measures, from one handler call to another, everything the process allocated in
    /// between: the response post, the next poll and the handler itself, on every thread.
    /// </summary>
    private sealed class AllocationWindow(int warmup, int measured)
    {
        private int _count;
        private long _startBytes;
        private int _startGen0;

        public void OnInvocation()
        {
            _count++;
            if (_count == warmup + 1)
            {
                _startGen0 = GC.CollectionCount(0);
                _startBytes = GC.GetTotalAllocatedBytes(precise: true);
            }
            else if (_count == warmup + measured + 1)
            {
                long allocated = GC.GetTotalAllocatedBytes(precise: true) - _startBytes;
                int gen0 = GC.CollectionCount(0) - _startGen0;
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ReportPrefix}{allocated} {measured} {gen0}"));
                Console.Out.Flush();
            }
        }
    }
}
