namespace LambdaKit.Runtime;

/// <summary>
/// One invocation as <c>GET /runtime/invocation/next</c> delivered it, with header fallbacks already applied.
/// <see cref="Payload"/> points into the client's receive buffer and is valid until its next request.
/// </summary>
public readonly struct LambdaInvocation
{
    internal LambdaInvocation(string requestId, DateTimeOffset deadline, string invokedFunctionArn, string? traceId, string? clientContextJson, string? cognitoIdentityJson, ReadOnlyMemory<byte> payload)
    {
        RequestId = requestId;
        Deadline = deadline;
        InvokedFunctionArn = invokedFunctionArn;
        TraceId = traceId;
        ClientContextJson = clientContextJson;
        CognitoIdentityJson = cognitoIdentityJson;
        Payload = payload;
    }

    public string RequestId { get; }

    public DateTimeOffset Deadline { get; }

    public string InvokedFunctionArn { get; }

    public string? TraceId { get; }

    public string? ClientContextJson { get; }

    public string? CognitoIdentityJson { get; }

    public ReadOnlyMemory<byte> Payload { get; }
}
