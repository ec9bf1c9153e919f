using System.Text.Json;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime;

/// <summary>
/// The response of a streaming handler (<see cref="LambdaStreamingHandler"/>): bytes written here are posted to the
/// Runtime API as they come, as one chunked request in Lambda's streaming mode. Writes are buffered; a flush (or a
/// full buffer) sends them as one chunk, so the caller sees them before the handler returns. An exception the handler
/// throws after the first bytes were sent is reported as the streamed response's error trailers; one thrown before
/// is an ordinary invocation error. At most <see cref="RuntimeApiContract.MaxStreamedResponseBytes"/> bytes.
/// </summary>
public sealed class LambdaResponseStream : Stream
{
    /// <summary>The content type of a stream whose handler sets none.</summary>
    public const string DefaultContentType = "application/octet-stream";

    /// <summary>The content type of a function-URL response that starts with an HTTP prelude (<see cref="WriteHttpPrelude"/>).</summary>
    public const string HttpIntegrationContentType = "application/vnd.awslambda.http-integration-response";

    /// <summary>Bytes buffered before they are sent as a chunk without a flush.</summary>
    internal const int BufferSize = 16 * 1024;

    // After the prelude's JSON, eight NUL bytes tell Lambda where the body starts.
    private const int PreludeSeparatorLength = 8;

    private readonly RuntimeApiClient _client;
    private readonly string _requestId;
    private readonly byte[] _buffer;
    private string _contentType = DefaultContentType;
    private int _buffered;
    private bool _preludeWritten;
    private bool _completed;
    private bool _failed;

    internal LambdaResponseStream(RuntimeApiClient client, string requestId, byte[] buffer)
    {
        _client = client;
        _requestId = requestId;
        _buffer = buffer;
    }

    /// <summary>The response's content type; it can change until the first chunk is sent.</summary>
    public string ContentType
    {
        get => _contentType;
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            ThrowIfSent("The content type");
            _contentType = value;
        }
    }

    /// <summary>Whether the first chunk, and with it the request head, has been sent.</summary>
    public bool HasStarted { get; private set; }

    /// <summary>Every byte written so far, the prelude included.</summary>
    public long BytesWritten { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_completed;

    public override long Length => throw new NotSupportedException("A response stream has no length.");

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException("A response stream cannot seek.");
    }

    /// <summary>
    /// Starts a function-URL response: the status code, headers and cookies Lambda turns into the HTTP response,
    /// before any body byte. Sets <see cref="ContentType"/> to <see cref="HttpIntegrationContentType"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Bytes were already written.</exception>
    public void WriteHttpPrelude(int statusCode, IEnumerable<KeyValuePair<string, string>>? headers = null, IEnumerable<string>? cookies = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        if (BytesWritten > 0 || _preludeWritten)
        {
            throw new InvalidOperationException("The HTTP prelude must be written once, before any body byte.");
        }

        ContentType = HttpIntegrationContentType;
        var json = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteNumber("statusCode", statusCode);
            writer.WriteStartObject("headers");
            foreach (var (name, value) in headers ?? [])
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("cookies");
            foreach (var cookie in cookies ?? [])
            {
                writer.WriteStringValue(cookie);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        Write(json.WrittenSpan);
        Span<byte> separator = stackalloc byte[PreludeSeparatorLength];
        separator.Clear();
        Write(separator);
        _preludeWritten = true;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Reserve(buffer.Length);
        while (!buffer.IsEmpty)
        {
            int take = Math.Min(buffer.Length, _buffer.Length - _buffered);
            buffer[..take].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += take;
            buffer = buffer[take..];
            if (_buffered == _buffer.Length)
            {
                SendBufferedAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Reserve(buffer.Length);
        if (_buffered == 0 && buffer.Length >= _buffer.Length)
        {
            // A large write goes out as its own chunk, without a copy.
            await SendAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        while (!buffer.IsEmpty)
        {
            int take = Math.Min(buffer.Length, _buffer.Length - _buffered);
            buffer.Span[..take].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += take;
            buffer = buffer[take..];
            if (_buffered == _buffer.Length)
            {
                await SendBufferedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends the buffered bytes as one chunk.</summary>
    public override void Flush() => SendBufferedAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    /// <summary>Sends the buffered bytes as one chunk.</summary>
    public override Task FlushAsync(CancellationToken cancellationToken) => SendBufferedAsync(cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("A response stream is write-only.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A response stream cannot seek.");

    public override void SetLength(long value) => throw new NotSupportedException("A response stream has no length.");

    /// <summary>
    /// Ends the response after the handler returned (<paramref name="error"/> null) or threw. False when the handler
    /// threw before any chunk was sent: nothing reached the Runtime API, so the caller posts an ordinary error.
    /// </summary>
    internal async ValueTask<bool> CompleteAsync(LambdaError? error)
    {
        _completed = true;
        if (error is not null && !HasStarted)
        {
            return false;
        }

        if (_failed)
        {
            _client.AbandonStreamedResponse(_requestId);
            return true;
        }

        try
        {
            await SendAsync(_buffer.AsMemory(0, _buffered), CancellationToken.None).ConfigureAwait(false);
            _buffered = 0;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            _client.AbandonStreamedResponse(_requestId);
            return true;
        }

        await _client.EndStreamedResponseAsync(_requestId, error, BytesWritten).ConfigureAwait(false);
        return true;
    }

    private void Reserve(int count)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (BytesWritten + count > RuntimeApiContract.MaxStreamedResponseBytes)
        {
            throw new IOException($"The streamed response would exceed Lambda's limit of {RuntimeApiContract.MaxStreamedResponseBytes} bytes.");
        }

        BytesWritten += count;
    }

    private async ValueTask SendBufferedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_buffered > 0)
        {
            await SendAsync(_buffer.AsMemory(0, _buffered), cancellationToken).ConfigureAwait(false);
            _buffered = 0;
        }
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await _client.SendResponseChunkAsync(_requestId, _contentType, data, cancellationToken).ConfigureAwait(false);
            HasStarted = true;
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    private void ThrowIfSent(string what)
    {
        if (HasStarted)
        {
            throw new InvalidOperationException($"{what} cannot change after the first chunk was sent.");
        }
    }
}
