using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing.Tests;

public sealed class RuntimeApiEmulatorTests
{
    private static readonly byte[] OddBytes = [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0x22, 0x7D, 0x0A, 0x00, 0xFF];

    [Fact]
    public async Task Next_carries_lambda_headers_and_the_event()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions
        {
            FunctionName = "orders",
            Region = "eu-west-1",
            AccountId = "111122223333",
            Timeout = TimeSpan.FromSeconds(30),
        });
        using var runtime = new FakeRuntime(emulator);

        var invoke = emulator.InvokeAsync("{\"n\":1}", cancellationToken: FakeRuntime.Deadline());
        using var next = await runtime.NextAsync();
        var polledAt = DateTimeOffset.UtcNow;

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("{\"n\":1}", await next.Content.ReadAsStringAsync());
        Assert.Equal("application/json", next.Content.Headers.ContentType?.MediaType);
        Assert.Equal(7, next.Content.Headers.ContentLength);
        Assert.True(Guid.TryParse(FakeRuntime.RequestId(next), out _));
        Assert.Equal("arn:aws:lambda:eu-west-1:111122223333:function:orders", next.Headers.GetValues(RuntimeApiContract.InvokedFunctionArnHeader).Single());
        Assert.Matches(
            new Regex("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1$"),
            next.Headers.GetValues(RuntimeApiContract.TraceIdHeader).Single());
        Assert.False(next.Headers.Contains(RuntimeApiContract.ClientContextHeader));
        Assert.False(next.Headers.Contains(RuntimeApiContract.CognitoIdentityHeader));

        // Absolute epoch milliseconds about 30 s ahead; a relative value or seconds would be far off.
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(next.Headers.GetValues(RuntimeApiContract.DeadlineHeader).Single(), CultureInfo.InvariantCulture));
        var remaining = deadline - polledAt;
        Assert.InRange(remaining, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(31));

        using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "{}");
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal("{\"status\":\"OK\"}", await posted.Content.ReadAsStringAsync());
        Assert.True((await invoke).IsSuccess);
    }

    [Fact]
    public async Task Response_round_trips_exact_bytes_through_the_csharp_api()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        var invoke = emulator.InvokeAsync(OddBytes, new InvokeOptions { RequestId = "req-1" }, FakeRuntime.Deadline());
        using var next = await runtime.NextAsync();
        Assert.Equal(OddBytes, await next.Content.ReadAsByteArrayAsync());
        Assert.Equal("req-1", FakeRuntime.RequestId(next));

        using var posted = await runtime.PostResponseAsync("req-1", OddBytes, "application/octet-stream");
        var result = await invoke;

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal("req-1", result.RequestId);
        Assert.Equal(OddBytes, result.Payload.ToArray());
        Assert.Equal("application/octet-stream", result.ContentType);
        Assert.Null(result.FunctionError);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task Response_round_trips_through_the_invoke_api_including_an_empty_body()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { FunctionVersion = "7" });
        using var runtime = new FakeRuntime(emulator);

        var invoke = runtime.InvokeHttpAsync(OddBytes);
        using (var next = await runtime.NextAsync())
        {
            Assert.Equal(OddBytes, await next.Content.ReadAsByteArrayAsync());
            using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), OddBytes);
        }

        using (var response = await invoke)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(OddBytes, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal("7", response.Headers.GetValues(RuntimeApiContract.ExecutedVersionHeader).Single());
            Assert.False(response.Headers.Contains(RuntimeApiContract.FunctionErrorResponseHeader));
        }

        // An empty invoke payload reaches the runtime as {}, and an empty response comes back empty.
        var second = runtime.InvokeHttpAsync(Array.Empty<byte>());
        using (var next = await runtime.NextAsync())
        {
            Assert.Equal("{}", await next.Content.ReadAsStringAsync());
            using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), Array.Empty<byte>());
        }

        using var empty = await second;
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Empty(await empty.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Error_post_surfaces_as_unhandled_function_error_with_the_posted_body()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);
        const string errorBody = "{\"errorMessage\":\"boom\",\"errorType\":\"InvalidOperationException\",\"stackTrace\":[\"at A.B()\"],\"cause\":{\"errorMessage\":\"inner\",\"errorType\":\"IOException\",\"stackTrace\":[]}}";

        var invoke = runtime.InvokeHttpAsync("{}");
        using (var next = await runtime.NextAsync())
        {
            using var posted = await runtime.PostErrorAsync(FakeRuntime.RequestId(next), errorBody, "InvalidOperationException");
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        using var response = await invoke;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues(RuntimeApiContract.FunctionErrorResponseHeader).Single());
        Assert.Equal(errorBody, await response.Content.ReadAsStringAsync());

        var result = Assert.Single(emulator.CompletedInvocations);
        Assert.Equal("Unhandled", result.FunctionError);
        Assert.Equal("InvalidOperationException", result.Error?.ErrorType);
        Assert.Equal("boom", result.Error?.ErrorMessage);
        Assert.Equal("IOException", result.Error?.Cause?.ErrorType);
        Assert.Equal("InvalidOperationException", result.ErrorTypeHeader);
        Assert.StartsWith(RuntimeApiContract.ErrorContentType, result.ContentType, StringComparison.Ordinal);

        var recorded = Assert.Single(emulator.Requests, r => r.Path.EndsWith(RuntimeApiContract.ErrorSuffix, StringComparison.Ordinal));
        Assert.Equal("InvalidOperationException", recorded.Header(RuntimeApiContract.FunctionErrorTypeHeader));
        Assert.StartsWith(RuntimeApiContract.ErrorContentType, recorded.ContentType, StringComparison.Ordinal);
        Assert.Equal(errorBody, Encoding.UTF8.GetString(recorded.Body.Span));
        Assert.Equal(202, recorded.StatusCode);
    }

    [Fact]
    public async Task Unparseable_error_body_is_built_from_the_error_type_header()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        var invoke = emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        using (var next = await runtime.NextAsync())
        {
            using var posted = await runtime.PostErrorAsync(FakeRuntime.RequestId(next), "not json at all", "Runtime.Crashed");
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        var result = await invoke;
        Assert.Equal("Unhandled", result.FunctionError);
        Assert.Equal("Runtime.Crashed", result.Error?.ErrorType);
        Assert.True(LambdaError.TryParse(result.Payload.Span, out var fromPayload));
        Assert.Equal("Runtime.Crashed", fromPayload?.ErrorType);
    }

    [Fact]
    public async Task Init_error_answers_the_pending_invoke_and_is_refused_after_init()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        var invoke = runtime.InvokeHttpAsync("{}");
        using (var posted = await runtime.PostErrorAsync(string.Empty, "{\"errorMessage\":\"Failed to load function.\",\"errorType\":\"InvalidFunctionException\"}", "Unhandled", RuntimeApiContract.InitErrorPath))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        using var response = await invoke;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues(RuntimeApiContract.FunctionErrorResponseHeader).Single());
        Assert.Contains("Failed to load function.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("InvalidFunctionException", emulator.InitError?.ErrorType);

        // Once the runtime polls /next, initialisation is over.
        using var cancelPoll = new CancellationTokenSource();
        var poll = runtime.NextAsync(cancelPoll.Token);
        await emulator.WaitForNextRequestAsync(1, FakeRuntime.Deadline());
        using (var late = await runtime.PostErrorAsync(string.Empty, "{}", null, RuntimeApiContract.InitErrorPath))
        {
            Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        }

        await cancelPoll.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
    }

    [Fact]
    public async Task Init_error_before_any_invoke_answers_the_next_invoke()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        using (var posted = await runtime.PostErrorAsync(string.Empty, "garbage", "Runtime.BadHandler", RuntimeApiContract.InitErrorPath))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        var result = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        Assert.Equal("Unhandled", result.FunctionError);
        Assert.Equal("Runtime.BadHandler", result.Error?.ErrorType);
    }

    [Fact]
    public async Task Unknown_and_completed_request_ids_are_rejected_with_400()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        using (var unknown = await runtime.PostResponseAsync("no-such-id", "{}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.True(LambdaError.TryParse(await unknown.Content.ReadAsByteArrayAsync(), out var error));
            Assert.Equal("InvalidRequestID", error?.ErrorType);
        }

        var invoke = emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        using var next = await runtime.NextAsync();
        var id = FakeRuntime.RequestId(next);
        using (var first = await runtime.PostResponseAsync(id, "\"first\""))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        using (var duplicate = await runtime.PostResponseAsync(id, "\"second\""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
            Assert.True(LambdaError.TryParse(await duplicate.Content.ReadAsByteArrayAsync(), out var error));
            Assert.Equal("InvalidStateTransition", error?.ErrorType);
        }

        using (var errorAfterResponse = await runtime.PostErrorAsync(id, "{}", "Unhandled"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, errorAfterResponse.StatusCode);
        }

        Assert.Equal("\"first\"", (await invoke).PayloadAsString);
        Assert.Equal([400, 202, 400, 400], emulator.Requests.Where(r => r.Method == "POST").Select(r => r.StatusCode ?? 0).ToArray());
    }

    [Fact]
    public async Task Oversized_response_gets_413_and_fails_the_invocation()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(60) });
        using var runtime = new FakeRuntime(emulator);

        var invoke = emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        using var next = await runtime.NextAsync();
        var tooBig = new byte[RuntimeApiContract.MaxSynchronousPayloadBytes + 1];
        using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), tooBig);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, posted.StatusCode);
        var result = await invoke;
        Assert.Equal("Unhandled", result.FunctionError);
        Assert.Equal("Function.ResponseSizeTooLarge", result.Error?.ErrorType);
        Assert.Contains("6291457", result.Error?.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("6291456", result.Error?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Response_of_exactly_6_MB_is_accepted()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(60) });
        using var runtime = new FakeRuntime(emulator);

        var invoke = emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        using var next = await runtime.NextAsync();
        var limit = new byte[RuntimeApiContract.MaxSynchronousPayloadBytes];
        limit[^1] = 42;
        using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), limit);

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var result = await invoke;
        Assert.True(result.IsSuccess);
        Assert.Equal(limit.Length, result.Payload.Length);
        Assert.Equal(42, result.Payload.Span[^1]);
    }

    [Fact]
    public async Task Oversized_invoke_request_gets_413_and_never_reaches_the_runtime()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        using var response = await runtime.InvokeHttpAsync(new byte[RuntimeApiContract.MaxSynchronousPayloadBytes + 1]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("RequestTooLargeException", response.Headers.GetValues("X-Amzn-ErrorType").Single());
        Assert.Contains("6291456", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(emulator.CompletedInvocations);
    }

    [Fact]
    public async Task Oversized_invoke_from_csharp_returns_the_same_413_result_and_is_never_queued()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();

        var result = await emulator.InvokeAsync(new byte[6_291_457], cancellationToken: FakeRuntime.Deadline());

        Assert.False(result.IsSuccess);
        Assert.Equal(413, result.StatusCode);
        Assert.Null(result.FunctionError);
        Assert.Equal("RequestTooLargeException", result.Error?.ErrorType);
        Assert.Equal(
            "{\"Type\":\"User\",\"message\":\"Request must be smaller than 6291456 bytes for the InvokeFunction operation\"}",
            result.PayloadAsString);
        Assert.Empty(emulator.CompletedInvocations);
    }

    [Fact]
    public async Task Event_invoke_over_1_MB_gets_413_and_is_never_queued()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        using var response = await runtime.InvokeHttpAsync(new byte[1_048_577], invocationType: "Event");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("RequestTooLargeException", response.Headers.GetValues("X-Amzn-ErrorType").Single());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "{\"Type\":\"User\",\"message\":\"Request must be smaller than 1048576 bytes for the InvokeFunction operation\"}",
            await response.Content.ReadAsStringAsync());

        // Nothing was queued: a poll stays unanswered until a later event arrives, and that event is the one it gets.
        var poll = runtime.NextAsync();
        await emulator.WaitForNextRequestAsync(1, FakeRuntime.Deadline());
        await Task.Delay(200);
        Assert.False(poll.IsCompleted);
        var invoke = emulator.InvokeAsync("\"later\"", cancellationToken: FakeRuntime.Deadline());
        using var next = await poll;
        Assert.Equal("\"later\"", await next.Content.ReadAsStringAsync());
        using (await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "{}"))
        {
        }

        await invoke;
        Assert.Single(emulator.CompletedInvocations);
    }

    [Fact]
    public async Task Event_invoke_of_exactly_1_MB_is_accepted_and_a_synchronous_one_over_it_too()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(60) });
        using var runtime = new FakeRuntime(emulator);
        var atLimit = new byte[1_048_576];
        atLimit[^1] = 42;

        using (var accepted = await runtime.InvokeHttpAsync(atLimit, invocationType: "Event"))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using (var next = await runtime.NextAsync())
        {
            var received = await next.Content.ReadAsByteArrayAsync();
            Assert.Equal(1_048_576, received.Length);
            Assert.Equal(42, received[^1]);
            using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "{}");
        }

        // The 1 MB limit is the asynchronous one only.
        var synchronous = runtime.InvokeHttpAsync(new byte[1_048_577]);
        using (var next = await runtime.NextAsync())
        {
            using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "\"sync\"");
        }

        using var response = await synchronous;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"sync\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(1_048_576, RuntimeApiContract.MaxAsynchronousPayloadBytes);
    }

    [Fact]
    public async Task Missing_response_times_out_like_lambda_and_the_late_response_is_refused()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(1) });
        using var runtime = new FakeRuntime(emulator);

        var invoke = runtime.InvokeHttpAsync("{}");
        using var next = await runtime.NextAsync();
        using var response = await invoke;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", response.Headers.GetValues(RuntimeApiContract.FunctionErrorResponseHeader).Single());
        Assert.True(LambdaError.TryParse(await response.Content.ReadAsByteArrayAsync(), out var error));
        Assert.Equal("Sandbox.Timedout", error?.ErrorType);
        Assert.Equal($"RequestId: {FakeRuntime.RequestId(next)} Error: Task timed out after 1.00 seconds", error?.ErrorMessage);

        using var late = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "{}");
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
    }

    [Fact]
    public async Task Per_invocation_timeout_override_shortens_the_deadline()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromMinutes(5) });
        using var runtime = new FakeRuntime(emulator);

        var invoke = emulator.InvokeAsync("{}", new InvokeOptions { Timeout = TimeSpan.FromMilliseconds(500) }, FakeRuntime.Deadline());
        using var next = await runtime.NextAsync();
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(next.Headers.GetValues(RuntimeApiContract.DeadlineHeader).Single(), CultureInfo.InvariantCulture));

        Assert.True(deadline < DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("Sandbox.Timedout", (await invoke).Error?.ErrorType);
    }

    [Fact]
    public async Task Event_invocation_returns_202_at_once_and_still_runs()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        using (var accepted = await runtime.InvokeHttpAsync("{\"async\":true}", invocationType: "Event"))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            Assert.Empty(await accepted.Content.ReadAsByteArrayAsync());
        }

        using (var dryRun = await runtime.InvokeHttpAsync("{}", invocationType: "DryRun"))
        {
            Assert.Equal(HttpStatusCode.NoContent, dryRun.StatusCode);
        }

        using var next = await runtime.NextAsync();
        Assert.Equal("{\"async\":true}", await next.Content.ReadAsStringAsync());
        using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "null");
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal("null", Assert.Single(emulator.CompletedInvocations).PayloadAsString);
    }

    [Fact]
    public async Task Invoke_api_accepts_the_function_name_and_arn_and_404s_others()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { FunctionName = "orders" });
        using var runtime = new FakeRuntime(emulator);

        using (var unknown = await runtime.InvokeHttpAsync("{}", "payments"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("ResourceNotFoundException", unknown.Headers.GetValues("X-Amzn-ErrorType").Single());
        }

        foreach (var name in new[] { "orders", "function", Uri.EscapeDataString(emulator.FunctionArn) })
        {
            using (await runtime.InvokeHttpAsync("{}", name, "DryRun"))
            {
            }

            var invoke = runtime.InvokeHttpAsync("\"" + name + "\"", name);
            using var next = await runtime.NextAsync();
            using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), await next.Content.ReadAsByteArrayAsync());
            using var response = await invoke;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("\"" + name + "\"", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Client_context_and_cognito_identity_reach_the_runtime()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);
        const string clientContext = "{\"client\":{\"app_title\":\"t\"},\"custom\":{\"k\":\"v\"},\"env\":{}}";
        const string cognito = "{\"cognitoIdentityId\":\"id-1\",\"cognitoIdentityPoolId\":\"pool-1\"}";

        var invoke = emulator.InvokeAsync("{}", new InvokeOptions { ClientContext = clientContext, CognitoIdentity = cognito, TraceId = "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0" }, FakeRuntime.Deadline());
        using (var next = await runtime.NextAsync())
        {
            Assert.Equal(clientContext, next.Headers.GetValues(RuntimeApiContract.ClientContextHeader).Single());
            Assert.Equal(cognito, next.Headers.GetValues(RuntimeApiContract.CognitoIdentityHeader).Single());
            Assert.Equal("Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0", next.Headers.GetValues(RuntimeApiContract.TraceIdHeader).Single());
            using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "{}");
        }

        await invoke;

        // Through the Invoke API the client context travels base64-encoded and arrives decoded.
        using var request = new HttpRequestMessage(HttpMethod.Post, RuntimeApiContract.InvokePathPrefix + "function" + RuntimeApiContract.InvokePathSuffix)
        {
            Content = new StringContent("{}"),
        };
        request.Headers.Add("X-Amz-Client-Context", Convert.ToBase64String(Encoding.UTF8.GetBytes(clientContext)));
        var httpInvoke = runtime.Http.SendAsync(request, FakeRuntime.Deadline());
        using (var next = await runtime.NextAsync())
        {
            Assert.Equal(clientContext, next.Headers.GetValues(RuntimeApiContract.ClientContextHeader).Single());
            using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "{}");
        }

        using var response = await httpInvoke;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Injected_500_on_next_leaves_the_event_queued_for_the_retry()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);
        emulator.Faults.FailNext(1, RuntimeApiFault.InternalServerError);

        var invoke = emulator.InvokeAsync("{\"x\":1}", cancellationToken: FakeRuntime.Deadline());
        using (var failed = await runtime.NextAsync())
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        using var next = await runtime.NextAsync();
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("{\"x\":1}", await next.Content.ReadAsStringAsync());
        using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "1");
        Assert.Equal("1", (await invoke).PayloadAsString);
        Assert.Equal(2, emulator.NextRequestTimes.Count);
    }

    [Fact]
    public async Task Injected_faults_on_response_and_error_posts_do_not_complete_the_invocation()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(60) });
        using var runtime = new FakeRuntime(emulator);
        emulator.Faults.FailResponse(1, RuntimeApiFault.CloseConnection);
        emulator.Faults.FailError(1, RuntimeApiFault.InternalServerError);

        var invoke = emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        using var next = await runtime.NextAsync();
        var id = FakeRuntime.RequestId(next);

        await Assert.ThrowsAsync<HttpRequestException>(() => runtime.PostResponseAsync(id, "{}"));
        using (var failed = await runtime.PostErrorAsync(id, "{\"errorType\":\"E\",\"errorMessage\":\"m\"}", "E"))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        Assert.False(invoke.IsCompleted);
        using (var retried = await runtime.PostErrorAsync(id, "{\"errorType\":\"E\",\"errorMessage\":\"m\"}", "E"))
        {
            Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        }

        Assert.Equal("E", (await invoke).Error?.ErrorType);
        Assert.Equal([null, 500, 202], emulator.Requests.Where(r => r.RequestId == id && r.Method == "POST").Select(r => r.StatusCode).ToArray());
    }

    [Fact]
    public async Task Closed_connection_on_next_leaves_the_event_queued()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);
        emulator.Faults.FailNext(1, RuntimeApiFault.CloseConnection);

        var invoke = emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        await Assert.ThrowsAsync<HttpRequestException>(() => runtime.NextAsync());

        using var next = await runtime.NextAsync();
        using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "2");
        Assert.Equal("2", (await invoke).PayloadAsString);
    }

    [Fact]
    public async Task Runtime_that_disconnects_while_polling_does_not_lose_the_event()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();

        // A raw socket, so the disconnect is a real FIN rather than an HttpClient-side cancellation.
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(IPAddress.Loopback, emulator.BaseUri.Port);
            var request = $"GET {RuntimeApiContract.NextInvocationPath} HTTP/1.1\r\nHost: {emulator.RuntimeApiAddress}\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request));
            await emulator.WaitForNextRequestAsync(1, FakeRuntime.Deadline());
            socket.Shutdown(SocketShutdown.Both);
        }

        await FakeRuntime.WaitUntilAsync(() => emulator.Requests.Count == 1);

        var invoke = emulator.InvokeAsync("{\"kept\":true}", cancellationToken: FakeRuntime.Deadline());
        using var runtime = new FakeRuntime(emulator);
        using var next = await runtime.NextAsync();
        Assert.Equal("{\"kept\":true}", await next.Content.ReadAsStringAsync());
        using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "3");
        Assert.Equal("3", (await invoke).PayloadAsString);
        Assert.Null(emulator.Requests[0].StatusCode);
    }

    [Fact]
    public async Task Poll_cancelled_mid_wait_then_retried_still_gets_the_event()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        using (var cancel = new CancellationTokenSource())
        {
            var poll = runtime.NextAsync(cancel.Token);
            await emulator.WaitForNextRequestAsync(1, FakeRuntime.Deadline());
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
        }

        // TCP gives no way to tell a dead poll from a live one before the FIN arrives; once the emulator has
        // seen the disconnect, the event must go to the next poll.
        await FakeRuntime.WaitUntilAsync(() => emulator.Requests.Count == 1);
        var invoke = emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        using var next = await runtime.NextAsync();
        using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "4");
        Assert.Equal("4", (await invoke).PayloadAsString);
    }

    [Fact]
    public async Task Invocations_are_dispatched_one_at_a_time_in_order()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(60) });
        using var runtime = new FakeRuntime(emulator);

        var first = emulator.InvokeAsync("1", cancellationToken: FakeRuntime.Deadline());
        var second = emulator.InvokeAsync("2", cancellationToken: FakeRuntime.Deadline());
        using var next1 = await runtime.NextAsync();
        Assert.Equal("1", await next1.Content.ReadAsStringAsync());

        // The second event waits until the first one completes, as in a single execution environment.
        var poll2 = runtime.NextAsync();
        await emulator.WaitForNextRequestAsync(2, FakeRuntime.Deadline());
        Assert.False(poll2.IsCompleted);
        using (await runtime.PostResponseAsync(FakeRuntime.RequestId(next1), "one"))
        {
        }

        using var next2 = await poll2;
        Assert.Equal("2", await next2.Content.ReadAsStringAsync());
        using (await runtime.PostResponseAsync(FakeRuntime.RequestId(next2), "two"))
        {
        }

        Assert.Equal("one", (await first).PayloadAsString);
        Assert.Equal("two", (await second).PayloadAsString);
    }

    [Fact]
    public async Task Stopped_api_refuses_connections()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);
        var poll = runtime.NextAsync();
        await emulator.WaitForNextRequestAsync(1, FakeRuntime.Deadline());

        await emulator.StopAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => poll);
        await Assert.ThrowsAsync<HttpRequestException>(() => runtime.NextAsync());
    }

    [Fact]
    public async Task Dispose_fails_invocations_still_waiting()
    {
        var emulator = await RuntimeApiEmulator.StartAsync();
        var invoke = emulator.InvokeAsync("{}");

        await emulator.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => invoke);
    }

    [Fact]
    public async Task Requests_record_method_path_headers_and_user_agent()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);
        runtime.Http.DefaultRequestHeaders.UserAgent.ParseAdd("probe/1.0");

        var invoke = emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        using var next = await runtime.NextAsync();
        using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "{}");
        await invoke;

        var requests = emulator.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(("GET", RuntimeApiContract.NextInvocationPath, 200), (requests[0].Method, requests[0].Path, requests[0].StatusCode ?? 0));
        Assert.Equal(("POST", RuntimeApiContract.ResponsePath(FakeRuntime.RequestId(next)), 202), (requests[1].Method, requests[1].Path, requests[1].StatusCode ?? 0));
        Assert.All(requests, r => Assert.Equal("probe/1.0", r.UserAgent));
        Assert.Equal(FakeRuntime.RequestId(next), requests[1].RequestId);
        Assert.Single(emulator.NextRequestTimes);
        Assert.True(emulator.NextRequestTimes[0] <= requests[1].ReceivedAt);
    }
}
