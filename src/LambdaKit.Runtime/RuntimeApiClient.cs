using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using LambdaKit.Runtime.Http;
using LambdaKit.Runtime.Logging;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime;

/// <summary>What the Runtime API answered to a response or error report.</summary>
public enum RuntimeApiOutcome
{
    /// <summary>202: accepted.</summary>
    Accepted,

    /// <summary>413: the response exceeded the payload limit; Lambda fails the invocation.</summary>
    PayloadTooLarge,

    /// <summary>Another 4xx: the request id is unknown or already answered (for example after a timeout).</summary>
    Rejected,

    /// <summary>
    /// The connection failed after the request was sent, before an answer: the API may have accepted it. It is not
    /// sent again, since a response is posted at most once.
    /// </summary>
    Unconfirmed,
}

/// <summary>
/// Client of the Lambda Runtime API (<c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01</c>). One request at a time over a
/// kept-alive connection; transient failures are retried under <see cref="RuntimeApiRetryPolicy"/>.
/// </summary>
public sealed partial class RuntimeApiClient : IDisposable
{
    /// <summary>Deadline assumed when <c>Lambda-Runtime-Deadline-Ms</c> is missing or malformed: Lambda's longest timeout.</summary>
    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromSeconds(900);

    /// <summary>Error type posted for an invocation whose payload was announced over Lambda's limit and not read.</summary>
    public const string PayloadTooLargeErrorType = "Runtime.PayloadTooLarge";

    // Status of the synthetic answer to a post whose connection failed after sending it.
    private const int NoAnswer = 0;

    private readonly RuntimeApiConnection _connection;
    private readonly RuntimeApiRetryPolicy _retry;
    private readonly ILambdaLogger _logger;
    private readonly TimeProvider _time;
    private readonly ArrayBufferWriter<byte> _errorBody = new(1024);

    /// <param name="runtimeApiAddress"><c>host:port</c>, the value of <c>AWS_LAMBDA_RUNTIME_API</c>.</param>
    /// <param name="logger">Receives one line per problem the client works around.</param>
    /// <param name="retryPolicy">Defaults to <see cref="RuntimeApiRetryPolicy.Default"/>.</param>
    /// <param name="timeProvider">The clock for deadline fallbacks.</param>
    public RuntimeApiClient(string runtimeApiAddress, ILambdaLogger logger, RuntimeApiRetryPolicy? retryPolicy = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (!RuntimeApiConnection.TryParseAddress(runtimeApiAddress, out string host, out int port))
        {
            throw new ArgumentException($"'{runtimeApiAddress}' is not a Runtime API address of the form host:port.", nameof(runtimeApiAddress));
        }

        Address = runtimeApiAddress;
        _logger = logger;
        _retry = retryPolicy ?? RuntimeApiRetryPolicy.Default;
        _connection = new RuntimeApiConnection(host, port) { PostAnswerTimeout = _retry.PostAnswerTimeout };
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The <c>host:port</c> this client talks to.</summary>
    public string Address { get; }

    /// <summary>
    /// Waits, without a timeout, for the next invocation. An invocation without a usable request id cannot be
    /// answered: it is logged and skipped; as many in a row as <see cref="RuntimeApiRetryPolicy.MaxAttempts"/> end the
    /// runtime. An invocation whose payload is announced over Lambda's 6 MB limit is not read and is answered with a
    /// <c>Runtime.PayloadTooLarge</c> error. A missing or malformed deadline is logged and replaced by now +
    /// <see cref="FallbackTimeout"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<LambdaInvocation> GetNextInvocationAsync(CancellationToken cancellationToken = default)
    {
        for (int unanswerable = 0; ; )
        {
            var response = await SendWithRetryAsync(RuntimeApiRequest.Get(RuntimeApiContract.NextInvocationPath), cancellationToken).ConfigureAwait(false);
            var head = response.Head;
            if (head.StatusCode != 200)
            {
                throw new RuntimeApiUnavailableException(
                    $"The Lambda Runtime API at {Address} answered {head.StatusCode} to GET {RuntimeApiContract.NextInvocationPath}: {Describe(response)}");
            }

            string? requestId = head.RequestId;
            string? idProblem = requestId is null ? head.RequestIdProblem ?? $"there is no {RuntimeApiContract.RequestIdHeader}" : RequestIdSegment.Problem(requestId);
            if (requestId is null || idProblem is not null)
            {
                // Posting to a changed id could answer another invocation: an unusable id is posted nowhere.
                _logger.Log(LambdaLogLevel.Error, $"The Runtime API sent an invocation that cannot be answered, as its request id is unusable: {idProblem}. It is skipped.");
                if (++unanswerable >= _retry.MaxAttempts)
                {
                    throw new RuntimeApiUnavailableException($"The Lambda Runtime API at {Address} sent {unanswerable} invocations in a row without a usable request id.");
                }

                await Task.Delay(_retry.DelayBefore(unanswerable), _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            unanswerable = 0;
            if (head.BodyRefused)
            {
                await RefuseOversizedInvocationAsync(requestId, head.ContentLength, cancellationToken).ConfigureAwait(false);
                continue;
            }

            DateTimeOffset deadline;
            if (head.DeadlineMs is { } deadlineMs && deadlineMs <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                deadline = DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs);
            }
            else
            {
                deadline = _time.GetUtcNow() + FallbackTimeout;
                _logger.Log(
                    LambdaLogLevel.Warning,
                    head.MalformedDeadline is null && head.DeadlineMs is null
                        ? $"Invocation {head.RequestId} has no {RuntimeApiContract.DeadlineHeader}; assuming {FallbackTimeout.TotalSeconds:0} s from now."
                        : $"Invocation {head.RequestId} has a malformed {RuntimeApiContract.DeadlineHeader} '{head.MalformedDeadline ?? head.DeadlineMs?.ToString(System.Globalization.CultureInfo.InvariantCulture)}'; assuming {FallbackTimeout.TotalSeconds:0} s from now.");
            }

            if (head.InvokedFunctionArn is null)
            {
                _logger.Log(LambdaLogLevel.Warning, $"Invocation {head.RequestId} has no {RuntimeApiContract.InvokedFunctionArnHeader}; the context's InvokedFunctionArn is empty.");
            }

            return new LambdaInvocation(requestId, deadline, head.InvokedFunctionArn ?? string.Empty, head.TraceId, head.ClientContext, head.CognitoIdentity, head.TenantId, response.Body);
        }
    }

    /// <summary>Posts the handler's response bytes for <paramref name="requestId"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="requestId"/> cannot be one path segment naming that id (see docs/runtime.md).</exception>
    public ValueTask<RuntimeApiOutcome> SendResponseAsync(string requestId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable(requestId);
        return PostAsync(RuntimeApiRequest.Post(RuntimeApiContract.InvocationPathPrefix, requestId, RuntimeApiContract.ResponseSuffix, payload, "application/json", null), cancellationToken);
    }

    /// <summary>Posts an invocation error, with <c>Lambda-Runtime-Function-Error-Type</c> set to its type.</summary>
    /// <exception cref="ArgumentException"><paramref name="requestId"/> cannot be one path segment naming that id (see docs/runtime.md).</exception>
    public ValueTask<RuntimeApiOutcome> SendErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken = default)
    {
        ThrowIfUnusable(requestId);
        ArgumentNullException.ThrowIfNull(error);
        _errorBody.ResetWrittenCount();
        error.WriteTo(_errorBody);
        return PostAsync(RuntimeApiRequest.Post(RuntimeApiContract.InvocationPathPrefix, requestId, RuntimeApiContract.ErrorSuffix, _errorBody.WrittenMemory, RuntimeApiContract.ErrorContentType, error.ErrorType), cancellationToken);
    }

    /// <summary>Reports a failed initialization. The runtime should exit afterwards.</summary>
    public ValueTask<RuntimeApiOutcome> SendInitErrorAsync(LambdaError error, CancellationToken cancellationToken = default) =>
        PostPhaseErrorAsync(RuntimeApiContract.InitErrorPath, error, cancellationToken);

    /// <summary>SnapStart: reports that an after-restore hook failed (<c>POST /runtime/restore/error</c>).</summary>
    public ValueTask<RuntimeApiOutcome> SendRestoreErrorAsync(LambdaError error, CancellationToken cancellationToken = default) =>
        PostPhaseErrorAsync(RuntimeApiContract.RestoreErrorPath, error, cancellationToken);

    /// <summary>
    /// SnapStart: tells Lambda the init phase is done (<c>GET /runtime/restore/next</c>) and returns once this process
    /// runs again from the snapshot. The kept-alive connection is then dropped: it was opened before the snapshot, in
    /// another execution environment, so the next request opens a new one.
    /// </summary>
    public async ValueTask WaitForRestoreAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendWithRetryAsync(RuntimeApiRequest.Get(RuntimeApiContract.RestoreNextPath), cancellationToken).ConfigureAwait(false);
        _connection.Close();
        if (response.Head.StatusCode != 200)
        {
            throw new RuntimeApiUnavailableException(
                $"The Lambda Runtime API at {Address} answered {response.Head.StatusCode} to GET {RuntimeApiContract.RestoreNextPath}: {Describe(response)}");
        }
    }

    private ValueTask<RuntimeApiOutcome> PostPhaseErrorAsync(string path, LambdaError error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        _errorBody.ResetWrittenCount();
        error.WriteTo(_errorBody);
        return PostAsync(RuntimeApiRequest.Post(path, string.Empty, string.Empty, _errorBody.WrittenMemory, RuntimeApiContract.ErrorContentType, error.ErrorType), cancellationToken);
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>
    /// During init, before the first <c>/next</c>: runs the parsing and writing of an invocation's exchange once on sample
    /// bytes, without I/O, so their first run is not on the first invocation's latency (see docs/runtime.md).
    /// </summary>
    internal void PrepareFirstInvocation() => _connection.PrepareFirstExchange();

    private static void ThrowIfUnusable(string requestId)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        if (RequestIdSegment.Problem(requestId) is { } problem)
        {
            throw new ArgumentException($"The request id cannot be posted back as one path segment: {problem}.", nameof(requestId));
        }
    }

    private static string Describe(in RuntimeApiRequest request) =>
        (request.IsPost ? "POST " : "GET ") + request.Path + RequestIdSegment.Encode(request.RequestId) + request.PathSuffix;

    /// <summary>Answers an invocation whose body was not read because it was announced over the limit.</summary>
    private async ValueTask RefuseOversizedInvocationAsync(string requestId, long size, CancellationToken cancellationToken)
    {
        string message = $"The invocation payload of {size} bytes is more than Lambda's limit of {RuntimeApiConnection.MaxBodyBytes} bytes; the runtime did not read it.";
        _logger.Log(LambdaLogLevel.Error, $"Invocation {requestId}: {message} It is answered with a {PayloadTooLargeErrorType} error.");
        await SendErrorAsync(requestId, new LambdaError(PayloadTooLargeErrorType, message), cancellationToken).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RuntimeApiOutcome> PostAsync(RuntimeApiRequest request, CancellationToken cancellationToken)
    {
        var response = await SendWithRetryAsync(request, cancellationToken).ConfigureAwait(false);
        int status = response.Head.StatusCode;
        if (status is >= 200 and < 300)
        {
            return RuntimeApiOutcome.Accepted;
        }

        if (status == NoAnswer)
        {
            return RuntimeApiOutcome.Unconfirmed;
        }

        if (status == 413)
        {
            int size = request.Body.Length;
            string limit = size > RuntimeApiContract.MaxSynchronousPayloadBytes
                ? $"it exceeds Lambda's 6 MB limit ({RuntimeApiContract.MaxSynchronousPayloadBytes} bytes), so the invocation fails"
                : $"although it is within Lambda's 6 MB limit ({RuntimeApiContract.MaxSynchronousPayloadBytes} bytes)";
            string body = request.PathSuffix == RuntimeApiContract.ResponseSuffix ? "response" : "error report";
            _logger.Log(LambdaLogLevel.Error, $"The Runtime API refused the {size}-byte {body} ({Describe(request)}) with 413 Payload Too Large; {limit}: {Describe(response)}");
            return RuntimeApiOutcome.PayloadTooLarge;
        }

        _logger.Log(LambdaLogLevel.Warning, $"The Runtime API answered {status} to {Describe(request)}: {Describe(response)}");
        return RuntimeApiOutcome.Rejected;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RuntimeApiResponse> SendWithRetryAsync(RuntimeApiRequest request, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            string failure;
            Exception? exception = null;
            try
            {
                var response = await _connection.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.Head.StatusCode < 500)
                {
                    return response;
                }

                // A 5xx is the API's refusal: it did not take the request, so sending it again cannot duplicate it.
                failure = $"HTTP {response.Head.StatusCode}: {Describe(response)}";
            }
            catch (Exception ex) when (ex is SocketException or IOException && !cancellationToken.IsCancellationRequested)
            {
                if (request.IsPost && _connection.RequestSent)
                {
                    _logger.Log(LambdaLogLevel.Error, $"{Describe(request)} failed after it was sent ({ex.Message}); the API may have accepted it, so it is not sent again.");
                    return new RuntimeApiResponse(new ResponseHead { StatusCode = NoAnswer }, default);
                }

                failure = ex.Message;
                exception = ex;
            }

            string what = Describe(request);
            if (attempt >= _retry.MaxAttempts)
            {
                throw new RuntimeApiUnavailableException(
                    $"The Lambda Runtime API at {Address} is unavailable: {what} failed {attempt} times; last failure: {failure}",
                    exception);
            }

            var delay = _retry.DelayBefore(attempt);
            _logger.Log(LambdaLogLevel.Warning, $"{what} failed ({failure}); retry {attempt} of {_retry.MaxAttempts - 1} in {delay.TotalMilliseconds:0} ms.");
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The answer's body for a log line, on one line.</summary>
    private static string Describe(in RuntimeApiResponse response)
    {
        const int MaxShown = 512;
        var body = response.Body;
        if (response.Head.BodyRefused)
        {
            return $"(a body of {response.Head.ContentLength} bytes, over the {RuntimeApiConnection.MaxBodyBytes}-byte limit, not read)";
        }

        if (body.IsEmpty)
        {
            return "(empty body)";
        }

        string text = Encoding.UTF8.GetString(body.Span[..Math.Min(body.Length, MaxShown)]).ReplaceLineEndings(" ");
        return text + (body.Length > MaxShown ? "…" : string.Empty);
    }
}
