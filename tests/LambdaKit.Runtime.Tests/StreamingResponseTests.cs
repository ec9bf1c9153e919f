using System.Text;
using System.Text.Json;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Tests;

/// <summary>Response streaming: chunked posts in streaming mode, flushes as chunks, error trailers, the HTTP prelude.</summary>
public sealed class StreamingResponseTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_flushed_chunk_reaches_the_runtime_api_before_the_handler_returns()
    {
        await using var api = new StreamingRuntimeApi("r1");

        await RunAsync(api, async (payload, context, response) =>
        {
            await response.WriteAsync("first"u8.ToArray());
            await response.FlushAsync();

            // Without a chunk per flush this waits forever: the server has nothing until the handler returns.
            await api.FirstChunk.Task.WaitAsync(TestTimeout);
            await response.WriteAsync("second"u8.ToArray());
        });

        Assert.Equal(["first", "second"], api.Chunks);
        string head = Assert.Single(api.PostHeads);
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/r1/response HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nLambda-Runtime-Function-Response-Mode: streaming\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nTransfer-Encoding: chunked\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: application/octet-stream\r\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("Content-Length", head, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(api.Trailers);
    }

    [Fact]
    public async Task Writes_that_fill_the_buffer_are_sent_without_a_flush()
    {
        await using var api = new StreamingRuntimeApi("r1");
        var data = new byte[LambdaResponseStream.BufferSize + 1];
        data.AsSpan().Fill((byte)'a');

        await RunAsync(api, async (payload, context, response) =>
        {
            response.Write(data);
            await api.FirstChunk.Task.WaitAsync(TestTimeout);
        });

        Assert.Equal(new string('a', LambdaResponseStream.BufferSize), api.Chunks.First());
        Assert.Equal(new string('a', data.Length), api.Body);
    }

    [Fact]
    public async Task An_exception_after_the_first_chunk_is_sent_as_the_two_error_trailers()
    {
        await using var api = new StreamingRuntimeApi("r1");

        await RunAsync(api, async (payload, context, response) =>
        {
            await response.WriteAsync("partial"u8.ToArray());
            await response.FlushAsync();
            throw new InvalidOperationException("broke mid-stream");
        });

        Assert.Equal("partial", api.Body);
        Assert.Contains("\r\nTrailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n", Assert.Single(api.PostHeads), StringComparison.Ordinal);
        Assert.Equal("InvalidOperationException", api.Trailers[RuntimeApiContract.ErrorTypeTrailer]);
        var error = JsonDocument.Parse(Convert.FromBase64String(api.Trailers[RuntimeApiContract.ErrorBodyTrailer])).RootElement;
        Assert.Equal("broke mid-stream", error.GetProperty("errorMessage").GetString());
        Assert.Equal("InvalidOperationException", error.GetProperty("errorType").GetString());
    }

    [Fact]
    public async Task An_exception_before_any_chunk_was_sent_is_an_ordinary_error_post()
    {
        await using var api = new StreamingRuntimeApi("r1");

        await RunAsync(api, async (payload, context, response) =>
        {
            await response.WriteAsync("buffered, never sent"u8.ToArray());
            throw new InvalidOperationException("failed early");
        });

        string head = Assert.Single(api.PostHeads);
        Assert.StartsWith("POST /2018-06-01/runtime/invocation/r1/error HTTP/1.1\r\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("streaming", head, StringComparison.Ordinal);
        Assert.Contains("failed early", api.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_http_prelude_is_json_then_eight_nul_bytes_before_the_body()
    {
        await using var api = new StreamingRuntimeApi("r1");

        await RunAsync(api, async (payload, context, response) =>
        {
            response.WriteHttpPrelude(201, [new("content-type", "text/plain")], ["a=1"]);
            await response.WriteAsync("hello"u8.ToArray());
        });

        Assert.Equal("{\"statusCode\":201,\"headers\":{\"content-type\":\"text/plain\"},\"cookies\":[\"a=1\"]}\0\0\0\0\0\0\0\0hello", api.Body);
        Assert.Contains("\r\nContent-Type: application/vnd.awslambda.http-integration-response\r\n", Assert.Single(api.PostHeads), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_prelude_and_the_content_type_are_refused_once_bytes_were_sent()
    {
        await using var api = new StreamingRuntimeApi("r1");
        Exception? prelude = null, contentType = null;

        await RunAsync(api, async (payload, context, response) =>
        {
            await response.WriteAsync("body"u8.ToArray());
            await response.FlushAsync();
            prelude = Record.Exception(() => response.WriteHttpPrelude(200));
            contentType = Record.Exception(() => response.ContentType = "text/plain");
        });

        Assert.IsType<InvalidOperationException>(prelude);
        Assert.IsType<InvalidOperationException>(contentType);
        Assert.Equal("body", api.Body);
    }

    [Fact]
    public async Task A_wrapped_streaming_handler_returned_from_RunAsync_init_streams()
    {
        await using var api = new StreamingRuntimeApi("r1");
        LambdaStreamingHandler streaming = async (payload, context, response) => await response.WriteAsync("streamed"u8.ToArray());

        await RunAsync(api, streaming, wrapped: true);

        Assert.Equal("streamed", api.Body);
        Assert.Contains("\r\nLambda-Runtime-Function-Response-Mode: streaming\r\n", Assert.Single(api.PostHeads), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrapped_streaming_handler_called_directly_throws()
    {
        var handler = LambdaStreaming.AsLambdaHandler((payload, context, response) => ValueTask.CompletedTask);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await handler(default, null!, new System.Buffers.ArrayBufferWriter<byte>()));
    }

    private static async Task RunAsync(StreamingRuntimeApi api, LambdaStreamingHandler handler, bool wrapped = false)
    {
        using var stop = new CancellationTokenSource();
        var options = new LambdaBootstrapOptions
        {
            EnvironmentVariables = new Dictionary<string, string> { [LambdaEnvironmentVariables.RuntimeApi] = api.Address },
            LogOutput = Stream.Null,
            HandleTerminationSignal = false,
            RetryPolicy = BootstrapRun.FastRetry,
        };
        var run = wrapped
            ? LambdaBootstrap.RunAsync(_ => ValueTask.FromResult(LambdaStreaming.AsLambdaHandler(handler)), options, stop.Token)
            : LambdaBootstrap.RunStreamingAsync(handler, options, stop.Token);
        await Task.WhenAny(api.Answered.Task, run).WaitAsync(TestTimeout);
        await stop.CancelAsync();
        Assert.Equal(LambdaBootstrap.ExitCodeStopped, await run.WaitAsync(TestTimeout));
        Assert.True(api.Answered.Task.IsCompleted, "The runtime posted no answer.");
    }
}
