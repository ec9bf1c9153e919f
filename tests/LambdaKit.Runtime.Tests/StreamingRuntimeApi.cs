using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace LambdaKit.Runtime.Tests;

/// <summary>
/// A Runtime API on 127.0.0.1 that hands out one invocation and parses the streamed response as its chunks arrive,
/// recording each chunk, the request head and the trailers; later <c>/next</c> requests are held open.
/// </summary>
internal sealed class StreamingRuntimeApi : LoopbackServer
{
    private readonly string _invocation;
    private int _nextCount;

    public StreamingRuntimeApi(string requestId, string payload = "{}")
    {
        _invocation = ScriptedHttpServer.Next(payload, "Lambda-Runtime-Aws-Request-Id: " + requestId, "Lambda-Runtime-Deadline-Ms: 4102444800000", "Lambda-Runtime-Invoked-Function-Arn: arn");
        Start();
    }

    /// <summary>The head of every request other than <c>/next</c>, as raw text.</summary>
    public ConcurrentQueue<string> PostHeads { get; } = new();

    /// <summary>Each chunk of the streamed body, in arrival order.</summary>
    public ConcurrentQueue<string> Chunks { get; } = new();

    /// <summary>The trailers of the streamed body, name to value.</summary>
    public ConcurrentDictionary<string, string> Trailers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Completed when the first chunk has been read.</summary>
    public TaskCompletionSource FirstChunk { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completed when a post (streamed or not) has been read whole and answered.</summary>
    public TaskCompletionSource Answered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Body => string.Concat(Chunks);

    protected override async Task ServeAsync(Socket socket)
    {
        var reader = new LineReader(socket, Stopping);
        try
        {
            while (true)
            {
                var head = new StringBuilder();
                for (string line; (line = await reader.ReadLineAsync()).Length > 0;)
                {
                    head.Append(line).Append("\r\n");
                }

                string text = head.ToString();
                if (text.StartsWith("GET", StringComparison.Ordinal))
                {
                    if (Interlocked.Increment(ref _nextCount) > 1)
                    {
                        await Task.Delay(Timeout.Infinite, Stopping);
                    }

                    await socket.SendAsync(Encoding.UTF8.GetBytes(_invocation), SocketFlags.None);
                    continue;
                }

                PostHeads.Enqueue(text);
                if (text.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
                {
                    await ReadChunksAsync(reader);
                }
                else
                {
                    int length = int.Parse(text.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    Chunks.Enqueue(Encoding.UTF8.GetString(await reader.ReadBytesAsync(length)));
                }

                await socket.SendAsync(Encoding.UTF8.GetBytes(ScriptedHttpServer.Response(202)), SocketFlags.None);
                Answered.TrySetResult();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // The test is over or the runtime closed the connection.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private async Task ReadChunksAsync(LineReader reader)
    {
        while (true)
        {
            int size = Convert.ToInt32(await reader.ReadLineAsync(), 16);
            if (size == 0)
            {
                for (string line; (line = await reader.ReadLineAsync()).Length > 0;)
                {
                    int colon = line.IndexOf(':', StringComparison.Ordinal);
                    Trailers[line[..colon]] = line[(colon + 1)..].Trim();
                }

                return;
            }

            Chunks.Enqueue(Encoding.UTF8.GetString(await reader.ReadBytesAsync(size)));
            FirstChunk.TrySetResult();
            if ((await reader.ReadLineAsync()).Length != 0)
            {
                throw new IOException("A chunk did not end with CRLF.");
            }
        }
    }

    /// <summary>Reads CRLF lines and fixed-size blocks from a socket.</summary>
    private sealed class LineReader(Socket socket, CancellationToken cancellationToken)
    {
        private readonly List<byte> _pending = new();

        public async Task<string> ReadLineAsync()
        {
            int end;
            while ((end = IndexOfCrlf()) < 0)
            {
                await ReceiveAsync();
            }

            string line = Encoding.ASCII.GetString(_pending.GetRange(0, end).ToArray());
            _pending.RemoveRange(0, end + 2);
            return line;
        }

        public async Task<byte[]> ReadBytesAsync(int count)
        {
            while (_pending.Count < count)
            {
                await ReceiveAsync();
            }

            var bytes = _pending.GetRange(0, count).ToArray();
            _pending.RemoveRange(0, count);
            return bytes;
        }

        private int IndexOfCrlf()
        {
            for (int i = 0; i + 1 < _pending.Count; i++)
            {
                if (_pending[i] == '\r' && _pending[i + 1] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }

        private async Task ReceiveAsync()
        {
            var buffer = new byte[8192];
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                throw new IOException("The connection closed.");
            }

            _pending.AddRange(buffer.AsSpan(0, read));
        }
    }
}
