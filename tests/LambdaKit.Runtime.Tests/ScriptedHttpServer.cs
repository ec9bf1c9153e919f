using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace LambdaKit.Runtime.Tests;

/// <summary>
/// A raw TCP server on 127.0.0.1 that answers each HTTP request with the next scripted bytes, so tests can send
/// exactly the framing, headers and failures a well-behaved server never would.
/// </summary>
internal sealed class ScriptedHttpServer : LoopbackServer
{
    private readonly ConcurrentQueue<Func<Socket, Task>> _script = new();
    private readonly Func<string, Socket, CancellationToken, Task>? _responder;

    /// <param name="responder">
    /// Answers a request (its raw text) once the script is used up; without one, unscripted requests are held open
    /// like a <c>/next</c> with no pending invocation.
    /// </param>
    public ScriptedHttpServer(Func<string, Socket, CancellationToken, Task>? responder = null)
    {
        _responder = responder;
        Start();
    }

    /// <summary>Every request received, as raw text (head and body).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Answers the next request with <paramref name="rawResponse"/>.</summary>
    public ScriptedHttpServer Then(string rawResponse) => Then(Encoding.UTF8.GetBytes(rawResponse));

    public ScriptedHttpServer Then(byte[] rawResponse)
    {
        _script.Enqueue(async socket => await socket.SendAsync(rawResponse, SocketFlags.None));
        return this;
    }

    /// <summary>Sends <paramref name="partial"/> then closes the connection.</summary>
    public ScriptedHttpServer ThenClose(string partial = "")
    {
        _script.Enqueue(async socket =>
        {
            if (partial.Length > 0)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(partial), SocketFlags.None);
            }

            socket.Shutdown(SocketShutdown.Both);
            socket.Close();
        });
        return this;
    }

    /// <summary>Answers the next request with <paramref name="rawResponse"/> after <paramref name="delay"/>.</summary>
    public ScriptedHttpServer ThenAfter(TimeSpan delay, string rawResponse)
    {
        _script.Enqueue(async socket =>
        {
            await Task.Delay(delay, Stopping);
            await socket.SendAsync(Encoding.UTF8.GetBytes(rawResponse), SocketFlags.None);
        });
        return this;
    }

    /// <summary>Answers the next request <paramref name="bytesPerSend"/> bytes at a time, pausing between sends.</summary>
    public ScriptedHttpServer ThenTrickle(string rawResponse, int bytesPerSend, TimeSpan pause)
    {
        _script.Enqueue(socket => TrickleAsync(socket, Encoding.UTF8.GetBytes(rawResponse), bytesPerSend, pause, Stopping));
        return this;
    }

    /// <summary>Reads the next request whole, then resets the connection (TCP RST) without answering.</summary>
    public ScriptedHttpServer ThenReset()
    {
        _script.Enqueue(socket =>
        {
            Reset(socket);
            return Task.CompletedTask;
        });
        return this;
    }

    /// <summary>Sends <paramref name="data"/> in pieces of <paramref name="bytesPerSend"/> bytes with a pause between them.</summary>
    public static async Task TrickleAsync(Socket socket, byte[] data, int bytesPerSend, TimeSpan pause, CancellationToken cancellationToken)
    {
        for (int at = 0; at < data.Length; at += bytesPerSend)
        {
            await socket.SendAsync(data.AsMemory(at, Math.Min(bytesPerSend, data.Length - at)), SocketFlags.None, cancellationToken);
            await Task.Delay(pause, cancellationToken);
        }
    }

    /// <summary>Closes <paramref name="socket"/> with a TCP RST instead of an orderly FIN.</summary>
    public static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    /// <summary>The request lines (<c>METHOD target HTTP/1.1</c>) received so far.</summary>
    public string[] RequestLines => Requests.Select(r => r[..r.IndexOf("\r\n", StringComparison.Ordinal)]).ToArray();

    public static string Response(int status, string body = "", params string[] headers)
    {
        var builder = new StringBuilder();
        builder.Append("HTTP/1.1 ").Append(status).Append(status == 200 ? " OK" : " Status").Append("\r\n");
        foreach (var header in headers)
        {
            builder.Append(header).Append("\r\n");
        }

        builder.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n\r\n").Append(body);
        return builder.ToString();
    }

    public static string Next(string body, params string[] headers) =>
        Response(200, body, headers);

    protected override async Task ServeAsync(Socket socket)
    {
        var buffer = new byte[1 << 20];
        int filled = 0;
        try
        {
            while (socket.Connected && !Stopping.IsCancellationRequested)
            {
                int headEnd;
                while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    int read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, Stopping);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                string head = Encoding.ASCII.GetString(buffer, 0, headEnd);
                int contentLength = 0;
                foreach (var line in head.Split("\r\n"))
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        contentLength = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }

                int total = headEnd + 4 + contentLength;
                if (total > buffer.Length)
                {
                    Array.Resize(ref buffer, total);
                }

                while (filled < total)
                {
                    int read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, Stopping);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                string request = Encoding.UTF8.GetString(buffer, 0, total);
                Requests.Enqueue(request);
                buffer.AsSpan(total, filled - total).CopyTo(buffer);
                filled -= total;
                if (!_script.TryDequeue(out var step) && _responder is { } responder)
                {
                    await responder(request, socket, Stopping);
                    continue;
                }

                if (step is null)
                {
                    // Nothing scripted: behave like a Runtime API with no pending invocation and hold the request.
                    await Task.Delay(Timeout.Infinite, Stopping);
                    return;
                }

                await step(socket);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The test is over or the script closed the connection.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
