using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Http;

/// <summary>
/// A minimal HTTP/1.1 keep-alive client for the Runtime API, over one socket.
/// The Runtime API is plain HTTP on loopback with a handful of requests per invocation; a purpose-built client
/// avoids HttpClient's per-request objects (warm invocations allocate almost nothing here) and keeps Native AOT
/// binaries small. Not thread-safe: the bootstrap loop sends one request at a time.
/// </summary>
internal sealed partial class RuntimeApiConnection : IDisposable
{
    private const int InitialReceiveBufferSize = 16 * 1024;
    private const int MaxHeaderBytes = 64 * 1024;
    private const int MaxCoalescedRequestBytes = 64 * 1024;

    /// <summary>
    /// The largest response body read: Lambda's synchronous payload limit, the most an invocation can carry. A larger
    /// one is not read (<see cref="ResponseHead.BodyRefused"/>), so a wrong length can never make the runtime
    /// allocate or wait for gigabytes.
    /// </summary>
    internal const int MaxBodyBytes = RuntimeApiContract.MaxSynchronousPayloadBytes;
    private static readonly byte[] HeaderTerminator = "\r\n\r\n"u8.ToArray();

    // An invocation's head as Lambda sends it, for PrepareFirstExchange.
    private static readonly byte[] SampleNextHead = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + RuntimeApiContract.RequestIdHeader + ": 8476a536-e9f4-11e8-9739-2dfe598c3fcd\r\n"
        + RuntimeApiContract.DeadlineHeader + ": 1542409706888\r\n"
        + RuntimeApiContract.InvokedFunctionArnHeader + ": arn:aws:lambda:us-east-2:123456789012:function:custom-runtime\r\n"
        + RuntimeApiContract.TraceIdHeader + ": Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1\r\n"
        + "Content-Length: 2\r\n");

    private readonly string _host;
    private readonly int _port;
    private readonly byte[] _hostHeaderLine;
    private Socket? _socket;
    private IPAddress[]? _addresses;
    private CancellationTokenSource? _answerTimer;

    // Bytes received but not yet consumed live in _receiveBuffer[_receiveStart.._receiveEnd).
    private byte[] _receiveBuffer = new byte[InitialReceiveBufferSize];
    private int _receiveStart;
    private int _receiveEnd;
    private byte[] _sendBuffer = new byte[1024];
    private byte[] _bodyBuffer = new byte[InitialReceiveBufferSize];

    public RuntimeApiConnection(string host, int port)
    {
        _host = host;
        _port = port;
        _hostHeaderLine = Encoding.ASCII.GetBytes("Host: " + (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\r\nUser-Agent: LambdaKit.Runtime/1.0\r\n");
    }

    /// <summary>Parses <c>host:port</c>, <c>[v6]:port</c> or <c>host</c> (port 80), as <c>AWS_LAMBDA_RUNTIME_API</c> gives it.</summary>
    /// <summary>
    /// Whether any byte of the last request reached the socket. A request that failed before that never reached the
    /// Runtime API and can be sent again; after it, the API may have acted on it.
    /// </summary>
    public bool RequestSent { get; private set; }

    /// <summary>
    /// How long the answer to a post may take before the connection counts as failed after sending
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: no limit). <c>/next</c> always waits: Lambda holds it until an invocation arrives.
    /// </summary>
    public TimeSpan PostAnswerTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    public static bool TryParseAddress(string? value, out string host, out int port)
    {
        host = string.Empty;
        port = 80;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        value = value.Trim();
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            value = value["http://".Length..].TrimEnd('/');
        }

        string portText = string.Empty;
        if (value.StartsWith('['))
        {
            int close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = value[1..close];
            if (close + 1 < value.Length)
            {
                if (value[close + 1] != ':')
                {
                    return false;
                }

                portText = value[(close + 2)..];
            }
        }
        else
        {
            int colon = value.LastIndexOf(':');
            host = colon < 0 ? value : value[..colon];
            portText = colon < 0 ? string.Empty : value[(colon + 1)..];
            if (colon >= 0 && portText.Length == 0)
            {
                return false;
            }
        }

        if (portText.Length > 0 && (!int.TryParse(portText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            return false;
        }

        return host.Length > 0 && !host.Contains('/', StringComparison.Ordinal);
    }

    /// <summary>
    /// Sends one request and reads the whole response. The body is copied into a buffer owned by this connection
    /// and stays valid until the next call. Throws <see cref="IOException"/> or <see cref="SocketException"/>
    /// when the connection fails; the caller decides whether to retry.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RuntimeApiResponse> SendAsync(RuntimeApiRequest request, CancellationToken cancellationToken)
    {
        RequestSent = false;
        if (request.IsPost && _socket is { } reused && !IsIdle(reused))
        {
            // A post is sent at most once, so it must not go out on a connection the API already closed: a failure
            // after sending could not tell "never received" from "received, answer lost".
            CloseSocket();
        }

        var socket = _socket ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int headLength = WriteRequestHead(request);
            var body = request.Body;
            if (headLength + body.Length <= MaxCoalescedRequestBytes)
            {
                // One segment for typical requests: a separate body write costs the server an extra read and wake-up.
                EnsureCapacity(ref _sendBuffer, headLength + body.Length, headLength);
                body.Span.CopyTo(_sendBuffer.AsSpan(headLength));
                await SendAllAsync(socket, _sendBuffer.AsMemory(0, headLength + body.Length), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SendAllAsync(socket, _sendBuffer.AsMemory(0, headLength), cancellationToken).ConfigureAwait(false);
                await SendAllAsync(socket, body, cancellationToken).ConfigureAwait(false);
            }

            var response = request.IsPost && PostAnswerTimeout != Timeout.InfiniteTimeSpan
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
            // A half-read response leaves the stream unusable: start the next request on a new connection.
            CloseSocket();
            throw;
        }
    }

    /// <summary>
    /// Parses a sample <c>/next</c> answer head and writes a sample response post head, without I/O. Called during init:
    /// the first run of this code (cold code and data) then happens before the first <c>/next</c> instead of in the
    /// first invocation. Changes nothing a request depends on (the send buffer is rewritten by every request).
    /// </summary>
    public void PrepareFirstExchange()
    {
        var head = ResponseHeadParser.Parse(SampleNextHead);
        WriteRequestHead(RuntimeApiRequest.Post(RuntimeApiContract.InvocationPathPrefix, head.RequestId!, RuntimeApiContract.ResponseSuffix, default, "application/json", null));
    }

    /// <summary>Drops the kept-alive socket, so the next request opens a new connection.</summary>
    public void Close() => CloseSocket();

    public void Dispose()
    {
        CloseSocket();
        _answerTimer?.Dispose();
    }

    /// <summary>Reads a post's answer within <see cref="PostAnswerTimeout"/>; an API that took the post and stays silent is an <see cref="IOException"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RuntimeApiResponse> ReadPostAnswerAsync(Socket socket, CancellationToken cancellationToken)
    {
        // One timer source for the connection's life: re-arming it costs no allocation on the warm path.
        if (_answerTimer is null || !_answerTimer.TryReset())
        {
            _answerTimer?.Dispose();
            _answerTimer = new CancellationTokenSource();
        }

        var timer = _answerTimer;
        using var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token) : null;
        timer.CancelAfter(PostAnswerTimeout);
        try
        {
            return await ReadResponseAsync(socket, linked?.Token ?? timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"the Runtime API took the request but sent no answer within {PostAnswerTimeout.TotalMilliseconds:0} ms");
        }
        finally
        {
            timer.TryReset();
        }
    }

    /// <summary>A kept-alive connection between requests is idle: nothing to read, no FIN, no error.</summary>
    private static bool IsIdle(Socket socket)
    {
        try
        {
            return !socket.Poll(0, SelectMode.SelectRead) && !socket.Poll(0, SelectMode.SelectError);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void CloseSocket()
    {
        _socket?.Dispose();
        _socket = null;
        _receiveStart = 0;
        _receiveEnd = 0;
    }

    private async ValueTask<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        _addresses ??= IPAddress.TryParse(_host, out var literal)
            ? new[] { literal }
            : await Dns.GetHostAddressesAsync(_host, cancellationToken).ConfigureAwait(false);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_addresses, _port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        return socket;
    }

    // streaming: a chunked body, so no Content-Length.
    private int WriteRequestHead(in RuntimeApiRequest request, bool streaming = false)
    {
        int needed = 256 + request.Path.Length + request.PathSuffix.Length + RequestIdSegment.MaxEncodedLength(request.RequestId)
            + (request.ContentType?.Length ?? 0) + (request.ErrorType?.Length ?? 0) + _hostHeaderLine.Length;
        EnsureCapacity(ref _sendBuffer, needed, 0);
        var span = _sendBuffer.AsSpan();
        int at = 0;
        at += Write(span[at..], request.IsPost ? "POST "u8 : "GET "u8);
        at += Encoding.ASCII.GetBytes(request.Path, span[at..]);
        at += RequestIdSegment.Write(span[at..], request.RequestId);
        at += Encoding.ASCII.GetBytes(request.PathSuffix, span[at..]);
        at += Write(span[at..], " HTTP/1.1\r\n"u8);
        at += Write(span[at..], _hostHeaderLine);
        if (request.IsPost)
        {
            if (!streaming)
            {
                at += Write(span[at..], "Content-Length: "u8);
                Utf8Formatter.TryFormat(request.Body.Length, span[at..], out int written);
                at += written;
                at += Write(span[at..], "\r\n"u8);
            }

            if (request.ContentType is { } contentType)
            {
                at += Write(span[at..], "Content-Type: "u8);
                at += Encoding.ASCII.GetBytes(contentType, span[at..]);
                at += Write(span[at..], "\r\n"u8);
            }

            if (request.ErrorType is { } errorType)
            {
                at += Write(span[at..], "Lambda-Runtime-Function-Error-Type: "u8);
                at += WriteHeaderValue(span[at..], errorType);
                at += Write(span[at..], "\r\n"u8);
            }
        }

        at += Write(span[at..], "\r\n"u8);
        return at;
    }

    private static int Write(Span<byte> destination, ReadOnlySpan<byte> source)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    // Header values must be visible ASCII; anything else (a localized exception name, a stray newline) becomes '?'
    // so a bad value can never split the request.
    private static int WriteHeaderValue(Span<byte> destination, string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            destination[i] = c is >= ' ' and <= '~' ? (byte)c : (byte)'?';
        }

        return value.Length;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            int sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            RequestSent |= sent > 0;
            data = data[sent..];
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RuntimeApiResponse> ReadResponseAsync(Socket socket, CancellationToken cancellationToken)
    {
        int headEnd;
        while ((headEnd = _receiveBuffer.AsSpan(_receiveStart, _receiveEnd - _receiveStart).IndexOf(HeaderTerminator)) < 0)
        {
            if (_receiveEnd - _receiveStart >= MaxHeaderBytes)
            {
                throw new IOException($"The Runtime API sent more than {MaxHeaderBytes} bytes of response headers.");
            }

            await ReceiveMoreAsync(socket, cancellationToken).ConfigureAwait(false);
        }

        var head = ResponseHeadParser.Parse(_receiveBuffer.AsSpan(_receiveStart, headEnd + 2));
        _receiveStart += headEnd + HeaderTerminator.Length;

        int bodyLength;
        if (head.Chunked)
        {
            bodyLength = await ReadChunkedBodyAsync(socket, cancellationToken).ConfigureAwait(false);
            if (bodyLength < 0)
            {
                head.ContentLength = -bodyLength;
                bodyLength = 0;
                head.BodyRefused = true;
            }
        }
        else if (head.ContentLength > MaxBodyBytes)
        {
            bodyLength = 0;
            head.BodyRefused = true;
        }
        else if (head.ContentLength >= 0)
        {
            bodyLength = (int)head.ContentLength;
            await ReadFixedBodyAsync(socket, bodyLength, cancellationToken).ConfigureAwait(false);
        }
        else if (head.StatusCode is 204 or 304 || head.StatusCode < 200)
        {
            bodyLength = 0;
        }
        else
        {
            // No framing: the body runs to the end of the connection.
            bodyLength = await ReadToEndAsync(socket, cancellationToken).ConfigureAwait(false);
            head.ConnectionClose = true;
            if (bodyLength < 0)
            {
                head.ContentLength = -bodyLength;
                bodyLength = 0;
                head.BodyRefused = true;
            }
        }

        // The rest of a refused body is still on the wire: the connection cannot carry another request.
        head.ConnectionClose |= head.BodyRefused;
        return new RuntimeApiResponse(head, _bodyBuffer.AsMemory(0, bodyLength));
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReadFixedBodyAsync(Socket socket, int length, CancellationToken cancellationToken)
    {
        EnsureCapacity(ref _bodyBuffer, length, 0);
        int buffered = Math.Min(length, _receiveEnd - _receiveStart);
        _receiveBuffer.AsSpan(_receiveStart, buffered).CopyTo(_bodyBuffer);
        _receiveStart += buffered;
        int filled = buffered;
        while (filled < length)
        {
            int read = await socket.ReceiveAsync(_bodyBuffer.AsMemory(filled, length - filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"The Runtime API closed the connection after {filled} of {length} body bytes.");
            }

            filled += read;
        }
    }

    /// <summary>Reads a chunked body; returns its length, or minus the length reached when it grew past <see cref="MaxBodyBytes"/>.</summary>
    private async ValueTask<int> ReadChunkedBodyAsync(Socket socket, CancellationToken cancellationToken)
    {
        int length = 0;
        while (true)
        {
            int lineEnd = await ReadLineAsync(socket, "chunk size", cancellationToken).ConfigureAwait(false);
            var sizeLine = _receiveBuffer.AsSpan(_receiveStart, lineEnd);
            int extension = sizeLine.IndexOf((byte)';');
            if (extension >= 0)
            {
                sizeLine = sizeLine[..extension];
            }

            if (!Utf8Parser.TryParse(sizeLine.Trim((byte)' '), out int chunkSize, out int consumed, 'x') || consumed != sizeLine.Trim((byte)' ').Length || chunkSize < 0)
            {
                throw new IOException($"The Runtime API sent a malformed chunk size '{ResponseHeadParser.Printable(sizeLine)}'.");
            }

            _receiveStart += lineEnd + 2;
            if (chunkSize == 0)
            {
                // Trailers, if any, end with an empty line.
                while (true)
                {
                    lineEnd = await ReadLineAsync(socket, "chunked trailer", cancellationToken).ConfigureAwait(false);
                    _receiveStart += lineEnd + 2;
                    if (lineEnd == 0)
                    {
                        return length;
                    }
                }
            }

            if (chunkSize > MaxBodyBytes - length)
            {
                return -(int)Math.Min((long)length + chunkSize, int.MaxValue);
            }

            EnsureCapacity(ref _bodyBuffer, length + chunkSize, length);
            int remaining = chunkSize;
            while (remaining > 0)
            {
                if (_receiveEnd == _receiveStart)
                {
                    await ReceiveMoreAsync(socket, cancellationToken).ConfigureAwait(false);
                }

                int take = Math.Min(remaining, _receiveEnd - _receiveStart);
                _receiveBuffer.AsSpan(_receiveStart, take).CopyTo(_bodyBuffer.AsSpan(length));
                _receiveStart += take;
                length += take;
                remaining -= take;
            }

            while (_receiveEnd - _receiveStart < 2)
            {
                await ReceiveMoreAsync(socket, cancellationToken).ConfigureAwait(false);
            }

            if (_receiveBuffer[_receiveStart] != '\r' || _receiveBuffer[_receiveStart + 1] != '\n')
            {
                throw new IOException("The Runtime API sent a chunk without its terminating CRLF.");
            }

            _receiveStart += 2;
        }
    }

    /// <summary>Reads a body framed by the end of the connection; returns its length, or minus the length reached past <see cref="MaxBodyBytes"/>.</summary>
    private async ValueTask<int> ReadToEndAsync(Socket socket, CancellationToken cancellationToken)
    {
        int length = _receiveEnd - _receiveStart;
        EnsureCapacity(ref _bodyBuffer, length, 0);
        _receiveBuffer.AsSpan(_receiveStart, length).CopyTo(_bodyBuffer);
        _receiveStart = _receiveEnd;
        while (true)
        {
            EnsureCapacity(ref _bodyBuffer, length + 4096, length);
            int read = await socket.ReceiveAsync(_bodyBuffer.AsMemory(length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return length;
            }

            length += read;
            if (length > MaxBodyBytes)
            {
                return -length;
            }
        }
    }

    /// <summary>Waits for a CRLF-terminated line at <c>_receiveStart</c>; returns its length without the CRLF.</summary>
    private async ValueTask<int> ReadLineAsync(Socket socket, string what, CancellationToken cancellationToken)
    {
        int lineEnd;
        while ((lineEnd = _receiveBuffer.AsSpan(_receiveStart, _receiveEnd - _receiveStart).IndexOf("\r\n"u8)) < 0)
        {
            if (_receiveEnd - _receiveStart >= MaxHeaderBytes)
            {
                throw new IOException($"The Runtime API sent a {what} line longer than {MaxHeaderBytes} bytes.");
            }

            await ReceiveMoreAsync(socket, cancellationToken).ConfigureAwait(false);
        }

        return lineEnd;
    }

    /// <summary>Grows <paramref name="buffer"/> to at least <paramref name="needed"/> bytes (doubling), keeping its first <paramref name="preserve"/> bytes.</summary>
    private static void EnsureCapacity(ref byte[] buffer, int needed, int preserve)
    {
        if (buffer.Length >= needed)
        {
            return;
        }

        var larger = new byte[Math.Max(needed, buffer.Length * 2)];
        buffer.AsSpan(0, preserve).CopyTo(larger);
        buffer = larger;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReceiveMoreAsync(Socket socket, CancellationToken cancellationToken)
    {
        if (_receiveStart > 0 && _receiveStart == _receiveEnd)
        {
            _receiveStart = _receiveEnd = 0;
        }
        else if (_receiveEnd == _receiveBuffer.Length)
        {
            int pending = _receiveEnd - _receiveStart;
            if (_receiveStart > 0)
            {
                _receiveBuffer.AsSpan(_receiveStart, pending).CopyTo(_receiveBuffer);
            }
            else
            {
                EnsureCapacity(ref _receiveBuffer, _receiveBuffer.Length + 1, pending);
            }

            _receiveStart = 0;
            _receiveEnd = pending;
        }

        int read = await socket.ReceiveAsync(_receiveBuffer.AsMemory(_receiveEnd), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new IOException("The Runtime API closed the connection before sending a complete response.");
        }

        _receiveEnd += read;
    }
}
