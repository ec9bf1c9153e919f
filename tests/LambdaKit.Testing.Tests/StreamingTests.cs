using System.Text;
using LambdaKit.Runtime;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing.Tests;

/// <summary>
/// Response streaming in the emulator: a streamed <c>/response</c> read as it arrives, its error trailers, the size
/// cap, and the test API's streaming invokes (the HTTP one is in <see cref="StreamingInvokeApiTests"/>).
/// </summary>
public sealed class StreamingTests
{
    [Fact]
    public async Task A_streamed_response_is_read_while_the_function_still_runs()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var release = new TaskCompletionSource();
        await using var function = InProcessLambda.StartStreaming(emulator, async (payload, context, response) =>
        {
            await response.WriteAsync("first"u8.ToArray());
            await response.FlushAsync();
            await release.Task.WaitAsync(FakeRuntime.Patience);
            await response.WriteAsync("second"u8.ToArray());
        });

        var invocation = emulator.InvokeWithResponseStream("{}");
        string first = await ReadSomeAsync(invocation.Body);
        bool completedBeforeRelease = invocation.Completion.IsCompleted;
        var timeToFirstByte = await invocation.TimeToFirstByte.WaitAsync(FakeRuntime.Patience);
        release.SetResult();
        string rest = await invocation.ReadBodyAsStringAsync(FakeRuntime.Deadline());
        var result = await invocation.Completion.WaitAsync(FakeRuntime.Patience);

        Assert.Equal("first", first);
        Assert.False(completedBeforeRelease);
        Assert.NotNull(timeToFirstByte);
        Assert.Equal("second", rest);
        Assert.True(result.IsSuccess);
        Assert.Equal("firstsecond", result.PayloadAsString);
        Assert.Equal(LambdaResponseStream.DefaultContentType, invocation.ContentType);
        Assert.Contains(emulator.Requests, r => r.Path.EndsWith("/response", StringComparison.Ordinal) && r.Headers[RuntimeApiContract.ResponseModeHeader] == RuntimeApiContract.StreamingResponseMode);
    }

    [Fact]
    public async Task The_streaming_invocation_has_the_request_id_the_runtime_received()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.StartStreaming(emulator, async (payload, context, response) =>
            await response.WriteAsync(Encoding.UTF8.GetBytes(context.AwsRequestId)));

        var invocation = emulator.InvokeWithResponseStream("{}");
        string seenByFunction = await invocation.ReadBodyAsStringAsync(FakeRuntime.Deadline());

        Assert.Equal(seenByFunction, invocation.RequestId);
    }

    [Fact]
    public async Task A_mid_stream_error_is_the_invocation_error_from_the_trailers()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.StartStreaming(emulator, async (payload, context, response) =>
        {
            await response.WriteAsync("partial"u8.ToArray());
            await response.FlushAsync();
            throw new InvalidOperationException("broke mid-stream");
        });

        var invocation = emulator.InvokeWithResponseStream("{}");
        string body = await invocation.ReadBodyAsStringAsync(FakeRuntime.Deadline());
        var result = await invocation.Completion.WaitAsync(FakeRuntime.Patience);

        Assert.Equal("partial", body);
        Assert.Equal(RuntimeApiContract.UnhandledFunctionError, result.FunctionError);
        Assert.Equal("InvalidOperationException", result.ErrorTypeHeader);
        Assert.Equal("InvalidOperationException", result.Error!.ErrorType);
        Assert.Equal("broke mid-stream", result.Error.ErrorMessage);
    }

    [Fact]
    public async Task A_stream_over_the_cap_fails_with_ResponseSizeTooLarge()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { MaxStreamedResponseBytes = 1000 });
        await using var function = InProcessLambda.StartStreaming(emulator, async (payload, context, response) =>
        {
            for (int i = 0; i < 4; i++)
            {
                await response.WriteAsync(new byte[500]);
                await response.FlushAsync();
            }
        });

        var invocation = emulator.InvokeWithResponseStream("{}");
        var result = await invocation.Completion.WaitAsync(FakeRuntime.Patience);

        Assert.Equal("Function.ResponseSizeTooLarge", result.Error!.ErrorType);
        Assert.Contains("1000 bytes", result.Error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_posted_whole_arrives_whole_on_a_streaming_invoke()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        var invocation = emulator.InvokeWithResponseStream("{}");
        var next = await runtime.NextAsync();
        await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "\"whole\"");

        Assert.Equal("\"whole\"", await invocation.ReadBodyAsStringAsync(FakeRuntime.Deadline()));
        Assert.True((await invocation.Completion.WaitAsync(FakeRuntime.Patience)).IsSuccess);
    }

    /// <summary>One read: the bytes available now, which a stream that was not flushed early could not have.</summary>
    private static async Task<string> ReadSomeAsync(Stream body)
    {
        var buffer = new byte[256];
        int read = await body.ReadAsync(buffer, FakeRuntime.Deadline());
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
