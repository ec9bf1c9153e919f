using System.Buffers;
using System.Text;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Tests;

/// <summary>Regression tests for faults of a misbehaving Runtime API: each once crashed the runtime, answered the wrong id, posted twice or logged a wrong reason.</summary>
public sealed class RuntimeApiFaultTests
{
    private const string Deadline = "Lambda-Runtime-Deadline-Ms: 1700000000000";
    private const string Arn = "Lambda-Runtime-Invoked-Function-Arn: arn";
    private static readonly RuntimeApiRetryPolicy FastRetry = new(4, TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(10));
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("3000000000")]
    [InlineData("9223372036854775807")]
    [InlineData("6291457")]
    public async Task A_next_body_over_the_payload_limit_is_not_read_and_its_invocation_is_answered_with_an_error(string contentLength)
    {
        await using var server = new ScriptedHttpServer();
        server.Then($"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: big-1\r\n{Deadline}\r\n{Arn}\r\nContent-Length: {contentLength}\r\n\r\n{{\"a\":")
              .Then(ScriptedHttpServer.Response(202))
              .Then(ScriptedHttpServer.Next("{\"ok\":1}", "Lambda-Runtime-Aws-Request-Id: r2", Deadline, Arn));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal("r2", invocation.RequestId);
        Assert.Equal("{\"ok\":1}", Encoding.UTF8.GetString(invocation.Payload.Span));
        var lines = server.RequestLines;
        Assert.Equal(["GET /2018-06-01/runtime/invocation/next HTTP/1.1", "POST /2018-06-01/runtime/invocation/big-1/error HTTP/1.1", "GET /2018-06-01/runtime/invocation/next HTTP/1.1"], lines);
        Assert.Contains("\r\nLambda-Runtime-Function-Error-Type: Runtime.PayloadTooLarge\r\n", server.Requests.ElementAt(1), StringComparison.Ordinal);
        var line = Assert.Single(log.Lines);
        Assert.Contains("\tERROR\t", line, StringComparison.Ordinal);
        Assert.Contains($"{contentLength} bytes", line, StringComparison.Ordinal);
        Assert.Contains("6291456", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_the_API_takes_and_never_answers_is_given_up_after_the_answer_timeout_logged_once_and_not_sent_again()
    {
        // Nothing scripted: the server reads the post and holds it without an answer.
        await using var server = new ScriptedHttpServer();
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry with { PostAnswerTimeout = TimeSpan.FromMilliseconds(200) });

        var outcome = await client.SendResponseAsync("r1", "{}"u8.ToArray()).AsTask().WaitAsync(TestTimeout);

        Assert.Equal(RuntimeApiOutcome.Unconfirmed, outcome);
        Assert.Single(server.Requests);
        var line = Assert.Single(log.Lines);
        Assert.Contains("\tERROR\t", line, StringComparison.Ordinal);
        Assert.Contains("sent no answer within 200 ms", line, StringComparison.Ordinal);
        Assert.Contains("not sent again", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("12abc")]
    [InlineData("")]
    [InlineData("99999999999999999999999")]
    public async Task A_malformed_content_length_on_next_is_one_logged_retry(string contentLength)
    {
        await using var server = new ScriptedHttpServer();
        server.Then($"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: bad\r\nContent-Length: {contentLength}\r\n\r\n{{}}")
              .Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r2", Deadline, Arn));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal("r2", invocation.RequestId);
        var line = Assert.Single(log.Lines);
        Assert.Contains($"malformed Content-Length '{contentLength}'", line, StringComparison.Ordinal);
        Assert.Contains("retry 1 of 3", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunked_next_body_over_the_payload_limit_is_refused()
    {
        string chunk = new('x', 1 << 20);
        var body = new StringBuilder();
        for (int i = 0; i < 7; i++)
        {
            body.Append("100000\r\n").Append(chunk).Append("\r\n");
        }

        await using var server = new ScriptedHttpServer();
        server.Then($"HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: big-2\r\n{Deadline}\r\n{Arn}\r\nTransfer-Encoding: chunked\r\n\r\n{body}0\r\n\r\n")
              .Then(ScriptedHttpServer.Response(202))
              .Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r2", Deadline, Arn));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal("r2", invocation.RequestId);
        Assert.Equal("POST /2018-06-01/runtime/invocation/big-2/error HTTP/1.1", server.RequestLines[1]);
        Assert.Contains("more than", Assert.Single(log.Lines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8476a536-e9f4-11e8-9739-2dfe598c3fcd", "8476a536-e9f4-11e8-9739-2dfe598c3fcd")]
    [InlineData("réq-1", "r%C3%A9q-1")]
    [InlineData("a b/../../init/error?x=", "a%20b%2F..%2F..%2Finit%2Ferror%3Fx%3D")]
    [InlineData("id#1%2F;~_.", "id%231%252F%3B~_.")]
    [InlineData("日本", "%E6%97%A5%E6%9C%AC")]
    [InlineData("😀", "%F0%9F%98%80")]
    public async Task A_request_id_from_next_is_posted_back_as_one_percent_encoded_path_segment(string requestId, string segment)
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: " + requestId, Deadline, Arn))
              .Then(ScriptedHttpServer.Response(202))
              .Then(ScriptedHttpServer.Response(202));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);
        await client.SendResponseAsync(invocation.RequestId, "{}"u8.ToArray()).AsTask().WaitAsync(TestTimeout);
        await client.SendErrorAsync(invocation.RequestId, new LambdaError("E", "m")).AsTask().WaitAsync(TestTimeout);

        Assert.Equal(requestId, invocation.RequestId);
        Assert.Equal($"POST /2018-06-01/runtime/invocation/{segment}/response HTTP/1.1", server.RequestLines[1]);
        Assert.Equal($"POST /2018-06-01/runtime/invocation/{segment}/error HTTP/1.1", server.RequestLines[2]);
        Assert.Empty(log.Lines);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'.', (byte)'.' }, "'..'")]
    [InlineData(new byte[] { (byte)'.' }, "'.'")]
    [InlineData(new byte[] { (byte)'r', 0xFF, 0xFE }, "not valid UTF-8")]
    [InlineData(new byte[] { (byte)'r', 0xC3 }, "not valid UTF-8")]
    [InlineData(new byte[] { (byte)'a', (byte)'\n', (byte)'b' }, "control character")]
    [InlineData(new byte[] { (byte)'a', 0x7F }, "control character")]
    public async Task An_id_that_cannot_be_one_path_segment_is_logged_and_skipped_without_posting(byte[] requestId, string reason)
    {
        var head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nLambda-Runtime-Aws-Request-Id: ");
        byte[] invalid = [.. head, .. requestId, .. Encoding.ASCII.GetBytes($"\r\n{Deadline}\r\n{Arn}\r\n\r\n{{}}")];
        await using var server = new ScriptedHttpServer();
        server.Then(invalid)
              .Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r2", Deadline, Arn));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal("r2", invocation.RequestId);
        Assert.All(server.RequestLines, line => Assert.StartsWith("GET ", line, StringComparison.Ordinal));
        var logged = Assert.Single(log.Lines);
        Assert.Contains("\tERROR\t", logged, StringComparison.Ordinal);
        Assert.Contains(reason, logged, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a\r\nb")]
    public async Task Posting_to_an_id_that_cannot_be_one_path_segment_is_refused_before_sending(string requestId)
    {
        await using var server = new ScriptedHttpServer();
        using var client = new RuntimeApiClient(server.Address, new TestLog().Logger, FastRetry);

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendResponseAsync(requestId, "{}"u8.ToArray()).AsTask().WaitAsync(TestTimeout));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SendErrorAsync(requestId, new LambdaError("E", "m")).AsTask().WaitAsync(TestTimeout));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Posting_to_an_id_with_an_unpaired_surrogate_is_refused_before_sending()
    {
        // Built here rather than in InlineData: test case names cannot carry an unpaired surrogate.
        string requestId = "a" + (char)0xD800 + "b";
        await using var server = new ScriptedHttpServer();
        using var client = new RuntimeApiClient(server.Address, new TestLog().Logger, FastRetry);

        var exception = await Assert.ThrowsAsync<ArgumentException>(() => client.SendResponseAsync(requestId, "{}"u8.ToArray()).AsTask().WaitAsync(TestTimeout));

        Assert.Contains("unpaired UTF-16 surrogate", exception.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_reset_after_a_response_was_sent_does_not_post_it_again()
    {
        await using var server = new ScriptedHttpServer();
        server.ThenReset().Then(ScriptedHttpServer.Response(202));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var outcome = await client.SendResponseAsync("r1", "{\"done\":true}"u8.ToArray()).AsTask().WaitAsync(TestTimeout);

        Assert.Equal((RuntimeApiOutcome)3, outcome);
        Assert.Single(server.Requests);
        var line = Assert.Single(log.Lines);
        Assert.Contains("\tERROR\t", line, StringComparison.Ordinal);
        Assert.Contains("not sent again", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_on_a_connection_the_api_closed_while_idle_goes_out_once_on_a_new_connection()
    {
        await using var server = new ScriptedHttpServer();
        server.ThenClose(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r1", Deadline, Arn))
              .Then(ScriptedHttpServer.Response(202));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);
        await Task.Delay(100);
        var outcome = await client.SendResponseAsync(invocation.RequestId, "{}"u8.ToArray()).AsTask().WaitAsync(TestTimeout);

        Assert.Equal(RuntimeApiOutcome.Accepted, outcome);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, server.ConnectionsAccepted);
        Assert.Empty(log.Lines);
    }

    [Fact]
    public async Task A_5xx_answer_to_a_post_is_a_refusal_and_is_retried()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Response(500, "{\"errorType\":\"ServiceException\"}")).Then(ScriptedHttpServer.Response(202));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var outcome = await client.SendResponseAsync("r1", "{}"u8.ToArray()).AsTask().WaitAsync(TestTimeout);

        Assert.Equal(RuntimeApiOutcome.Accepted, outcome);
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains("retry 1 of 3", Assert.Single(log.Lines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(92, false)]
    [InlineData(RuntimeApiContract.MaxSynchronousPayloadBytes + 1, true)]
    public async Task A_413_is_logged_once_with_what_happened(int responseBytes, bool overLimit)
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r1", Deadline, Arn))
              .Then(ScriptedHttpServer.Response(413, "{\"errorType\":\"RequestEntityTooLarge\"}"));

        var (exitCode, log) = await BootstrapRun.RunAsync(
            server,
            (payload, context, response) =>
            {
                response.GetSpan(responseBytes)[..responseBytes].Fill((byte)'x');
                response.Advance(responseBytes);
                return ValueTask.CompletedTask;
            },
            () => server.Requests.Count >= 3,
            TestTimeout);

        Assert.Equal(LambdaBootstrap.ExitCodeStopped, exitCode);
        var line = Assert.Single(BootstrapRun.Faults(log));
        Assert.Contains($"{responseBytes}-byte response", line, StringComparison.Ordinal);
        Assert.Contains("413", line, StringComparison.Ordinal);
        Assert.Contains("RequestEntityTooLarge", line, StringComparison.Ordinal);
        Assert.Equal(overLimit, line.Contains("exceeds Lambda's", StringComparison.Ordinal));
        Assert.Equal(!overLimit, line.Contains("within Lambda's", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("4102444800000")]
    [InlineData("253402300799999")]
    public async Task A_deadline_beyond_the_timer_range_is_served_without_cancellation(string deadlineMs)
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Next("{\"far\":1}", "Lambda-Runtime-Aws-Request-Id: r1", "Lambda-Runtime-Deadline-Ms: " + deadlineMs, Arn))
              .Then(ScriptedHttpServer.Response(202));
        bool cancelled = true;

        var (exitCode, log) = await BootstrapRun.RunAsync(
            server,
            (payload, context, response) =>
            {
                cancelled = context.CancellationToken.IsCancellationRequested;
                response.Write(payload.Span);
                return ValueTask.CompletedTask;
            },
            () => server.Requests.Count >= 3,
            TestTimeout);

        Assert.Equal(LambdaBootstrap.ExitCodeStopped, exitCode);
        Assert.False(cancelled);
        Assert.EndsWith("\r\n\r\n{\"far\":1}", server.Requests.ElementAt(1), StringComparison.Ordinal);
        Assert.Empty(BootstrapRun.Faults(log));
    }

    [Fact]
    public async Task A_410_on_a_post_is_logged_and_the_loop_goes_on()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r1", Deadline, Arn))
              .Then(ScriptedHttpServer.Response(410, "gone"))
              .Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r2", Deadline, Arn))
              .Then(ScriptedHttpServer.Response(202));

        var (exitCode, log) = await BootstrapRun.RunAsync(server, (payload, context, response) => ValueTask.CompletedTask, () => server.Requests.Count >= 5, TestTimeout);

        Assert.Equal(LambdaBootstrap.ExitCodeStopped, exitCode);
        Assert.Equal("POST /2018-06-01/runtime/invocation/r2/response HTTP/1.1", server.RequestLines[3]);
        Assert.Contains("answered 410", Assert.Single(BootstrapRun.Faults(log)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_and_trickled_answers_are_read_whole()
    {
        await using var server = new ScriptedHttpServer();
        server.ThenTrickle(ScriptedHttpServer.Next("{\"slow\":true}", "Lambda-Runtime-Aws-Request-Id: r1", Deadline, Arn), 3, TimeSpan.FromMilliseconds(1))
              .ThenAfter(TimeSpan.FromMilliseconds(300), ScriptedHttpServer.Response(202));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);
        var outcome = await client.SendResponseAsync(invocation.RequestId, "{}"u8.ToArray()).AsTask().WaitAsync(TestTimeout);

        Assert.Equal("{\"slow\":true}", Encoding.UTF8.GetString(invocation.Payload.Span));
        Assert.Equal(RuntimeApiOutcome.Accepted, outcome);
        Assert.Empty(log.Lines);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n")]
    [InlineData("garbage\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n{}")]
    public async Task A_garbled_answer_to_next_is_one_logged_retry(string garbage)
    {
        await using var server = new ScriptedHttpServer();
        server.Then(garbage).Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r2", Deadline, Arn));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal("r2", invocation.RequestId);
        Assert.Contains("retry 1 of 3", Assert.Single(log.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunk_size_line_that_never_ends_is_refused_with_bounded_memory()
    {
        await using var server = new ScriptedHttpServer();
        server.Then("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + new string('1', 200_000))
              .Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r2", Deadline, Arn));
        var log = new TestLog();
        using var client = new RuntimeApiClient(server.Address, log.Logger, FastRetry);

        var invocation = await client.GetNextInvocationAsync().AsTask().WaitAsync(TestTimeout);

        Assert.Equal("r2", invocation.RequestId);
        Assert.Contains("chunk", Assert.Single(log.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unanswerable_invocations_in_a_row_end_the_runtime_after_the_retry_budget()
    {
        await using var server = new ScriptedHttpServer((request, socket, cancel) => socket.SendAsync(Encoding.ASCII.GetBytes(ScriptedHttpServer.Next("{}", Deadline, Arn)), cancel).AsTask());

        var (exitCode, log) = await BootstrapRun.RunAsync(server, (payload, context, response) => ValueTask.CompletedTask, () => false, TestTimeout);

        Assert.Equal(LambdaBootstrap.ExitCodeRuntimeApiUnavailable, exitCode);
        Assert.Equal(BootstrapRun.FastRetry.MaxAttempts, server.Requests.Count);
        var faults = BootstrapRun.Faults(log);
        Assert.Equal(BootstrapRun.FastRetry.MaxAttempts + 1, faults.Length);
        Assert.Contains("FATAL", faults[^1], StringComparison.Ordinal);
    }
}
