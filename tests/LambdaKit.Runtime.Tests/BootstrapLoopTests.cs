using System.Buffers;
using System.Text;
using System.Text.Json;
using LambdaKit.Runtime.Logging;
using LambdaKit.Runtime.Protocol;
using LambdaKit.Testing;

namespace LambdaKit.Runtime.Tests;

/// <summary>The bootstrap loop and its client against the Runtime API emulator, hosted in-process.</summary>
public sealed class BootstrapLoopTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_response_round_trips_byte_for_byte()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, Echo);

        var result = await emulator.InvokeAsync("{\"text\":\"héllo\"}").WaitAsync(TestTimeout);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        Assert.Equal("{\"text\":\"héllo\"}", result.PayloadAsString);
        var post = Assert.Single(emulator.Requests, r => r.Path.EndsWith(RuntimeApiContract.ResponseSuffix, StringComparison.Ordinal));
        Assert.Equal(RuntimeApiContract.ResponsePath(result.RequestId), post.Path);
        Assert.Equal(202, post.StatusCode);
    }

    [Fact]
    public async Task The_context_carries_every_header_and_setting()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { FunctionName = "orders", MemorySizeMb = 512, Timeout = TimeSpan.FromSeconds(20) });
        string? seen = null;
        await using var function = InProcessLambda.Start(emulator, (payload, context, response) =>
        {
            seen = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["requestId"] = context.AwsRequestId,
                ["functionName"] = context.FunctionName,
                ["functionVersion"] = context.FunctionVersion,
                ["arn"] = context.InvokedFunctionArn,
                ["memory"] = context.MemoryLimitInMB,
                ["logGroup"] = context.LogGroupName,
                ["logStream"] = context.LogStreamName,
                ["traceId"] = context.TraceId,
                ["remainingMs"] = context.RemainingTime.TotalMilliseconds,
                ["deadline"] = context.Deadline.ToUnixTimeMilliseconds(),
                ["identityId"] = context.Identity?.IdentityId,
                ["pool"] = context.Identity?.IdentityPoolId,
                ["appTitle"] = context.ClientContext?.Client?.AppTitle,
                ["custom"] = context.ClientContext?.Custom["tenant"],
            });
            return ValueTask.CompletedTask;
        });
        const string traceId = "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1";
        long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var result = await emulator.InvokeAsync("{}", new InvokeOptions
        {
            TraceId = traceId,
            CognitoIdentity = "{\"cognitoIdentityId\":\"id-1\",\"cognitoIdentityPoolId\":\"pool-1\"}",
            ClientContext = "{\"client\":{\"app_title\":\"Shop\"},\"custom\":{\"tenant\":\"t-9\"},\"env\":{}}",
        }).WaitAsync(TestTimeout);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        using var document = JsonDocument.Parse(seen!);
        var root = document.RootElement;
        Assert.Equal(result.RequestId, root.GetProperty("requestId").GetString());
        Assert.Equal("orders", root.GetProperty("functionName").GetString());
        Assert.Equal("$LATEST", root.GetProperty("functionVersion").GetString());
        Assert.Equal(emulator.FunctionArn, root.GetProperty("arn").GetString());
        Assert.Equal(512, root.GetProperty("memory").GetInt32());
        Assert.Equal("/aws/lambda/orders", root.GetProperty("logGroup").GetString());
        Assert.Equal(function.Environment[LambdaEnvironmentVariables.LogStreamName], root.GetProperty("logStream").GetString());
        Assert.Equal(traceId, root.GetProperty("traceId").GetString());
        Assert.InRange(root.GetProperty("remainingMs").GetDouble(), 1, 20_000);
        Assert.InRange(root.GetProperty("deadline").GetInt64(), before + 20_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 20_000);
        Assert.Equal("id-1", root.GetProperty("identityId").GetString());
        Assert.Equal("pool-1", root.GetProperty("pool").GetString());
        Assert.Equal("Shop", root.GetProperty("appTitle").GetString());
        Assert.Equal("t-9", root.GetProperty("custom").GetString());
    }

    [Fact]
    public async Task A_handler_exception_is_reported_with_its_cause_and_the_loop_goes_on()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, (payload, context, response) =>
        {
            if (payload.Span.SequenceEqual("\"fail\""u8))
            {
                try
                {
                    throw new FormatException("inner problem");
                }
                catch (FormatException inner)
                {
                    throw new InvalidOperationException("outer problem", inner);
                }
            }

            return Echo(payload, context, response);
        });

        var failed = await emulator.InvokeAsync("\"fail\"").WaitAsync(TestTimeout);
        var next = await emulator.InvokeAsync("\"ok\"").WaitAsync(TestTimeout);

        Assert.Equal(RuntimeApiContract.UnhandledFunctionError, failed.FunctionError);
        Assert.Equal("InvalidOperationException", failed.Error!.ErrorType);
        Assert.Equal("outer problem", failed.Error.ErrorMessage);
        Assert.Contains(failed.Error.StackTrace, line => line.Contains(nameof(A_handler_exception_is_reported_with_its_cause_and_the_loop_goes_on), StringComparison.Ordinal));
        Assert.Equal("FormatException", failed.Error.Cause!.ErrorType);
        Assert.Equal("inner problem", failed.Error.Cause.ErrorMessage);
        Assert.NotEmpty(failed.Error.Cause.StackTrace);
        var post = Assert.Single(emulator.Requests, r => r.Path == RuntimeApiContract.ErrorPath(failed.RequestId));
        Assert.Equal(RuntimeApiContract.ErrorContentType, post.ContentType);
        Assert.Equal("InvalidOperationException", post.Header(RuntimeApiContract.FunctionErrorTypeHeader));
        Assert.True(next.IsSuccess);
        Assert.Equal("\"ok\"", next.PayloadAsString);
        Assert.Contains(function.LogLines, line => line.Contains('\t' + failed.RequestId + "\tERROR\tSystem.InvalidOperationException: outer problem", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_init_failure_is_posted_to_init_error_and_ends_the_runtime()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, init => throw new LambdaInitException("Runtime.NoSuchHandler", "No handler named 'nope'. Valid handlers: a, b."));

        int exitCode = await function.Completion.WaitAsync(TestTimeout);
        var result = await emulator.InvokeAsync("{}").WaitAsync(TestTimeout);

        Assert.Equal(LambdaBootstrap.ExitCodeInitError, exitCode);
        Assert.Equal("Runtime.NoSuchHandler", emulator.InitError!.ErrorType);
        Assert.Equal("No handler named 'nope'. Valid handlers: a, b.", emulator.InitError.ErrorMessage);
        var post = Assert.Single(emulator.Requests, r => r.Path == RuntimeApiContract.InitErrorPath);
        Assert.Equal("Runtime.NoSuchHandler", post.Header(RuntimeApiContract.FunctionErrorTypeHeader));
        Assert.Equal(RuntimeApiContract.ErrorContentType, post.ContentType);
        Assert.Equal(RuntimeApiContract.UnhandledFunctionError, result.FunctionError);
        Assert.Equal("Runtime.NoSuchHandler", result.Error!.ErrorType);
        Assert.DoesNotContain(emulator.Requests, r => r.Path == RuntimeApiContract.NextInvocationPath);
    }

    [Fact]
    public async Task An_ordinary_init_exception_keeps_its_type_name()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, async init =>
        {
            await Task.Yield();
            throw new FileNotFoundException("config.json is missing");
        });

        Assert.Equal(LambdaBootstrap.ExitCodeInitError, await function.Completion.WaitAsync(TestTimeout));
        Assert.Equal("FileNotFoundException", emulator.InitError!.ErrorType);
        Assert.Contains(function.LogLines, line => line.Contains("\tFATAL\tInitialization failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_5xx_on_every_endpoint_is_retried()
    {
        const RuntimeApiFault fault = RuntimeApiFault.InternalServerError;
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        emulator.Faults.FailNext(2, fault);
        emulator.Faults.FailResponse(1, fault);
        emulator.Faults.FailError(1, fault);
        await using var function = InProcessLambda.Start(emulator, (payload, context, response) =>
            payload.Span.SequenceEqual("\"fail\""u8) ? throw new InvalidOperationException("expected") : Echo(payload, context, response));

        var ok = await emulator.InvokeAsync("\"ok\"").WaitAsync(TestTimeout);
        var failed = await emulator.InvokeAsync("\"fail\"").WaitAsync(TestTimeout);

        Assert.Equal("\"ok\"", ok.PayloadAsString);
        Assert.Equal("expected", failed.Error!.ErrorMessage);
        Assert.Equal(4, function.LogLines.Count(line => line.Contains("\tWARN\t", StringComparison.Ordinal) && line.Contains("; retry ", StringComparison.Ordinal)));
        Assert.False(function.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_connection_lost_after_a_post_was_sent_is_not_posted_again_but_a_lost_next_is_retried()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(1) });
        emulator.Faults.FailNext(2, RuntimeApiFault.CloseConnection);
        emulator.Faults.FailResponse(1, RuntimeApiFault.CloseConnection);
        await using var function = InProcessLambda.Start(emulator, Echo);

        var lost = await emulator.InvokeAsync("\"lost\"").WaitAsync(TestTimeout);
        var ok = await emulator.InvokeAsync("\"ok\"").WaitAsync(TestTimeout);

        Assert.False(lost.IsSuccess);
        Assert.Single(emulator.Requests, r => r.Path == RuntimeApiContract.ResponsePath(lost.RequestId));
        Assert.Equal("\"ok\"", ok.PayloadAsString);
        Assert.Equal(2, function.LogLines.Count(line => line.Contains("\tWARN\t", StringComparison.Ordinal) && line.Contains("; retry ", StringComparison.Ordinal)));
        Assert.Contains(function.LogLines, line => line.Contains("\tERROR\t", StringComparison.Ordinal) && line.Contains("so it is not sent again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gone_runtime_api_ends_the_loop_with_a_clear_message()
    {
        var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, Echo);
        await emulator.InvokeAsync("1").WaitAsync(TestTimeout);

        await emulator.DisposeAsync();
        int exitCode = await function.Completion.WaitAsync(TestTimeout);

        Assert.Equal(LambdaBootstrap.ExitCodeRuntimeApiUnavailable, exitCode);
        Assert.Contains(function.LogLines, line => line.Contains("\tFATAL\tThe Lambda Runtime API at " + emulator.RuntimeApiAddress + " is unavailable", StringComparison.Ordinal)
            && line.EndsWith("Ending the runtime.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_cancellation_token_fires_before_the_deadline()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(4) });
        await using var function = InProcessLambda.Start(
            emulator,
            async (payload, context, response) =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Encoding.UTF8.GetBytes(context.RemainingTime.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), response);
                }
            },
            new InProcessLambdaOptions { CancellationMargin = TimeSpan.FromSeconds(1) });

        var result = await emulator.InvokeAsync("{}").WaitAsync(TestTimeout);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        double remainingAtCancellation = double.Parse(result.PayloadAsString, System.Globalization.CultureInfo.InvariantCulture);
        // The deadline header has millisecond resolution, so the token may fire a millisecond or so early.
        Assert.InRange(remainingAtCancellation, 1, 1_100);
    }

    [Fact]
    public async Task Each_invocation_gets_a_fresh_deadline_token()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(3) });
        await using var function = InProcessLambda.Start(
            emulator,
            async (payload, context, response) =>
            {
                if (payload.Span.SequenceEqual("\"wait\""u8))
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                }

                response.Write(context.CancellationToken.IsCancellationRequested ? "cancelled"u8 : "live"u8);
            },
            new InProcessLambdaOptions { CancellationMargin = TimeSpan.FromMilliseconds(2_500) });

        var first = await emulator.InvokeAsync("\"wait\"").WaitAsync(TestTimeout);
        var second = await emulator.InvokeAsync("\"now\"").WaitAsync(TestTimeout);

        Assert.Equal("cancelled", first.PayloadAsString);
        Assert.Equal("live", second.PayloadAsString);
    }

    [Fact]
    public async Task A_response_over_the_payload_limit_fails_the_invocation_but_not_the_loop()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, (payload, context, response) =>
        {
            int size = payload.Span.SequenceEqual("\"big\""u8) ? RuntimeApiContract.MaxSynchronousPayloadBytes + 1 : 2;
            response.GetSpan(size)[..size].Fill((byte)'7');
            response.Advance(size);
            return ValueTask.CompletedTask;
        });

        var big = await emulator.InvokeAsync("\"big\"").WaitAsync(TestTimeout);
        var small = await emulator.InvokeAsync("\"small\"").WaitAsync(TestTimeout);

        Assert.Equal("Function.ResponseSizeTooLarge", big.Error!.ErrorType);
        Assert.Contains(function.LogLines, line => line.Contains($"refused the {RuntimeApiContract.MaxSynchronousPayloadBytes + 1}-byte response", StringComparison.Ordinal)
            && line.Contains("it exceeds Lambda's 6 MB limit", StringComparison.Ordinal));
        Assert.Equal("77", small.PayloadAsString);
    }

    [Fact]
    public async Task A_stop_request_ends_the_loop_with_exit_code_zero()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var function = InProcessLambda.Start(emulator, Echo);
        await emulator.WaitForNextRequestAsync().WaitAsync(TestTimeout);

        int exitCode = await function.StopAsync().WaitAsync(TestTimeout);
        await function.DisposeAsync();

        Assert.Equal(LambdaBootstrap.ExitCodeStopped, exitCode);
        Assert.Contains(function.LogLines, line => line.EndsWith("\tINFO\tStop requested; the runtime loop has ended.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stop_request_during_an_invocation_still_posts_its_answer()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(30) });
        var handlerStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var function = InProcessLambda.Start(emulator, async (payload, context, response) =>
        {
            handlerStarted.SetResult();
            await release.Task;
            response.Write("done"u8);
        });

        var invocation = emulator.InvokeAsync("{}");
        await handlerStarted.Task.WaitAsync(TestTimeout);
        var stopping = function.StopAsync();
        release.SetResult();
        var result = await invocation.WaitAsync(TestTimeout);
        int exitCode = await stopping.WaitAsync(TestTimeout);
        await function.DisposeAsync();

        Assert.Equal("done", result.PayloadAsString);
        Assert.Equal(LambdaBootstrap.ExitCodeStopped, exitCode);
    }

    [Fact]
    public async Task Without_a_runtime_api_address_the_loop_says_why_it_cannot_start()
    {
        using var log = new MemoryStream();

        int exitCode = await LambdaBootstrap.RunAsync(
            Echo,
            new LambdaBootstrapOptions { EnvironmentVariables = new Dictionary<string, string>(), LogOutput = log, HandleTerminationSignal = false })
            .WaitAsync(TestTimeout);

        Assert.Equal(LambdaBootstrap.ExitCodeRuntimeApiUnavailable, exitCode);
        Assert.Contains("AWS_LAMBDA_RUNTIME_API is not set", Encoding.UTF8.GetString(log.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handler_log_lines_carry_the_request_id_in_json_format()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var options = new InProcessLambdaOptions();
        options.Environment[LambdaEnvironmentVariables.LogFormat] = "JSON";
        options.Environment[LambdaEnvironmentVariables.LogLevel] = "DEBUG";
        await using var function = InProcessLambda.Start(
            emulator,
            (payload, context, response) =>
            {
                context.Logger.LogDebug("handling");
                return Echo(payload, context, response);
            },
            options);

        var result = await emulator.InvokeAsync("{}").WaitAsync(TestTimeout);

        var record = Assert.Single(function.LogLines);
        using var document = JsonDocument.Parse(record);
        Assert.Equal(result.RequestId, document.RootElement.GetProperty("requestId").GetString());
        Assert.Equal("DEBUG", document.RootElement.GetProperty("level").GetString());
        Assert.Equal("handling", document.RootElement.GetProperty("message").GetString());
    }

    private static ValueTask Echo(ReadOnlyMemory<byte> payload, ILambdaContext context, IBufferWriter<byte> response)
    {
        response.Write(payload.Span);
        return ValueTask.CompletedTask;
    }
}
