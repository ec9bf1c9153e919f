namespace LambdaKit.Testing;

/// <summary>The outcome of an asynchronous (<c>Event</c>) invocation: every attempt, the last one deciding.</summary>
public sealed class EventInvocationResult
{
    internal EventInvocationResult(IReadOnlyList<InvocationResult> attempts) => Attempts = attempts;

    /// <summary>Each attempt's result, in order: one, or up to three when the function failed.</summary>
    public IReadOnlyList<InvocationResult> Attempts { get; }

    /// <summary>Whether the last attempt succeeded.</summary>
    public bool IsSuccess => Attempts[^1].IsSuccess;
}
