using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using LambdaKit.Runtime.Logging;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Tests;

/// <summary>Lambda Managed Instances: <c>AWS_LAMBDA_MAX_CONCURRENCY</c> workers serving invocations at once in one process.</summary>
public sealed class ConcurrencyTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Invocations_overlap_in_one_process_up_to_the_maximum_concurrency_each_with_its_own_context()
    {
        const int Concurrency = 4;
        await using var api = new ConcurrentRuntimeApi();
        var baseDeadline = DateTimeOffset.UtcNow.AddMinutes(2);
        for (int i = 1; i <= Concurrency; i++)
        {
            api.Enqueue("r" + i, "{\"n\":" + i + "}", baseDeadline.AddSeconds(i), RuntimeApiContract.TraceIdHeader + ": Root=1-trace-" + i);
        }

        int inFlight = 0, peak = 0;
        var allIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new ConcurrentDictionary<string, (string Payload, string? TraceId, DateTimeOffset Deadline)>();
        await using var run = Run(api, Concurrency, init =>
        {
            var initLogger = init.Logger;
            return ValueTask.FromResult<LambdaHandler>(async (payload, context, response) =>
            {
                int now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref peak, now);
                if (now == Concurrency)
                {
                    allIn.TrySetResult();
                }

                // Without concurrency the first invocation waits here alone and the peak stays 1.
                await Task.WhenAny(allIn.Task, Task.Delay(TimeSpan.FromSeconds(5)));
                string text = Encoding.UTF8.GetString(payload.Span);
                seen[context.AwsRequestId] = (text, context.TraceId, context.Deadline);
                context.Logger.LogInformation("context logger " + text);
                initLogger.LogInformation("init logger " + text);
                response.Write(payload.Span);
                Interlocked.Decrement(ref inFlight);
            });
        });

        await api.WaitForAnswersAsync(Concurrency, TestTimeout);
        var (exitCode, log) = await run.StopAsync();

        Assert.Equal(Concurrency, peak);
        Assert.Equal(0, exitCode);
        for (int i = 1; i <= Concurrency; i++)
        {
            string id = "r" + i;
            Assert.Equal("{\"n\":" + i + "}", api.Responses[id]);
            Assert.Equal(("{\"n\":" + i + "}", "Root=1-trace-" + i, DateTimeOffset.FromUnixTimeMilliseconds(baseDeadline.AddSeconds(i).ToUnixTimeMilliseconds())), seen[id]);
            Assert.Equal(id, Assert.Single(log, line => line.EndsWith("\tcontext logger {\"n\":" + i + "}", StringComparison.Ordinal)).Split('\t')[1]);
            Assert.Equal(id, Assert.Single(log, line => line.EndsWith("\tinit logger {\"n\":" + i + "}", StringComparison.Ordinal)).Split('\t')[1]);
        }
    }

    [Fact]
    public async Task With_concurrency_above_one_the_trace_id_is_not_set_process_wide()
    {
        await using var api = new ConcurrentRuntimeApi();
        string traceId = "Root=1-" + Guid.NewGuid().ToString("N");
        api.Enqueue("r1", "{}", null, RuntimeApiContract.TraceIdHeader + ": " + traceId);
        string? variable = "unread";
        string? contextTraceId = null;
        await using var run = Run(api, 2, _ => ValueTask.FromResult<LambdaHandler>((payload, context, response) =>
        {
            variable = Environment.GetEnvironmentVariable(LambdaEnvironmentVariables.TraceId);
            contextTraceId = context.TraceId;
            return ValueTask.CompletedTask;
        }));

        await api.WaitForAnswersAsync(1, TestTimeout);
        await run.StopAsync();

        Assert.Equal(traceId, contextTraceId);
        Assert.NotEqual("unread", variable);
        Assert.NotEqual(traceId, variable);
    }

    [Fact]
    public async Task Json_records_of_concurrent_invocations_carry_their_own_request_trace_and_tenant_ids()
    {
        await using var api = new ConcurrentRuntimeApi();
        for (int i = 1; i <= 4; i++)
        {
            api.Enqueue("r" + i, "{}", null, RuntimeApiContract.TraceIdHeader + ": Root=1-" + i, RuntimeApiContract.TenantIdHeader + ": blue");
        }

        await using var run = Run(api, "2", _ => ValueTask.FromResult<LambdaHandler>(async (payload, context, response) =>
        {
            await Task.Yield();
            context.Logger.LogInformation("Serving {RequestId}", context.AwsRequestId);
        }), logFormat: "JSON");

        await api.WaitForAnswersAsync(4, TestTimeout);
        var (_, log) = await run.StopAsync();

        var records = log.Where(line => line.Contains("\"Serving ", StringComparison.Ordinal)).Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement).ToArray();
        Assert.Equal(4, records.Length);
        Assert.All(records, record =>
        {
            string id = record.GetProperty("requestId").GetString()!;
            Assert.Equal(id, record.GetProperty("RequestId").GetString());
            Assert.Equal("Root=1-" + id[1..], record.GetProperty("traceId").GetString());
            Assert.Equal("blue", record.GetProperty("tenantId").GetString());
        });
    }

    [Fact]
    public async Task A_handler_exception_does_not_stop_the_other_workers()
    {
        await using var api = new ConcurrentRuntimeApi();
        api.Enqueue("boom", "{}");
        for (int i = 1; i <= 5; i++)
        {
            api.Enqueue("r" + i, "{}");
        }

        await using var run = Run(api, 2, _ => ValueTask.FromResult<LambdaHandler>((payload, context, response) =>
        {
            if (context.AwsRequestId == "boom")
            {
                throw new InvalidOperationException("handler failed");
            }

            response.Write("ok"u8);
            return ValueTask.CompletedTask;
        }));

        await api.WaitForAnswersAsync(6, TestTimeout);
        var (exitCode, _) = await run.StopAsync();

        Assert.Contains("handler failed", api.Errors["boom"], StringComparison.Ordinal);
        Assert.Equal(["r1", "r2", "r3", "r4", "r5"], api.Responses.Keys.Order());
        Assert.All(api.Responses.Values, body => Assert.Equal("ok", body));
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task A_failing_worker_does_not_stop_the_others()
    {
        await using var api = new ConcurrentRuntimeApi();
        api.RefuseNext(1);
        await using var run = Run(api, 3, _ => ValueTask.FromResult<LambdaHandler>((payload, context, response) =>
        {
            response.Write(payload.Span);
            return ValueTask.CompletedTask;
        }));
        await run.WaitForLogAsync("has failed and ended", TestTimeout);

        for (int i = 1; i <= 6; i++)
        {
            api.Enqueue("r" + i, "{\"n\":" + i + "}");
        }

        await api.WaitForAnswersAsync(6, TestTimeout);
        var (exitCode, log) = await run.StopAsync();

        Assert.Equal(6, api.Responses.Count);
        Assert.Single(log, line => line.Contains("of 3 has failed and ended; the other workers go on.", StringComparison.Ordinal));
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task When_every_worker_fails_the_runtime_ends_with_exit_code_2()
    {
        await using var api = new ConcurrentRuntimeApi();
        api.RefuseNext(2);
        await using var run = Run(api, 2, _ => ValueTask.FromResult<LambdaHandler>((payload, context, response) => ValueTask.CompletedTask));

        int exitCode = await run.Completion.WaitAsync(TestTimeout);

        Assert.Equal(LambdaBootstrap.ExitCodeRuntimeApiUnavailable, exitCode);
    }

    [Fact]
    public async Task A_stop_lets_every_running_invocation_finish_and_post_its_response()
    {
        const int Concurrency = 3;
        await using var api = new ConcurrentRuntimeApi();
        for (int i = 1; i <= Concurrency; i++)
        {
            api.Enqueue("r" + i, "{}");
        }

        int started = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var run = Run(api, Concurrency, _ => ValueTask.FromResult<LambdaHandler>(async (payload, context, response) =>
        {
            Interlocked.Increment(ref started);
            await release.Task;
            response.Write("done"u8);
        }));
        var giveUp = DateTime.UtcNow + TestTimeout;
        while (Volatile.Read(ref started) < Concurrency && DateTime.UtcNow < giveUp)
        {
            await Task.Delay(5);
        }

        run.RequestStop();
        release.SetResult();
        int exitCode = await run.Completion.WaitAsync(TestTimeout);

        Assert.Equal(0, exitCode);
        Assert.Equal(Concurrency, api.Responses.Count);
        Assert.All(api.Responses.Values, body => Assert.Equal("done", body));
    }

    [Theory]
    [InlineData(null, 1, null)]
    [InlineData("16", 16, null)]
    [InlineData(" 1600 ", 1600, null)]
    [InlineData("0", 1, "AWS_LAMBDA_MAX_CONCURRENCY=0 is below 1; serving one invocation at a time.")]
    [InlineData("-4", 1, "AWS_LAMBDA_MAX_CONCURRENCY=-4 is below 1; serving one invocation at a time.")]
    [InlineData("four", 1, "AWS_LAMBDA_MAX_CONCURRENCY='four' is not a whole number; serving one invocation at a time.")]
    [InlineData("2.5", 1, "AWS_LAMBDA_MAX_CONCURRENCY='2.5' is not a whole number; serving one invocation at a time.")]
    [InlineData("1601", 1600, "AWS_LAMBDA_MAX_CONCURRENCY=1601 is above Lambda's limit of 1600; serving 1600 at a time.")]
    public void Max_concurrency_is_read_with_a_fallback_and_one_line_for_invalid_values(string? value, int expected, string? problem)
    {
        var settings = LambdaFunctionSettings.FromEnvironment(name => name == LambdaEnvironmentVariables.MaxConcurrency ? value : null);

        Assert.Equal(expected, settings.MaxConcurrency);
        Assert.Equal(problem, settings.MaxConcurrencyProblem);
    }

    [Fact]
    public async Task An_invalid_max_concurrency_is_logged_once_and_the_function_still_serves()
    {
        await using var api = new ConcurrentRuntimeApi();
        api.Enqueue("r1", "{}");
        await using var run = Run(api, "zero", _ => ValueTask.FromResult<LambdaHandler>((payload, context, response) => ValueTask.CompletedTask));

        await api.WaitForAnswersAsync(1, TestTimeout);
        var (_, log) = await run.StopAsync();

        Assert.Single(BootstrapRun.Faults(log), line => line.EndsWith("\tAWS_LAMBDA_MAX_CONCURRENCY='zero' is not a whole number; serving one invocation at a time.", StringComparison.Ordinal));
        Assert.True(api.Responses.ContainsKey("r1"));
    }

    private static RunningRuntime Run(ConcurrentRuntimeApi api, int concurrency, Func<LambdaInitContext, ValueTask<LambdaHandler>> initialize) =>
        Run(api, concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), initialize);

    private static RunningRuntime Run(ConcurrentRuntimeApi api, string concurrency, Func<LambdaInitContext, ValueTask<LambdaHandler>> initialize, string logFormat = "Text")
    {
        var variables = new Dictionary<string, string>
        {
            [LambdaEnvironmentVariables.RuntimeApi] = api.Address,
            [LambdaEnvironmentVariables.MaxConcurrency] = concurrency,
            [LambdaEnvironmentVariables.LogFormat] = logFormat,
        };
        return new RunningRuntime(variables, initialize);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>The bootstrap running on its own until stopped; its log captured.</summary>
    private sealed class RunningRuntime : IAsyncDisposable
    {
        private readonly Stream _log = Stream.Synchronized(new MemoryStream());
        private readonly CancellationTokenSource _stop = new();

        public RunningRuntime(Dictionary<string, string> variables, Func<LambdaInitContext, ValueTask<LambdaHandler>> initialize)
        {
            var options = new LambdaBootstrapOptions
            {
                EnvironmentVariables = variables,
                LogOutput = _log,
                HandleTerminationSignal = false,
                RetryPolicy = BootstrapRun.FastRetry,
            };
            Completion = Task.Run(() => LambdaBootstrap.RunAsync(initialize, options, _stop.Token));
        }

        public Task<int> Completion { get; }

        public string[] Log
        {
            get
            {
                lock (_log)
                {
                    long at = _log.Position;
                    _log.Position = 0;
                    string text = new StreamReader(_log, Encoding.UTF8, leaveOpen: true).ReadToEnd();
                    _log.Position = at;
                    return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                }
            }
        }

        public void RequestStop() => _stop.Cancel();

        public async Task WaitForLogAsync(string text, TimeSpan timeout)
        {
            var giveUp = DateTime.UtcNow + timeout;
            while (!Log.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                if (DateTime.UtcNow > giveUp || Completion.IsCompleted)
                {
                    throw new TimeoutException($"No log line with '{text}'. Log: " + string.Join(" | ", Log));
                }

                await Task.Delay(5);
            }
        }

        public async Task<(int ExitCode, string[] Log)> StopAsync()
        {
            RequestStop();
            int exitCode = await Completion.WaitAsync(TestTimeout);
            return (exitCode, Log);
        }

        public async ValueTask DisposeAsync()
        {
            if (!Completion.IsCompleted)
            {
                RequestStop();
                await Completion.WaitAsync(TestTimeout);
            }

            _stop.Dispose();
        }
    }
}
