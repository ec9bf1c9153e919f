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
}

/// <summary>
/// Client of the Lambda Runtime API (<c>http://$AWS_LAMBDA_RUNTIME_API/2018-06-01</c>). One request at a time over a
/// kept-alive connection; transient failures are retried under <see cref="RuntimeApiRetryPolicy"/>.
/// </summary>
public sealed class RuntimeApiClient : IDisposable
{
    /// <summary>Deadline assumed when <c>Lambda-Runtime-Deadline-Ms</c> is missing or malformed: Lambda's longest timeout.</summary>
    public static readonly TimeSpan FallbackTimeout = TimeSpan.FromSeconds(900);

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
        _connection = new RuntimeApiConnection(host, port);
        _logger = logger;
        _retry = retryPolicy ?? RuntimeApiRetryPolicy.Default;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The <c>host:port</c> this client talks to.</summary>
    public string Address { get; }

    /// <summary>
    /// Waits, without a timeout, for the next invocation. An invocation without a request id cannot be answered:
    /// it is logged and skipped. A missing or malformed deadline is logged and replaced by now + <see cref="FallbackTimeout"/>.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<LambdaInvocation> GetNextInvocationAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var response = await SendWithRetryAsync(RuntimeApiRequest.Get(RuntimeApiContract.NextInvocationPath), cancellationToken).ConfigureAwait(false);
            var head = response.Head;
            if (head.StatusCode != 200)
            {
                throw new RuntimeApiUnavailableException(
                    $"The Lambda Runtime API at {Address} answered {head.StatusCode} to GET {RuntimeApiContract.NextInvocationPath}: {Describe(response.Body)}");
            }

            if (head.RequestId is null)
            {
                _logger.Log(LambdaLogLevel.Error, $"The Runtime API sent an invocation without {RuntimeApiContract.RequestIdHeader}; it cannot be answered and is skipped.");
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

            return new LambdaInvocation(head.RequestId, deadline, head.InvokedFunctionArn ?? string.Empty, head.TraceId, head.ClientContext, head.CognitoIdentity, response.Body);
        }
    }

    /// <summary>Posts the handler's response bytes for <paramref name="requestId"/>.</summary>
    public ValueTask<RuntimeApiOutcome> SendResponseAsync(string requestId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        return PostAsync(RuntimeApiRequest.Post(RuntimeApiContract.InvocationPathPrefix, requestId, RuntimeApiContract.ResponseSuffix, payload, "application/json", null), cancellationToken);
    }

    /// <summary>Posts an invocation error, with <c>Lambda-Runtime-Function-Error-Type</c> set to its type.</summary>
    public ValueTask<RuntimeApiOutcome> SendErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ArgumentNullException.ThrowIfNull(error);
        _errorBody.ResetWrittenCount();
        error.WriteTo(_errorBody);
        return PostAsync(RuntimeApiRequest.Post(RuntimeApiContract.InvocationPathPrefix, requestId, RuntimeApiContract.ErrorSuffix, _errorBody.WrittenMemory, RuntimeApiContract.ErrorContentType, error.ErrorType), cancellationToken);
    }

    /// <summary>Reports a failed initialization. The runtime should exit afterwards.</summary>
    public ValueTask<RuntimeApiOutcome> SendInitErrorAsync(LambdaError error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        _errorBody.ResetWrittenCount();
        error.WriteTo(_errorBody);
        return PostAsync(RuntimeApiRequest.Post(RuntimeApiContract.InitErrorPath, string.Empty, string.Empty, _errorBody.WrittenMemory, RuntimeApiContract.ErrorContentType, error.ErrorType), cancellationToken);
    }

    public void Dispose() => _connection.Dispose();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RuntimeApiOutcome> PostAsync(RuntimeApiRequest request, CancellationToken cancellationToken)
    {
        var response = await SendWithRetryAsync(request, cancellationToken).ConfigureAwait(false);
        int status = response.Head.StatusCode;
        if (status is >= 200 and < 300)
        {
            return RuntimeApiOutcome.Accepted;
        }

        string what = request.Path + request.RequestId + request.PathSuffix;
        if (status == 413)
        {
            _logger.Log(LambdaLogLevel.Error, $"The Runtime API refused {request.Body.Length} bytes to {what} as too large (413): {Describe(response.Body)}");
            return RuntimeApiOutcome.PayloadTooLarge;
        }

        _logger.Log(LambdaLogLevel.Warning, $"The Runtime API answered {status} to POST {what}: {Describe(response.Body)}");
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

                failure = $"HTTP {response.Head.StatusCode}: {Describe(response.Body)}";
            }
            catch (Exception ex) when (ex is SocketException or IOException && !cancellationToken.IsCancellationRequested)
            {
                failure = ex.Message;
                exception = ex;
            }

            string what = (request.IsPost ? "POST " : "GET ") + request.Path + request.RequestId + request.PathSuffix;
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

    private static string Describe(ReadOnlyMemory<byte> body)
    {
        const int MaxShown = 512;
        if (body.IsEmpty)
        {
            return "(empty body)";
        }

        var shown = body.Span[..Math.Min(body.Length, MaxShown)];
        return Encoding.UTF8.GetString(shown) + (body.Length > MaxShown ? "…" : string.Empty);
    }
}
