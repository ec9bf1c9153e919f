namespace LambdaKit.Testing;

/// <summary>The emulator's endpoints, one per method and path template of the Runtime API and the Invoke API.</summary>
internal enum RuntimeApiEndpoint
{
    /// <summary>No endpoint takes the request: Lambda's 404 <c>NotFound</c> error.</summary>
    Unknown,

    /// <summary><c>GET /2018-06-01/runtime/invocation/next</c>.</summary>
    Next,

    /// <summary><c>POST /2018-06-01/runtime/invocation/{requestId}/response</c>.</summary>
    Response,

    /// <summary><c>POST /2018-06-01/runtime/invocation/{requestId}/error</c>.</summary>
    Error,

    /// <summary><c>POST /2018-06-01/runtime/init/error</c>.</summary>
    InitError,

    /// <summary><c>GET /2018-06-01/runtime/restore/next</c>.</summary>
    RestoreNext,

    /// <summary><c>POST /2018-06-01/runtime/restore/error</c>.</summary>
    RestoreError,

    /// <summary><c>POST /2015-03-31/functions/{functionName}/invocations</c>.</summary>
    Invoke,

    /// <summary><c>POST /2021-11-15/functions/{functionName}/response-streaming-invocations</c>.</summary>
    StreamingInvoke,
}
