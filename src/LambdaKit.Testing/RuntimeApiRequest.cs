namespace LambdaKit.Testing;

/// <summary>One request the emulator's Runtime API received, as the runtime client sent it.</summary>
public sealed class RuntimeApiRequest
{
    internal RuntimeApiRequest(
        DateTimeOffset receivedAt,
        string method,
        string path,
        string? requestId,
        IReadOnlyDictionary<string, string> headers,
        ReadOnlyMemory<byte> body,
        long bodyLength,
        int? statusCode)
    {
        ReceivedAt = receivedAt;
        Method = method;
        Path = path;
        RequestId = requestId;
        Headers = headers;
        Body = body;
        BodyLength = bodyLength;
        StatusCode = statusCode;
    }

    /// <summary>When the request arrived.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>HTTP method.</summary>
    public string Method { get; }

    /// <summary>Request path, without the query string.</summary>
    public string Path { get; }

    /// <summary>The request id in the path of response and error posts.</summary>
    public string? RequestId { get; }

    /// <summary>All request headers; names compare case-insensitively, repeated values are joined with commas.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The request body; empty when there was none or it exceeded the payload limit.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Number of body bytes received.</summary>
    public long BodyLength { get; }

    /// <summary>The status code answered, or null when the emulator aborted the connection.</summary>
    public int? StatusCode { get; }

    /// <summary>The <c>Content-Type</c> header, if sent.</summary>
    public string? ContentType => Header("Content-Type");

    /// <summary>The <c>User-Agent</c> header, if sent.</summary>
    public string? UserAgent => Header("User-Agent");

    /// <summary>The value of a header, or null when it was not sent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
