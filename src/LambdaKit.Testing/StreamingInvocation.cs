using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace LambdaKit.Testing;

/// <summary>
/// An invocation started with <see cref="RuntimeApiEmulator.InvokeWithResponseStream(ReadOnlyMemory{byte}, InvokeOptions?, CancellationToken)"/>:
/// the bytes of a streamed response can be read from <see cref="Body"/> as the runtime sends them, before the
/// function returns. A response the runtime posts whole (not streamed) arrives in <see cref="Body"/> at once.
/// </summary>
public sealed class StreamingInvocation
{
    // No back-pressure: a test that reads late must not stall the runtime's post, as Lambda buffers for its client.
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
    private readonly TaskCompletionSource<TimeSpan?> _firstByte = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private readonly long _startedAt;
    private readonly object _gate = new();
    private bool _streaming;
    private bool _ended;

    internal StreamingInvocation(string requestId, TimeProvider time)
    {
        RequestId = requestId;
        _time = time;
        _startedAt = time.GetTimestamp();
        Body = _pipe.Reader.AsStream();
    }

    /// <summary>The invocation's request id.</summary>
    public string RequestId { get; }

    /// <summary>The response bytes as they arrive; it ends when the response ends (also when it ends with an error).</summary>
    public Stream Body { get; }

    /// <summary>The content type the runtime posted its response with; null until the response started.</summary>
    public string? ContentType { get; private set; }

    /// <summary>
    /// Time to first byte: from the invoke to the first response byte reaching the emulator; null when the
    /// invocation ended without one (an error before any byte, a timeout).
    /// </summary>
    public Task<TimeSpan?> TimeToFirstByte => _firstByte.Task;

    /// <summary>
    /// The outcome once the response has ended. For a stream that ended with the error trailers,
    /// <see cref="InvocationResult.Error"/> is the error they carried and <see cref="InvocationResult.ErrorTypeHeader"/>
    /// their error type; the bytes sent before it are in <see cref="Body"/>.
    /// </summary>
    public Task<InvocationResult> Completion { get; internal set; } = null!;

    /// <summary>Reads <see cref="Body"/> to its end as UTF-8.</summary>
    public async Task<string> ReadBodyAsStringAsync(CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(Body, Encoding.UTF8, leaveOpen: true);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A streamed response starts; false when the invocation already ended (its bytes go nowhere).</summary>
    internal bool TryBeginStream(string? contentType)
    {
        lock (_gate)
        {
            if (_ended || _streaming)
            {
                return false;
            }

            _streaming = true;
            ContentType = contentType;
            return true;
        }
    }

    internal async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk)
    {
        _firstByte.TrySetResult(_time.GetElapsedTime(_startedAt));
        await _pipe.Writer.WriteAsync(chunk).ConfigureAwait(false);
    }

    /// <summary>The streamed response has ended (or broke off).</summary>
    internal void EndStream()
    {
        _firstByte.TrySetResult(null);
        _pipe.Writer.Complete();
    }

    /// <summary>The invocation ended; unless a streamed response owns the body, it carries a whole response's bytes.</summary>
    internal void End(InvocationResult? result)
    {
        lock (_gate)
        {
            _ended = true;
            if (_streaming)
            {
                return;
            }
        }

        if (result is { IsSuccess: true, Payload.IsEmpty: false })
        {
            ContentType = result.ContentType;
            _firstByte.TrySetResult(_time.GetElapsedTime(_startedAt));
            _pipe.Writer.Write(result.Payload.Span);
        }

        EndStream();
    }
}
