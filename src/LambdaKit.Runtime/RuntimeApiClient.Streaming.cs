using System.Net.Sockets;
using LambdaKit.Runtime.Http;
using LambdaKit.Runtime.Logging;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime;

/// <summary>Streamed responses: sent once, never retried, since the handler's bytes are gone once they were sent.</summary>
public sealed partial class RuntimeApiClient
{
    internal ValueTask SendResponseChunkAsync(string requestId, string contentType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        _connection.SendChunkAsync(requestId, contentType, data, cancellationToken);

    /// <summary>Ends a streamed response; an <paramref name="error"/> goes out as the two error trailers.</summary>
    internal async ValueTask<RuntimeApiOutcome> EndStreamedResponseAsync(string requestId, LambdaError? error, long length)
    {
        string? errorType = null;
        ReadOnlyMemory<byte> errorJson = default;
        if (error is not null)
        {
            _errorBody.ResetWrittenCount();
            error.WriteTo(_errorBody);
            errorType = error.ErrorType;
            errorJson = _errorBody.WrittenMemory;
        }

        RuntimeApiResponse response;
        try
        {
            response = await _connection.EndStreamAsync(errorType, errorJson, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            _logger.Log(LambdaLogLevel.Warning, $"The streamed response of invocation {requestId} ({length} bytes) was sent, but its answer was lost: {ex.Message}");
            return RuntimeApiOutcome.Unconfirmed;
        }

        int status = response.Head.StatusCode;
        if (status is >= 200 and < 300)
        {
            return RuntimeApiOutcome.Accepted;
        }

        _logger.Log(LambdaLogLevel.Warning, $"The Runtime API answered {status} to the streamed response of invocation {requestId} ({length} bytes): {Describe(response)}");
        return status == 413 ? RuntimeApiOutcome.PayloadTooLarge : RuntimeApiOutcome.Rejected;
    }

    /// <summary>A chunk could not be sent: the response is cut off where it stopped, and its connection dropped.</summary>
    internal void AbandonStreamedResponse(string requestId)
    {
        _logger.Log(LambdaLogLevel.Error, $"The streamed response of invocation {requestId} failed while it was sent; it ends where the connection broke.");
        _connection.AbandonStream();
    }
}
