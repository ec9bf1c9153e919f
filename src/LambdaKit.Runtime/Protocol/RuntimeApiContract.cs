namespace LambdaKit.Runtime.Protocol;

/// <summary>
/// The wire contract of the Lambda Runtime API (version 2018-06-01) and of the Invoke API, in one place.
/// The runtime client and the LambdaKit.Testing emulator both use these names, so they cannot drift apart.
/// </summary>
public static class RuntimeApiContract
{
    /// <summary>The Runtime API version segment.</summary>
    public const string Version = "2018-06-01";

    /// <summary><c>GET</c>: blocks until an invocation is available.</summary>
    public const string NextInvocationPath = "/" + Version + "/runtime/invocation/next";

    /// <summary>Prefix of the per-invocation <c>response</c> and <c>error</c> paths.</summary>
    public const string InvocationPathPrefix = "/" + Version + "/runtime/invocation/";

    /// <summary>Suffix of <c>POST /runtime/invocation/{id}/response</c>.</summary>
    public const string ResponseSuffix = "/response";

    /// <summary>Suffix of <c>POST /runtime/invocation/{id}/error</c>.</summary>
    public const string ErrorSuffix = "/error";

    /// <summary><c>POST</c>: reports a failed initialization; the runtime exits afterwards.</summary>
    public const string InitErrorPath = "/" + Version + "/runtime/init/error";

    /// <summary>Invoke API: <c>POST /2015-03-31/functions/{name}/invocations</c>.</summary>
    public const string InvokePathPrefix = "/2015-03-31/functions/";

    /// <summary>Invoke API path suffix.</summary>
    public const string InvokePathSuffix = "/invocations";

    /// <summary>Header on <c>/next</c>: the invocation's request id.</summary>
    public const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";

    /// <summary>Header on <c>/next</c>: absolute deadline in Unix epoch milliseconds.</summary>
    public const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";

    /// <summary>Header on <c>/next</c>: the ARN used to invoke (function, version or alias).</summary>
    public const string InvokedFunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";

    /// <summary>Header on <c>/next</c>: the X-Ray trace header.</summary>
    public const string TraceIdHeader = "Lambda-Runtime-Trace-Id";

    /// <summary>Header on <c>/next</c>: client context JSON (mobile SDK invocations).</summary>
    public const string ClientContextHeader = "Lambda-Runtime-Client-Context";

    /// <summary>Header on <c>/next</c>: Cognito identity JSON (mobile SDK invocations).</summary>
    public const string CognitoIdentityHeader = "Lambda-Runtime-Cognito-Identity";

    /// <summary>Request header on the error endpoints: free-form error type.</summary>
    public const string FunctionErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    /// <summary>Content type of error bodies posted to the error endpoints.</summary>
    public const string ErrorContentType = "application/vnd.aws.lambda.error+json";

    /// <summary>Invoke API response header set when the function failed.</summary>
    public const string FunctionErrorResponseHeader = "X-Amz-Function-Error";

    /// <summary>Value of <see cref="FunctionErrorResponseHeader"/> for errors reported by the runtime.</summary>
    public const string UnhandledFunctionError = "Unhandled";

    /// <summary>Invoke API response header: the version that ran.</summary>
    public const string ExecutedVersionHeader = "X-Amz-Executed-Version";

    /// <summary>Synchronous invocation payload limit (request and response), 6 MB.</summary>
    public const int MaxSynchronousPayloadBytes = 6 * 1024 * 1024;

    /// <summary>
    /// Lambda's limit for the payload of an asynchronous (<c>Event</c>) invocation: 1 MB (1,048,576 bytes); it
    /// was 256 KB before, and stays so only for the deprecated <c>InvokeAsync</c> API (lambda-facts §12.1).
    /// </summary>
    public const int MaxAsynchronousPayloadBytes = 1024 * 1024;

    /// <summary>
    /// Header on <c>/next</c> when the function uses tenant isolation: the tenant the invocation belongs to
    /// (lambda-facts §12.2).
    /// </summary>
    public const string TenantIdHeader = "Lambda-Runtime-Aws-Tenant-Id";

    /// <summary>Invoke API request header: the tenant of an invocation of a function with tenant isolation.</summary>
    public const string InvokeTenantIdHeader = "X-Amz-Tenant-Id";

    /// <summary><c>GET</c> (SnapStart): the runtime's init is done; returns after a restore from the snapshot.</summary>
    public const string RestoreNextPath = "/" + Version + "/runtime/restore/next";

    /// <summary><c>POST</c> (SnapStart): an after-restore hook failed (a before-snapshot hook failure is an init error, <see cref="InitErrorPath"/>).</summary>
    public const string RestoreErrorPath = "/" + Version + "/runtime/restore/error";

    /// <summary>Header on a response post: <see cref="StreamingResponseMode"/> for a streamed (chunked) response.</summary>
    public const string ResponseModeHeader = "Lambda-Runtime-Function-Response-Mode";

    /// <summary>Value of <see cref="ResponseModeHeader"/> for response streaming.</summary>
    public const string StreamingResponseMode = "streaming";

    /// <summary>Trailer of a streamed response: the error type of an error raised after the first bytes.</summary>
    public const string ErrorTypeTrailer = "Lambda-Runtime-Function-Error-Type";

    /// <summary>Trailer of a streamed response: the error body (base64 of the error JSON).</summary>
    public const string ErrorBodyTrailer = "Lambda-Runtime-Function-Error-Body";

    /// <summary>Invoke API path prefix of <c>InvokeWithResponseStream</c> (then the function name).</summary>
    public const string StreamingInvokePathPrefix = "/2021-11-15/functions/";

    /// <summary>Invoke API path suffix of <c>InvokeWithResponseStream</c>.</summary>
    public const string StreamingInvokePathSuffix = "/response-streaming-invocations";

    /// <summary>Lambda's limit for a streamed response: 200 MB (lambda-facts §12.1).</summary>
    public const long MaxStreamedResponseBytes = 200L * 1024 * 1024;

    /// <summary>The path of <c>POST /runtime/invocation/{requestId}/response</c>.</summary>
    public static string ResponsePath(string requestId) => InvocationPathPrefix + requestId + ResponseSuffix;

    /// <summary>The path of <c>POST /runtime/invocation/{requestId}/error</c>.</summary>
    public static string ErrorPath(string requestId) => InvocationPathPrefix + requestId + ErrorSuffix;
}
