using System.Text;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing;

/// <summary>What the caller of an invoke gets back: the response payload, or the function error.</summary>
public sealed class InvocationResult
{
    internal InvocationResult(
        string requestId,
        ReadOnlyMemory<byte> payload,
        string? contentType,
        string? functionError,
        LambdaError? error,
        string? errorTypeHeader,
        int statusCode = 200)
    {
        StatusCode = statusCode;
        RequestId = requestId;
        Payload = payload;
        ContentType = contentType;
        FunctionError = functionError;
        Error = error;
        ErrorTypeHeader = errorTypeHeader;
    }

    /// <summary>
    /// The Invoke API status: 200 when the function ran (also when it failed: see <see cref="FunctionError"/>),
    /// 413 when Lambda refused the request itself (<see cref="Error"/> is then <c>RequestTooLargeException</c>).
    /// </summary>
    public int StatusCode { get; }

    /// <summary>The invocation's request id.</summary>
    public string RequestId { get; }

    /// <summary>
    /// The exact bytes the runtime posted, or the error JSON when the invoke failed (for a refused request, the
    /// Invoke API's <c>{"Type":"User","message":...}</c> body).
    /// </summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary><see cref="Payload"/> decoded as UTF-8.</summary>
    public string PayloadAsString => Encoding.UTF8.GetString(Payload.Span);

    /// <summary>The content type the runtime posted with its response or error, if any.</summary>
    public string? ContentType { get; }

    /// <summary>The <c>X-Amz-Function-Error</c> value (<c>Unhandled</c>) when the invoke failed; otherwise null.</summary>
    public string? FunctionError { get; }

    /// <summary>True when the function returned a response.</summary>
    public bool IsSuccess => StatusCode == 200 && FunctionError is null;

    /// <summary>The parsed error when the invoke failed.</summary>
    public LambdaError? Error { get; }

    /// <summary>The <c>Lambda-Runtime-Function-Error-Type</c> header the runtime sent with its error, if any.</summary>
    public string? ErrorTypeHeader { get; }
}
