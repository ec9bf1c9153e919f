namespace LambdaKit.Runtime;

/// <summary>
/// One invocation as <c>GET /runtime/invocation/next</c> delivered it, with header fallbacks already applied.
/// <see cref="Payload"/> points into the client's receive buffer and is valid until its next request.
/// </summary>
public readonly struct LambdaInvocation
{
    internal LambdaInvocation(string requestId, DateTimeOffset deadline, string invokedFunctionArn, string? traceId, string? clientContextJson, string? cognitoIdentityJson, string? tenantId, ReadOnlyMemory<byte> payload)
    {
        RequestId = requestId;
        Deadline = deadline;
        InvokedFunctionArn = invokedFunctionArn;
        TraceId = traceId;
        ClientContextJson = clientContextJson;
        CognitoIdentityJson = cognitoIdentityJson;
        TenantId = tenantId;
        Payload = payload;
    }

    public string RequestId { get; }

    public DateTimeOffset Deadline { get; }

    public string InvokedFunctionArn { get; }

    public string? TraceId { get; }

    public string? ClientContextJson { get; }

    public string? CognitoIdentityJson { get; }

    /// <summary><c>Lambda-Runtime-Aws-Tenant-Id</c>: the tenant of a function with tenant isolation; otherwise <see langword="null"/>.</summary>
    public string? TenantId { get; }

    public ReadOnlyMemory<byte> Payload { get; }
}
