using System.Buffers;
using System.Buffers.Text;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Http;

/// <summary>
/// A streamed response post: one chunked request whose head goes out with the first chunk, then one HTTP chunk per
/// flush, then the last chunk, with the error trailers when the handler failed after the first bytes.
/// </summary>
internal sealed partial class RuntimeApiConnection
{
    private static readonly byte[] TrailerDeclaration = Encoding.ASCII.GetBytes(
        "Transfer-Encoding: chunked\r\n" + RuntimeApiContract.ResponseModeHeader + ": " + RuntimeApiContract.StreamingResponseMode + "\r\n"
        + "Trailer: " + RuntimeApiContract.ErrorTypeTrailer + ", " + RuntimeApiContract.ErrorBodyTrailer + "\r\n");

    private static readonly byte[] ChunkEnd = "\r\n"u8.ToArray();

    private Socket? _streamSocket;

    /// <summary>
    /// Sends <paramref name="data"/> as one chunk of the streamed response to <paramref name="requestId"/>, preceded by
    /// the request head when it is the first. Empty data sends nothing (an empty chunk would end the body).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendChunkAsync(string requestId, string contentType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        int at = 0;
        var socket = _streamSocket;
        if (socket is null)
        {
            RequestSent = false;
            if (_socket is { } reused && !IsIdle(reused))
            {
                CloseSocket();
            }

            socket = _socket ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
            _streamSocket = socket;
            at = WriteStreamingHead(requestId, contentType);
        }

        if (data.IsEmpty && at == 0)
        {
            return;
        }

        try
        {
            int framed = at + 12 + data.Length;
            EnsureCapacity(ref _sendBuffer, Math.Min(framed, MaxCoalescedRequestBytes) + 12, at);
            if (!data.IsEmpty)
            {
                at += WriteChunkSize(_sendBuffer.AsSpan(at), data.Length);
            }

            if (framed <= MaxCoalescedRequestBytes)
            {
                data.Span.CopyTo(_sendBuffer.AsSpan(at));
                at += data.Length;
                at += Write(_sendBuffer.AsSpan(at), data.IsEmpty ? default : "\r\n"u8);
                await SendAllAsync(socket, _sendBuffer.AsMemory(0, at), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SendAllAsync(socket, _sendBuffer.AsMemory(0, at), cancellationToken).ConfigureAwait(false);
                await SendAllAsync(socket, data, cancellationToken).ConfigureAwait(false);
                await SendAllAsync(socket, ChunkEnd, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            _streamSocket = null;
            CloseSocket();
            throw;
        }
    }

    /// <summary>
    /// Ends the streamed body (with the error trailers when <paramref name="errorType"/> is set) and reads the answer.
    /// <see cref="SendChunkAsync"/> must have sent the head.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RuntimeApiResponse> EndStreamAsync(string? errorType, ReadOnlyMemory<byte> errorJson, CancellationToken cancellationToken)
    {
        var socket = _streamSocket ?? throw new InvalidOperationException("No streamed response was started.");
        _streamSocket = null;
        try
        {
            int needed = 64 + RuntimeApiContract.ErrorTypeTrailer.Length + RuntimeApiContract.ErrorBodyTrailer.Length + (errorType?.Length ?? 0) + Base64.GetMaxEncodedToUtf8Length(errorJson.Length);
            EnsureCapacity(ref _sendBuffer, needed, 0);
            var span = _sendBuffer.AsSpan();
            int at = Write(span, "0\r\n"u8);
            if (errorType is not null)
            {
                at += Encoding.ASCII.GetBytes(RuntimeApiContract.ErrorTypeTrailer + ": ", span[at..]);
                at += WriteHeaderValue(span[at..], errorType);
                at += Encoding.ASCII.GetBytes("\r\n" + RuntimeApiContract.ErrorBodyTrailer + ": ", span[at..]);
                Base64.EncodeToUtf8(errorJson.Span, span[at..], out _, out int encoded);
                at += encoded;
                at += Write(span[at..], "\r\n"u8);
            }

            at += Write(span[at..], "\r\n"u8);
            await SendAllAsync(socket, _sendBuffer.AsMemory(0, at), cancellationToken).ConfigureAwait(false);
            var response = PostAnswerTimeout != Timeout.InfiniteTimeSpan
                ? await ReadPostAnswerAsync(socket, cancellationToken).ConfigureAwait(false)
                : await ReadResponseAsync(socket, cancellationToken).ConfigureAwait(false);
            if (response.Head.ConnectionClose)
            {
                CloseSocket();
            }

            return response;
        }
        catch
        {
            CloseSocket();
            throw;
        }
    }

    /// <summary>Drops a streamed post that failed mid-way: its connection cannot carry another request.</summary>
    public void AbandonStream()
    {
        _streamSocket = null;
        CloseSocket();
    }

    private int WriteStreamingHead(string requestId, string contentType)
    {
        var request = RuntimeApiRequest.Post(RuntimeApiContract.InvocationPathPrefix, requestId, RuntimeApiContract.ResponseSuffix, default, contentType, null);
        int at = WriteRequestHead(request, streaming: true);
        EnsureCapacity(ref _sendBuffer, at + TrailerDeclaration.Length + 2, at);

        // WriteRequestHead ended the head with an empty line: the streaming headers go before it.
        at -= 2;
        at += Write(_sendBuffer.AsSpan(at), TrailerDeclaration);
        at += Write(_sendBuffer.AsSpan(at), "\r\n"u8);
        return at;
    }

    private static int WriteChunkSize(Span<byte> destination, int size)
    {
        Utf8Formatter.TryFormat(size, destination, out int written, new StandardFormat('x'));
        return written + Write(destination[written..], "\r\n"u8);
    }
}
