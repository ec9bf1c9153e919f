using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime.EventStreams;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing.Tests;

/// <summary>
/// <c>POST /2021-11-15/functions/{name}/response-streaming-invocations</c>: the response in the event-stream encoding
/// of <c>InvokeWithResponseStream</c>, decoded by the AWS SDK's own decoder.
/// </summary>
public sealed class StreamingInvokeApiTests
{
    private const string EventStreamContentType = "application/vnd.amazon.eventstream";

    [Fact]
    public async Task Each_chunk_is_a_PayloadChunk_event_sent_as_it_arrives_then_InvokeComplete()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var release = new TaskCompletionSource();
        await using var function = InProcessLambda.StartStreaming(emulator, async (payload, context, response) =>
        {
            response.ContentType = "text/plain";
            await response.WriteAsync("first"u8.ToArray());
            await response.FlushAsync();
            await release.Task.WaitAsync(FakeRuntime.Patience);
            await response.WriteAsync("second"u8.ToArray());
        });
        using var http = NewClient(emulator);

        using var response = await SendAsync(http, "function");
        var body = await response.Content.ReadAsStreamAsync(FakeRuntime.Deadline());
        var first = await EventStreamReading.ReadMessageAsync(body);
        release.SetResult();
        var rest = await EventStreamReading.ReadAllAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(EventStreamContentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("$LATEST", response.Headers.GetValues(RuntimeApiContract.ExecutedVersionHeader).Single());
        AssertPayloadChunk(first!, "first");
        var complete = rest[^1];
        Assert.Equal("second", string.Concat(rest[..^1].Select(chunk => ChunkText(chunk))));
        Assert.Equal("InvokeComplete", EventStreamReading.Header(complete, ":event-type"));
        Assert.Equal("event", EventStreamReading.Header(complete, ":message-type"));
        Assert.Equal("application/json", EventStreamReading.Header(complete, ":content-type"));
        Assert.Equal("{}", Encoding.UTF8.GetString(complete.Payload));
    }

    [Fact]
    public async Task A_mid_stream_error_is_in_InvokeComplete_after_the_chunks_sent_before_it()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.StartStreaming(emulator, async (payload, context, response) =>
        {
            await response.WriteAsync("partial"u8.ToArray());
            await response.FlushAsync();
            throw new InvalidOperationException("broke mid-stream");
        });
        using var http = NewClient(emulator);

        using var response = await SendAsync(http, "function");
        var events = await EventStreamReading.ReadAllAsync(await response.Content.ReadAsStreamAsync(FakeRuntime.Deadline()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("partial", string.Concat(events[..^1].Select(chunk => ChunkText(chunk))));
        var complete = InvokeComplete(events[^1]);
        Assert.Equal("InvalidOperationException", complete.GetProperty("ErrorCode").GetString());
        Assert.Equal("broke mid-stream", complete.GetProperty("ErrorDetails").GetString());
    }

    [Fact]
    public async Task An_error_before_any_byte_is_an_InvokeComplete_alone()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.StartStreaming(emulator, (payload, context, response) =>
            throw new InvalidOperationException("broke at once"));
        using var http = NewClient(emulator);

        using var response = await SendAsync(http, "function");
        var events = await EventStreamReading.ReadAllAsync(await response.Content.ReadAsStreamAsync(FakeRuntime.Deadline()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var only = Assert.Single(events);
        Assert.Equal("broke at once", InvokeComplete(only).GetProperty("ErrorDetails").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task LogResult_is_sent_only_when_the_request_asks_for_the_tail(bool tail)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.StartStreaming(emulator, async (payload, context, response) =>
            await response.WriteAsync("done"u8.ToArray()));
        using var http = NewClient(emulator);

        using var response = await SendAsync(http, "function", tail ? "Tail" : "None");
        var events = await EventStreamReading.ReadAllAsync(await response.Content.ReadAsStreamAsync(FakeRuntime.Deadline()));
        var complete = InvokeComplete(events[^1]);
        string requestId = response.Headers.GetValues("X-Amzn-RequestId").Single();

        Assert.False(complete.TryGetProperty("ErrorCode", out _));
        Assert.Equal(tail, complete.TryGetProperty("LogResult", out var logResult));
        if (tail)
        {
            string log = Encoding.UTF8.GetString(Convert.FromBase64String(logResult.GetString()!));
            Assert.Contains("START RequestId: " + requestId, log, StringComparison.Ordinal);
            Assert.Contains("REPORT RequestId: " + requestId, log, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    public async Task The_decoder_in_these_tests_rejects_a_message_whose_checksum_is_wrong(int corruptedByte)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.StartStreaming(emulator, async (payload, context, response) =>
            await response.WriteAsync("payload"u8.ToArray()));
        using var http = NewClient(emulator);
        using var response = await SendAsync(http, "function");
        var bytes = await response.Content.ReadAsByteArrayAsync(FakeRuntime.Deadline());
        int firstLength = (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3];

        var intact = EventStreamMessage.FromBuffer(bytes, 0, firstLength);
        bytes[corruptedByte] ^= 0x01;

        AssertPayloadChunk(intact, "payload");
        var rejection = Assert.ThrowsAny<Exception>(() => EventStreamMessage.FromBuffer(bytes, 0, firstLength));
        Assert.Contains("Checksum failure", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_function_is_refused_with_404()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var http = NewClient(emulator);

        using var response = await SendAsync(http, "other");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static HttpClient NewClient(RuntimeApiEmulator emulator) =>
        new() { BaseAddress = emulator.BaseUri, Timeout = Timeout.InfiniteTimeSpan };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string functionName, string? logType = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, RuntimeApiContract.StreamingInvokePathPrefix + functionName + RuntimeApiContract.StreamingInvokePathSuffix)
        {
            Content = new StringContent("{}"),
        };
        if (logType is not null)
        {
            request.Headers.Add("X-Amz-Log-Type", logType);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, FakeRuntime.Deadline());
    }

    private static void AssertPayloadChunk(EventStreamMessage message, string text)
    {
        Assert.Equal("event", EventStreamReading.Header(message, ":message-type"));
        Assert.Equal("PayloadChunk", EventStreamReading.Header(message, ":event-type"));
        Assert.Equal("application/octet-stream", EventStreamReading.Header(message, ":content-type"));
        Assert.Equal(text, ChunkText(message));
    }

    private static string ChunkText(EventStreamMessage message)
    {
        Assert.Equal("PayloadChunk", EventStreamReading.Header(message, ":event-type"));
        return Encoding.UTF8.GetString(message.Payload);
    }

    private static JsonElement InvokeComplete(EventStreamMessage message)
    {
        Assert.Equal("InvokeComplete", EventStreamReading.Header(message, ":event-type"));
        return JsonDocument.Parse(message.Payload).RootElement.Clone();
    }
}
