namespace LambdaKit.Runtime.Http;

/// <summary>One Runtime API request. The path is written as <c>Path + RequestId + PathSuffix</c> so per-invocation paths need no string.</summary>
internal readonly record struct RuntimeApiRequest(
    bool IsPost,
    string Path,
    string RequestId,
    string PathSuffix,
    ReadOnlyMemory<byte> Body,
    string? ContentType,
    string? ErrorType)
{
    public static RuntimeApiRequest Get(string path) => new(false, path, string.Empty, string.Empty, default, null, null);

    public static RuntimeApiRequest Post(string path, string requestId, string suffix, ReadOnlyMemory<byte> body, string? contentType, string? errorType)
        => new(true, path, requestId, suffix, body, contentType, errorType);
}

/// <summary>A response whose body is owned by the connection and valid until its next request.</summary>
internal readonly record struct RuntimeApiResponse(ResponseHead Head, ReadOnlyMemory<byte> Body);

/// <summary>The status line and the headers the runtime uses; all other headers are skipped without allocating.</summary>
internal struct ResponseHead
{
    public int StatusCode;
    public long ContentLength;
    public bool Chunked;
    public bool ConnectionClose;
    public string? RequestId;

    /// <summary>Why the request id header, present, gave no <see cref="RequestId"/>.</summary>
    public string? RequestIdProblem;

    /// <summary>
    /// The body was announced larger than <see cref="RuntimeApiConnection.MaxBodyBytes"/>: it was not read, and the
    /// connection was closed. <see cref="ContentLength"/> holds the announced (or, when chunked, the reached) size.
    /// </summary>
    public bool BodyRefused;
    public long? DeadlineMs;

    /// <summary>The raw deadline header when it was present but not a Unix-epoch millisecond count.</summary>
    public string? MalformedDeadline;
    public string? InvokedFunctionArn;
    public string? TraceId;
    public string? ClientContext;
    public string? CognitoIdentity;
    public string? TenantId;
}
