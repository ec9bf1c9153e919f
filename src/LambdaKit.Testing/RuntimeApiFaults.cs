using System.Collections.Concurrent;

namespace LambdaKit.Testing;

/// <summary>A failure the emulator can inject instead of answering a Runtime API request.</summary>
public enum RuntimeApiFault
{
    /// <summary>Answer 500 with an error body, as Lambda does for a container error.</summary>
    InternalServerError,

    /// <summary>Abort the TCP connection without any response.</summary>
    CloseConnection,
}

/// <summary>
/// Queued faults for the Runtime API endpoints. A faulted request leaves the invocation untouched: a faulted
/// <c>/next</c> does not consume the queued event and a faulted response or error post does not complete
/// the invocation, so a retried request succeeds. (LambdaKit's runtime retries a post only after a 5xx or a connection
/// that failed before anything was sent, never after a connection closed mid-answer: it posts at most once.)
/// </summary>
public sealed class RuntimeApiFaults
{
    private readonly ConcurrentQueue<RuntimeApiFault> next = new();
    private readonly ConcurrentQueue<RuntimeApiFault> response = new();
    private readonly ConcurrentQueue<RuntimeApiFault> error = new();

    internal RuntimeApiFaults()
    {
    }

    /// <summary>Fails the next <paramref name="count"/> <c>GET /runtime/invocation/next</c> requests.</summary>
    public void FailNext(int count, RuntimeApiFault fault) => Enqueue(next, count, fault);

    /// <summary>Fails the next <paramref name="count"/> <c>POST /runtime/invocation/{id}/response</c> requests.</summary>
    public void FailResponse(int count, RuntimeApiFault fault) => Enqueue(response, count, fault);

    /// <summary>Fails the next <paramref name="count"/> <c>POST /runtime/invocation/{id}/error</c> requests.</summary>
    public void FailError(int count, RuntimeApiFault fault) => Enqueue(error, count, fault);

    /// <summary>Drops every fault not yet injected.</summary>
    public void Clear()
    {
        next.Clear();
        response.Clear();
        error.Clear();
    }

    internal bool TryTakeNext(out RuntimeApiFault fault) => next.TryDequeue(out fault);

    internal bool TryTakeResponse(out RuntimeApiFault fault) => response.TryDequeue(out fault);

    internal bool TryTakeError(out RuntimeApiFault fault) => error.TryDequeue(out fault);

    private static void Enqueue(ConcurrentQueue<RuntimeApiFault> queue, int count, RuntimeApiFault fault)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!Enum.IsDefined(fault))
        {
            throw new ArgumentOutOfRangeException(nameof(fault));
        }

        for (var i = 0; i < count; i++)
        {
            queue.Enqueue(fault);
        }
    }
}
