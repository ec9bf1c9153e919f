using System.Net;
using System.Net.Sockets;
using System.Text;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Tests;

public sealed class RuntimeApiClientTests
{
    private static readonly RuntimeApiRetryPolicy FastRetry = new(4, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20));
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Next_reads_every_header_and_the_body()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Next(
            "{\"a\":1}",
            "Content-Type: application/json",
            "Lambda-Runtime-Aws-Request-Id: 8476a536-e9f4-11e8-9739-2dfe598c3fcd",
            "Lambda-Runtime-Deadline-Ms: 1542409706888",
            "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-2:123456789012:function:custom-runtime",
            "Lambda-Runtime-Trace-Id: Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
            "Lambda-Runtime-Client-Context: {\"client\":{\"app_title\":\"t\"}}",
            "Lambda-Runtime-Cognito-Identity: {\"cognitoIdentityId\":\"id\",\"cognitoIdentityPoolId\":\"pool\"}"));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal("8476a536-e9f4-11e8-9739-2dfe598c3fcd", invocation.RequestId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1542409706888), invocation.Deadline);
        Assert.Equal("arn:aws:lambda:us-east-2:123456789012:function:custom-runtime", invocation.InvokedFunctionArn);
        Assert.Equal("Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1", invocation.TraceId);
        Assert.Equal("{\"client\":{\"app_title\":\"t\"}}", invocation.ClientContextJson);
        Assert.Equal("{\"cognitoIdentityId\":\"id\",\"cognitoIdentityPoolId\":\"pool\"}", invocation.CognitoIdentityJson);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(invocation.Payload.Span));
        Assert.True(server.Requests.TryPeek(out var request));
        Assert.StartsWith("GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\r\nHost: " + server.Address + "\r\n", request, StringComparison.Ordinal);
        Assert.Empty(log.Text);
    }

    [Fact]
    public async Task Header_names_are_case_insensitive_and_a_chunked_body_is_reassembled()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(
            "HTTP/1.1 200 OK\r\nlambda-runtime-aws-request-id: r1\r\nLAMBDA-RUNTIME-DEADLINE-MS: 1700000000000\r\n" +
            "lambda-runtime-invoked-function-arn: arn\r\nTransfer-Encoding: chunked\r\n\r\n" +
            "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n");
        using var client = new RuntimeApiClient(server.Address, new TestLog().Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal("r1", invocation.RequestId);
        Assert.Equal(1700000000000, invocation.Deadline.ToUnixTimeMilliseconds());
        Assert.Equal("hello, world", Encoding.UTF8.GetString(invocation.Payload.Span));
    }

    [Fact]
    public async Task Headers_larger_than_the_receive_buffer_are_read_whole()
    {
        // The client starts with a 16 KiB receive buffer; a 40 KB client context makes it grow mid-header.
        string clientContext = "{\"custom\":{\"k\":\"" + new string('c', 40_000) + "\"}}";
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Next("{\"big\":true}", "Lambda-Runtime-Aws-Request-Id: r1", "Lambda-Runtime-Deadline-Ms: 1700000000000", "Lambda-Runtime-Invoked-Function-Arn: arn", "Lambda-Runtime-Client-Context: " + clientContext));
        using var client = new RuntimeApiClient(server.Address, new TestLog().Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal(clientContext, invocation.ClientContextJson);
        Assert.Equal("{\"big\":true}", Encoding.UTF8.GetString(invocation.Payload.Span));
    }

    [Fact]
    public async Task An_invocation_without_a_request_id_is_logged_and_skipped()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Deadline-Ms: 1700000000000"))
              .Then(ScriptedHttpServer.Next("{\"second\":true}", "Lambda-Runtime-Aws-Request-Id: r2", "Lambda-Runtime-Deadline-Ms: 1700000000000", "Lambda-Runtime-Invoked-Function-Arn: arn"));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal("r2", invocation.RequestId);
        var line = Assert.Single(log.Lines);
        Assert.Contains("ERROR", line, StringComparison.Ordinal);
        Assert.Contains(RuntimeApiContract.RequestIdHeader, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Lambda-Runtime-Deadline-Ms: soon", "malformed", "'soon'")]
    [InlineData("Lambda-Runtime-Deadline-Ms: -5", "malformed", "'-5'")]
    [InlineData("X-Other: 1", "has no", "")]
    public async Task A_missing_or_malformed_deadline_falls_back_to_the_longest_timeout(string deadlineHeader, string expectedWording, string expectedEcho)
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r1", deadlineHeader, "Lambda-Runtime-Invoked-Function-Arn: arn"));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);
        var before = DateTimeOffset.UtcNow;

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.InRange(invocation.Deadline, before + RuntimeApiClient.FallbackTimeout, DateTimeOffset.UtcNow + RuntimeApiClient.FallbackTimeout);
        var line = Assert.Single(log.Lines);
        Assert.Contains("WARN", line, StringComparison.Ordinal);
        Assert.Contains(expectedWording, line, StringComparison.Ordinal);
        Assert.Contains(expectedEcho, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_function_arn_gives_an_empty_arn_and_a_log_line()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r1", "Lambda-Runtime-Deadline-Ms: 1700000000000"));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal(string.Empty, invocation.InvokedFunctionArn);
        Assert.Contains(RuntimeApiContract.InvokedFunctionArnHeader, Assert.Single(log.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_5xx_answer_is_retried_on_the_same_request()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Response(500, "{\"errorType\":\"ServiceException\"}"))
              .Then(ScriptedHttpServer.Response(503))
              .Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r1", "Lambda-Runtime-Deadline-Ms: 1700000000000", "Lambda-Runtime-Invoked-Function-Arn: arn"));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal("r1", invocation.RequestId);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(2, log.Lines.Length);
        Assert.Contains("HTTP 500: {\"errorType\":\"ServiceException\"}", log.Lines[0], StringComparison.Ordinal);
        Assert.Contains("retry 1 of 3", log.Lines[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"trunc")]
    [InlineData("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: r0\r\n")]
    public async Task A_connection_closed_mid_response_is_retried_on_a_new_connection(string partialResponse)
    {
        await using var server = new ScriptedHttpServer();
        server.ThenClose(partialResponse)
              .Then(ScriptedHttpServer.Next("{\"ok\":1}", "Lambda-Runtime-Aws-Request-Id: r1", "Lambda-Runtime-Deadline-Ms: 1700000000000", "Lambda-Runtime-Invoked-Function-Arn: arn"));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal("r1", invocation.RequestId);
        Assert.Equal("{\"ok\":1}", Encoding.UTF8.GetString(invocation.Payload.Span));
        Assert.Equal(2, server.ConnectionsAccepted);
        Assert.Contains("retry 1 of 3", Assert.Single(log.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gone_api_ends_with_a_clear_exception_after_every_retry()
    {
        int port = UnusedPort();
        var log = new TestLog();
        using var client = new RuntimeApiClient("127.0.0.1:" + port, log.Logger, FastRetry);

        var exception = await Assert.ThrowsAsync<RuntimeApiUnavailableException>(() => client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout));

        Assert.Contains("127.0.0.1:" + port + " is unavailable", exception.Message, StringComparison.Ordinal);
        Assert.Contains("failed 4 times", exception.Message, StringComparison.Ordinal);
        Assert.IsType<SocketException>(exception.InnerException);
        Assert.Equal(3, log.Lines.Length);
    }

    [Fact]
    public async Task A_4xx_answer_to_next_is_not_retried()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Response(403, "{\"errorType\":\"Forbidden\"}"));
        using var client = new RuntimeApiClient(server.Address, new TestLog().Logger, FastRetry);

        var exception = await Assert.ThrowsAsync<RuntimeApiUnavailableException>(() => client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout));

        Assert.Contains("answered 403", exception.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Preparing_the_first_invocation_sends_nothing_and_changes_no_later_exchange()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Next("{\"a\":1}", "Lambda-Runtime-Aws-Request-Id: r-1", "Lambda-Runtime-Deadline-Ms: 1700000000000", "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:eu-west-1:210987654321:function:f"))
              .Then(ScriptedHttpServer.Response(202));
        using var client = new RuntimeApiClient(server.Address, new TestLog().Logger, FastRetry);

        client.PrepareFirstInvocation();
        Assert.Equal(0, server.ConnectionsAccepted);
        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);
        var outcome = await client.SendResponseAsync(invocation.RequestId, "{}"u8.ToArray()).AsTask().WaitAsync(TestTimeout);

        // The sample's id and ARN do not leak into the real invocation or its post.
        Assert.Equal("r-1", invocation.RequestId);
        Assert.Equal("arn:aws:lambda:eu-west-1:210987654321:function:f", invocation.InvokedFunctionArn);
        Assert.Equal(RuntimeApiOutcome.Accepted, outcome);
        var requests = server.Requests.ToArray();
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/r-1/response HTTP/1.1\r\nHost: " + server.Address + "\r\n", requests[1], StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Length: 2\r\nContent-Type: application/json\r\n", requests[1], StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n{}", requests[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Response_error_and_init_error_are_framed_as_the_runtime_api_expects()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Response(202, "{\"status\":\"OK\"}"))
              .Then(ScriptedHttpServer.Response(202))
              .Then(ScriptedHttpServer.Response(202));
        using var client = new RuntimeApiClient(server.Address, new TestLog().Logger, FastRetry);
        var error = new LambdaError("InvalidOperationException", "bad \"input\"", ["at A.B()"]);

        Assert.Equal(RuntimeApiOutcome.Accepted, await client.SendResponseAsync("req-1", "{\"x\":\"é\"}"u8.ToArray()).AsTask().WaitAsync(TestTimeout));
        Assert.Equal(RuntimeApiOutcome.Accepted, await client.SendErrorAsync("req-2", error).AsTask().WaitAsync(TestTimeout));
        Assert.Equal(RuntimeApiOutcome.Accepted, await client.SendInitErrorAsync(error).AsTask().WaitAsync(TestTimeout));

        var requests = server.Requests.ToArray();
        Assert.Equal(1, server.ConnectionsAccepted);
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1\r\n", requests[0], StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Length: 10\r\n", requests[0], StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n{\"x\":\"é\"}", requests[0], StringComparison.Ordinal);

        Assert.StartsWith("POST /2018-06-01/runtime/invocation/req-2/error HTTP/1.1\r\n", requests[1], StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: application/vnd.aws.lambda.error+json\r\n", requests[1], StringComparison.Ordinal);
        Assert.Contains("\r\nLambda-Runtime-Function-Error-Type: InvalidOperationException\r\n", requests[1], StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n{\"errorMessage\":\"bad \\\"input\\\"\",\"errorType\":\"InvalidOperationException\",\"stackTrace\":[\"at A.B()\"]}", requests[1], StringComparison.Ordinal);

        Assert.StartsWith("POST /2018-06-01/runtime/init/error HTTP/1.1\r\n", requests[2], StringComparison.Ordinal);
        Assert.Contains("\r\nLambda-Runtime-Function-Error-Type: InvalidOperationException\r\n", requests[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_response_is_sent_whole()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Response(202));
        using var client = new RuntimeApiClient(server.Address, new TestLog().Logger, FastRetry);
        var payload = Encoding.ASCII.GetBytes(new string('x', 300_000));

        await client.SendResponseAsync("req", payload).AsTask().WaitAsync(TestTimeout);

        Assert.True(server.Requests.TryPeek(out var request));
        Assert.EndsWith("\r\n\r\n" + new string('x', 300_000), request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_type_header_cannot_inject_header_lines()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Response(202));
        using var client = new RuntimeApiClient(server.Address, new TestLog().Logger, FastRetry);

        await client.SendErrorAsync("req", new LambdaError("Bad\r\nX-Injected: 1", "m")).AsTask().WaitAsync(TestTimeout);

        Assert.True(server.Requests.TryPeek(out var request));
        Assert.Contains("\r\nLambda-Runtime-Function-Error-Type: Bad??X-Injected: 1\r\n", request, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(413, RuntimeApiOutcome.PayloadTooLarge)]
    [InlineData(400, RuntimeApiOutcome.Rejected)]
    [InlineData(403, RuntimeApiOutcome.Rejected)]
    public async Task A_refused_response_is_reported_and_logged(int status, RuntimeApiOutcome expected)
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Response(status, "{\"errorType\":\"X\"}"));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var outcome = await client.SendResponseAsync("req", "{}"u8.ToArray()).AsTask().WaitAsync(TestTimeout);

        Assert.Equal(expected, outcome);
        Assert.Contains("{\"errorType\":\"X\"}", Assert.Single(log.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_close_from_the_server_opens_a_new_connection_for_the_next_request()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Response(202, string.Empty, "Connection: close"))
              .Then(ScriptedHttpServer.Response(202));
        using var client = new RuntimeApiClient(server.Address, new TestLog().Logger, FastRetry);

        await client.SendResponseAsync("a", "1"u8.ToArray()).AsTask().WaitAsync(TestTimeout);
        await client.SendResponseAsync("b", "2"u8.ToArray()).AsTask().WaitAsync(TestTimeout);

        Assert.Equal(2, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task Waiting_for_next_has_no_timeout_but_honours_cancellation()
    {
        await using var server = new ScriptedHttpServer();
        using var client = new RuntimeApiClient(server.Address, new TestLog().Logger, FastRetry);
        using var cancel = new CancellationTokenSource();

        var next = client.GetNextInvocationAsync(cancel.Token).AsTask();
        await Task.Delay(300);
        Assert.False(next.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TestTimeout));
    }

    [Theory]
    [InlineData("127.0.0.1:9001", "127.0.0.1", 9001)]
    [InlineData("localhost:80", "localhost", 80)]
    [InlineData("[::1]:9001", "::1", 9001)]
    [InlineData("http://127.0.0.1:9001/", "127.0.0.1", 9001)]
    [InlineData("runtime", "runtime", 80)]
    public void Runtime_api_addresses_parse(string value, string host, int port)
    {
        Assert.True(Http.RuntimeApiConnection.TryParseAddress(value, out var parsedHost, out var parsedPort));
        Assert.Equal(host, parsedHost);
        Assert.Equal(port, parsedPort);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("[::1")]
    [InlineData("host:port")]
    public void Invalid_runtime_api_addresses_are_refused(string value)
    {
        Assert.False(Http.RuntimeApiConnection.TryParseAddress(value, out _, out _));
        Assert.Throws<ArgumentException>(() => new RuntimeApiClient(value, new TestLog().Logger));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
