using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing;

internal enum InvocationState
{
    Queued,
    InFlight,
    Completed,
}

/// <summary>An error outcome that is not tied to one request id yet (the init error serves whichever invoke comes first).</summary>
internal sealed record FunctionFailure(ReadOnlyMemory<byte> Payload, LambdaError Error, string? ContentType, string? ErrorTypeHeader)
{
    public static FunctionFailure FromError(LambdaError error) => new(error.ToUtf8Json(), error, RuntimeApiContract.ErrorContentType, null);

    public InvocationResult ToResult(string requestId) =>
        new(requestId, Payload, ContentType, RuntimeApiContract.UnhandledFunctionError, Error, ErrorTypeHeader);
}

/// <summary>One queued event and its lifecycle; mutable state is guarded by the dispatcher's lock.</summary>
internal sealed class Invocation
{
    public Invocation(string requestId, ReadOnlyMemory<byte> payload, string contentType, TimeSpan timeout, string traceId, string? clientContext, string? cognitoIdentity, string? tenantId)
    {
        TenantId = tenantId;
        RequestId = requestId;
        Payload = payload;
        ContentType = contentType;
        Timeout = timeout;
        TraceId = traceId;
        ClientContext = clientContext;
        CognitoIdentity = cognitoIdentity;
    }

    public string RequestId { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    public string ContentType { get; }

    public TimeSpan Timeout { get; }

    public string TraceId { get; }

    public string? ClientContext { get; }

    public string? CognitoIdentity { get; }

    public string? TenantId { get; }

    public TaskCompletionSource<InvocationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InvocationState State { get; set; }

    public DateTimeOffset Deadline { get; set; }

    public ITimer? TimeoutTimer { get; set; }

    /// <summary>When the runtime was handed the event (a <see cref="TimeProvider"/> timestamp); null until then.</summary>
    public long? StartedAt { get; set; }

    /// <summary>Set on the first invocation of an execution environment: its host start to first <c>/next</c>.</summary>
    public TimeSpan? InitDuration { get; set; }

    /// <summary>Set instead on the first invocation of a restored (SnapStart) environment: the restore to first <c>/next</c>.</summary>
    public TimeSpan? RestoreDuration { get; set; }
}
