using System.Net.Sockets;
using System.Text;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Tests;

/// <summary>
/// A Runtime API that serves <see cref="Invocations"/> numbered invocations and, drawn from a seeded random source,
/// misbehaves between and around them: garbage and missing headers, huge, negative and garbage
/// <c>Content-Length</c>, truncated and chunked bodies, slow and trickled answers, 5xx, resets, 410 and 413 on posts,
/// no answer at all to a post, odd and unusable request ids. It checks every post against what it issued and counts the log lines each fault
/// must cause. Used as the responder of a <see cref="ScriptedHttpServer"/>.
/// </summary>
internal sealed class MisbehavingRuntimeApi(int seed, int invocations)
{
    /// <summary>At most this many faults in a row, so the runtime's retry budget (<see cref="RetryPolicy"/>) is never spent.</summary>
    private const int MaxFaultsInARow = 3;
    private const string Arn = "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:f";
    private const string Deadline = "Lambda-Runtime-Deadline-Ms: 4102444800000";

    private static readonly string[] OddIds = ["réq-{0}", "a b/../../init/error?x={0}", "id#{0};%2F", "日本-{0}", "😀{0}", "~._-{0}"];

    private readonly Random _random = new(seed);
    private readonly object _gate = new();
    private readonly Dictionary<string, Issued> _issued = new(StringComparer.Ordinal);
    private int _faultsInARow;

    public static RuntimeApiRetryPolicy RetryPolicy { get; } = new(MaxFaultsInARow + 5, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4))
    {
        PostAnswerTimeout = TimeSpan.FromMilliseconds(400),
    };

    public int Invocations { get; } = invocations;

    /// <summary>Faults injected, by kind.</summary>
    public SortedDictionary<string, int> Faults { get; } = new(StringComparer.Ordinal);

    /// <summary>Log lines at WARN or above the faults must cause: one each.</summary>
    public int ExpectedFaultLines { get; private set; }

    /// <summary>Everything the runtime did that it must never do: a post to an id not issued, a second post, a wrong body.</summary>
    public List<string> Violations { get; } = [];

    public int IssuedCount => _issued.Count;

    /// <summary>Delivered invocations that got no post at all.</summary>
    public int Lost
    {
        get
        {
            lock (_gate)
            {
                return _issued.Values.Count(i => i.Delivered && i.Posts == 0);
            }
        }
    }

    /// <summary>Every invocation was issued, and every delivered one answered.</summary>
    public bool Done
    {
        get
        {
            lock (_gate)
            {
                return _issued.Count == Invocations && _issued.Values.All(i => !i.Delivered || i.Posts > i.Refusals);
            }
        }
    }

    public async Task RespondAsync(string request, Socket socket, CancellationToken cancellationToken)
    {
        if (request.StartsWith("GET " + RuntimeApiContract.NextInvocationPath + " ", StringComparison.Ordinal))
        {
            await NextAsync(socket, cancellationToken);
        }
        else
        {
            await PostAsync(request, socket, cancellationToken);
        }
    }

    private static string Head(int status, params string[] headers) =>
        $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Status")}\r\n" + string.Concat(headers.Select(h => h + "\r\n"));

    private static Task<int> SendAsync(Socket socket, string text, CancellationToken cancellationToken) => SendAsync(socket, Encoding.UTF8.GetBytes(text), cancellationToken);

    private static Task<int> SendAsync(Socket socket, byte[] bytes, CancellationToken cancellationToken) => socket.SendAsync(bytes, SocketFlags.None, cancellationToken).AsTask();

    private static void Close(Socket socket)
    {
        socket.Shutdown(SocketShutdown.Both);
        socket.Close();
    }

    private static string Chunked(string body)
    {
        var text = new StringBuilder();
        for (int at = 0; at < body.Length; at += 7)
        {
            string piece = body.Substring(at, Math.Min(7, body.Length - at));
            text.Append(Encoding.UTF8.GetByteCount(piece).ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n").Append(piece).Append("\r\n");
        }

        return text.Append("0\r\n\r\n").ToString();
    }

    private async Task NextAsync(Socket socket, CancellationToken cancellationToken)
    {
        string? fault;
        Issued? invocation = null;
        lock (_gate)
        {
            if (_issued.Count == Invocations)
            {
                fault = "hold";
            }
            else
            {
                fault = _faultsInARow < MaxFaultsInARow && _random.NextDouble() < 0.3 ? NextFaults[_random.Next(NextFaults.Length)] : null;
                _faultsInARow = fault is null ? 0 : _faultsInARow + 1;
                if (fault is null or "huge Content-Length" or "no deadline" or "no function ARN")
                {
                    invocation = Issue();
                }

                if (fault is not null)
                {
                    Count(fault);
                }
            }
        }

        if (fault == "hold")
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return;
        }

        string idHeader = RuntimeApiContract.RequestIdHeader + ": " + invocation?.Id;
        switch (fault)
        {
            case null:
                await SendInvocationAsync(socket, invocation!, [idHeader, Deadline, Arn], cancellationToken);
                break;
            case "no deadline":
                await SendInvocationAsync(socket, invocation!, [idHeader, Arn], cancellationToken);
                break;
            case "no function ARN":
                await SendInvocationAsync(socket, invocation!, [idHeader, Deadline], cancellationToken);
                break;
            case "huge Content-Length":
                lock (_gate)
                {
                    // Announced, not sent: the runtime must answer this id with an error.
                    invocation!.Delivered = true;
                }

                await SendAsync(socket, Head(200, idHeader, Deadline, Arn, "Content-Length: 3000000000") + "\r\n{\"n\":", cancellationToken);
                break;
            case "5xx on next":
                const string ServiceError = "{\"errorType\":\"ServiceException\",\"errorMessage\":\"line one\nline two\"}";
                await SendAsync(socket, ScriptedHttpServer.Response(500, ServiceError), cancellationToken);
                break;
            case "garbage status line":
                await SendAsync(socket, "HTTP/1.1 OK whatever\r\n\r\n", cancellationToken);
                break;
            case "reset on next":
                ScriptedHttpServer.Reset(socket);
                break;
            case "truncated body":
                await SendAsync(socket, Head(200, "Lambda-Runtime-Aws-Request-Id: truncated", Deadline, Arn, "Content-Length: 100") + "\r\n{\"n\":", cancellationToken);
                Close(socket);
                break;
            case "negative Content-Length":
                await SendAsync(socket, Head(200, "Lambda-Runtime-Aws-Request-Id: negative", "Content-Length: -5") + "\r\n{}", cancellationToken);
                break;
            case "garbage Content-Length":
                await SendAsync(socket, Head(200, "Lambda-Runtime-Aws-Request-Id: garbage", "Content-Length: 0x10") + "\r\n{}", cancellationToken);
                break;
            case "garbage header lines":
                await SendAsync(socket, Head(200, "\x01\x02 no colon here", ": empty name", "Lambda-Runtime-Aws-Request-Id: garbage-headers", "Transfer-Encoding: chunked") + "\r\nnot a chunk size\r\n", cancellationToken);
                break;
            case "no request id":
                await SendAsync(socket, Head(200, Deadline, Arn, "Content-Length: 2") + "\r\n{}", cancellationToken);
                break;
            case "unusable request id":
                byte[][] ids = [".."u8.ToArray(), [(byte)'r', 0xC3, 0x28], "a\nb"u8.ToArray()];
                byte[] head = Encoding.ASCII.GetBytes(Head(200, Deadline, Arn, "Content-Length: 2") + RuntimeApiContract.RequestIdHeader + ": ");
                await SendAsync(socket, [.. head, .. ids[_random.Next(ids.Length)], .. "\r\n\r\n{}"u8.ToArray()], cancellationToken);
                break;
            default:
                throw new InvalidOperationException(fault);
        }
    }

    private static readonly string[] NextFaults =
    [
        "huge Content-Length", "5xx on next", "garbage status line", "reset on next", "truncated body", "negative Content-Length",
        "garbage Content-Length", "garbage header lines", "no request id", "unusable request id", "no deadline", "no function ARN",
    ];

    private static readonly string[] PostFaults = ["410 on post", "413 on post", "5xx on post", "reset after post", "garbage answer to post", "no answer to post"];

    private Issued Issue()
    {
        int n = _issued.Count;
        string id = _random.Next(5) == 0 ? string.Format(System.Globalization.CultureInfo.InvariantCulture, OddIds[_random.Next(OddIds.Length)], n) : Guid.NewGuid().ToString();
        var issued = new Issued(id, n % 7 == 3 ? $"{{\"n\":{n},\"fail\":true}}" : $"{{\"n\":{n}}}");
        _issued.Add(id, issued);
        return issued;
    }

    private void Count(string fault)
    {
        Faults[fault] = Faults.GetValueOrDefault(fault) + 1;
        ExpectedFaultLines++;
    }

    private async Task SendInvocationAsync(Socket socket, Issued invocation, string[] headers, CancellationToken cancellationToken)
    {
        int style;
        lock (_gate)
        {
            invocation.Delivered = true;
            style = _random.Next(10);
        }

        // Well-formed variations that must cost no log line: chunked, slow, trickled, closed after the answer.
        string response = style switch
        {
            0 => Head(200, [.. headers, "Transfer-Encoding: chunked"]) + "\r\n" + Chunked(invocation.Payload),
            _ => Head(200, [.. headers, "Content-Length: " + Encoding.UTF8.GetByteCount(invocation.Payload), .. style == 1 ? ["Connection: close"] : Array.Empty<string>()]) + "\r\n" + invocation.Payload,
        };
        if (style == 2)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        if (style == 3)
        {
            await ScriptedHttpServer.TrickleAsync(socket, Encoding.UTF8.GetBytes(response), 16, TimeSpan.FromMilliseconds(1), cancellationToken);
        }
        else
        {
            await SendAsync(socket, response, cancellationToken);
        }

        if (style == 1)
        {
            Close(socket);
        }
    }

    private async Task PostAsync(string request, Socket socket, CancellationToken cancellationToken)
    {
        string requestLine = request[..request.IndexOf("\r\n", StringComparison.Ordinal)];
        string body = request[(request.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        string? fault;
        lock (_gate)
        {
            fault = Check(requestLine, body);
            if (fault is not null)
            {
                Count(fault);
            }
        }

        switch (fault)
        {
            case null:
                await SendAsync(socket, ScriptedHttpServer.Response(202, "{\"status\":\"OK\"}"), cancellationToken);
                break;
            case "410 on post":
                await SendAsync(socket, ScriptedHttpServer.Response(410, "gone"), cancellationToken);
                break;
            case "413 on post":
                await SendAsync(socket, ScriptedHttpServer.Response(413, "{}"), cancellationToken);
                break;
            case "5xx on post":
                await SendAsync(socket, ScriptedHttpServer.Response(500), cancellationToken);
                break;
            case "reset after post":
                ScriptedHttpServer.Reset(socket);
                break;
            case "garbage answer to post":
                await SendAsync(socket, "\0\0\0 not HTTP\r\n\r\n", cancellationToken);
                break;
            case "no answer to post":
                // Takes the post and stays silent until the runtime gives up on the connection.
                await socket.ReceiveAsync(new byte[1], SocketFlags.None, cancellationToken);
                break;
            default:
                throw new InvalidOperationException(fault);
        }
    }

    /// <summary>Records a post and picks its answer (<see langword="null"/>: 202), or records why it must not have happened.</summary>
    private string? Check(string requestLine, string body)
    {
        const string Prefix = "POST " + RuntimeApiContract.InvocationPathPrefix;
        string[] parts = requestLine.Split(' ');
        if (!requestLine.StartsWith(Prefix, StringComparison.Ordinal) || parts.Length != 3)
        {
            Violations.Add("a post outside /runtime/invocation/: " + requestLine);
            return null;
        }

        string path = parts[1][(RuntimeApiContract.InvocationPathPrefix.Length)..];
        int slash = path.IndexOf('/', StringComparison.Ordinal);
        string suffix = slash < 0 ? string.Empty : path[slash..];
        if (suffix is not (RuntimeApiContract.ResponseSuffix or RuntimeApiContract.ErrorSuffix) || path.Contains('?', StringComparison.Ordinal))
        {
            Violations.Add("a post to a path other than one id segment and /response or /error: " + requestLine);
            return null;
        }

        string id = Uri.UnescapeDataString(path[..slash]);
        if (!_issued.TryGetValue(id, out var issued) || !issued.Delivered)
        {
            Violations.Add($"a post for an id never delivered: '{id}' ({requestLine})");
            return null;
        }

        issued.Posts++;
        if (issued.Posts > 1 + issued.Refusals)
        {
            Violations.Add($"a second post for '{id}' after it was received: {requestLine}");
        }

        if (suffix == RuntimeApiContract.ResponseSuffix && body != issued.Payload)
        {
            Violations.Add($"the response for '{id}' is '{body}', the payload of another invocation (expected '{issued.Payload}')");
        }

        string? fault = _faultsInARow < MaxFaultsInARow && _random.NextDouble() < 0.25 ? PostFaults[_random.Next(PostFaults.Length)] : null;
        _faultsInARow = fault is null ? 0 : _faultsInARow + 1;
        if (fault == "5xx on post")
        {
            // A 5xx refuses the post: the runtime may (and should) send it again.
            issued.Refusals++;
        }

        return fault;
    }

    private sealed class Issued(string id, string payload)
    {
        public string Id { get; } = id;

        public string Payload { get; } = payload;

        public bool Delivered { get; set; }

        public int Posts { get; set; }

        public int Refusals { get; set; }
    }
}
