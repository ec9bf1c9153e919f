namespace LambdaKit.Testing;

/// <summary>Per-invocation settings for <c>RuntimeApiEmulator.InvokeAsync</c>.</summary>
public sealed class InvokeOptions
{
    /// <summary>Client context JSON, sent to the runtime as <c>Lambda-Runtime-Client-Context</c>.</summary>
    public string? ClientContext { get; set; }

    /// <summary>Cognito identity JSON, sent to the runtime as <c>Lambda-Runtime-Cognito-Identity</c>.</summary>
    public string? CognitoIdentity { get; set; }

    /// <summary>Overrides <see cref="RuntimeApiEmulatorOptions.Timeout"/> for this invocation.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Request id to use instead of a fresh GUID; must not repeat within one emulator.</summary>
    public string? RequestId { get; set; }

    /// <summary>Trace header to send instead of a generated one.</summary>
    public string? TraceId { get; set; }

    /// <summary>
    /// The tenant of the invocation (the Invoke API's <c>X-Amz-Tenant-Id</c>), sent to the runtime as
    /// <c>Lambda-Runtime-Aws-Tenant-Id</c>. Lambda requires it for a function with tenant isolation
    /// (<see cref="RuntimeApiEmulatorOptions.TenantIsolation"/>) and refuses it for any other.
    /// </summary>
    public string? TenantId { get; set; }

    /// <summary>Content type of the event on <c>/next</c>. Default <c>application/json</c>.</summary>
    public string? ContentType { get; set; }
}
