using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Tests;

/// <summary>
/// A Runtime API that, like Lambda Managed Instances, hands out queued invocations to every open <c>/next</c> at once
/// (one per connection) and records each response and error by request id.
/// </summary>
internal sealed class ConcurrentRuntimeApi : IAsyncDisposable
{
    private readonly Channel<string> _pending = Channel.CreateUnbounded<string>();
    private readonly ScriptedHttpServer _server;
    private int _refusals;

    public ConcurrentRuntimeApi() => _server = new ScriptedHttpServer(RespondAsync);

    public string Address => _server.Address;

    public ConcurrentDictionary<string, string> Responses { get; } = new();

    public ConcurrentDictionary<string, string> Errors { get; } = new();

    /// <summary>The next <paramref name="count"/> <c>/next</c> requests are answered 403, which ends the worker that sent one.</summary>
    public void RefuseNext(int count) => _refusals = count;

    /// <summary>Queues an invocation; its deadline is a minute away unless given.</summary>
    public void Enqueue(string requestId, string body, DateTimeOffset? deadline = null, params string[] headers)
    {
        long deadlineMs = (deadline ?? DateTimeOffset.UtcNow.AddMinutes(1)).ToUnixTimeMilliseconds();
        string[] all =
        [
            RuntimeApiContract.RequestIdHeader + ": " + requestId,
            RuntimeApiContract.DeadlineHeader + ": " + deadlineMs.ToString(CultureInfo.InvariantCulture),
            RuntimeApiContract.InvokedFunctionArnHeader + ": arn:aws:lambda:eu-west-1:123456789012:function:f",
            .. headers,
        ];
        _pending.Writer.TryWrite(ScriptedHttpServer.Next(body, all));
    }

    /// <summary>Waits until <paramref name="count"/> invocations were answered (response or error).</summary>
    public async Task WaitForAnswersAsync(int count, TimeSpan timeout)
    {
        var giveUp = DateTime.UtcNow + timeout;
        while (Responses.Count + Errors.Count < count)
        {
            if (DateTime.UtcNow > giveUp)
            {
                throw new TimeoutException($"{Responses.Count + Errors.Count} of {count} invocations were answered.");
            }

            await Task.Delay(5);
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task RespondAsync(string request, Socket socket, CancellationToken cancellationToken)
    {
        string requestLine = request[..request.IndexOf("\r\n", StringComparison.Ordinal)];
        string answer;
        if (requestLine.StartsWith("GET ", StringComparison.Ordinal))
        {
            answer = Interlocked.Decrement(ref _refusals) >= 0
                ? ScriptedHttpServer.Response(403, "{\"errorType\":\"Refused\"}")
                : await _pending.Reader.ReadAsync(cancellationToken);
        }
        else
        {
            // POST /2018-06-01/runtime/invocation/{id}/response or /error
            string path = requestLine.Split(' ')[1];
            string id = Uri.UnescapeDataString(path[RuntimeApiContract.InvocationPathPrefix.Length..path.LastIndexOf('/')]);
            string body = request[(request.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
            (path.EndsWith(RuntimeApiContract.ErrorSuffix, StringComparison.Ordinal) ? Errors : Responses)[id] = body;
            answer = ScriptedHttpServer.Response(202, "{\"status\":\"OK\"}");
        }

        await socket.SendAsync(Encoding.UTF8.GetBytes(answer), SocketFlags.None, cancellationToken);
    }
}
