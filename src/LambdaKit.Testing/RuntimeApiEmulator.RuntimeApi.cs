using System.Buffers;
using System.Globalization;
using LambdaKit.Runtime.Protocol;
using Microsoft.AspNetCore.Http;

namespace LambdaKit.Testing;

/// <content>The Runtime API endpoints the function's runtime calls: /next, response, error, init error, and their replies.</content>
public sealed partial class RuntimeApiEmulator
{
    private async Task HandleNextAsync(HttpContext context)
    {
        var receivedAt = options.TimeProvider.GetUtcNow();
        dispatcher.RecordPoll(receivedAt);
        if (Faults.TryTakeNext(out var fault))
        {
            await ApplyFaultAsync(context, receivedAt, null, ReadOnlyMemory<byte>.Empty, 0, fault).ConfigureAwait(false);
            return;
        }

        Invocation invocation;
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token))
        {
            try
            {
                invocation = await dispatcher.WaitForNextAsync(linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                Record(context, receivedAt, null, ReadOnlyMemory<byte>.Empty, 0, null);
                context.Abort();
                return;
            }
        }

        if (context.RequestAborted.IsCancellationRequested || stopping.IsCancellationRequested)
        {
            dispatcher.Requeue(invocation);
            Record(context, receivedAt, null, ReadOnlyMemory<byte>.Empty, 0, null);
            context.Abort();
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;

        // Always a Content-Type and a Content-Length: AWS's native Node.js client crashes without a Content-Type.
        response.ContentType = invocation.ContentType;
        response.ContentLength = invocation.Payload.Length;
        var headers = response.Headers;
        headers[RuntimeApiContract.RequestIdHeader] = invocation.RequestId;
        headers[RuntimeApiContract.DeadlineHeader] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers[RuntimeApiContract.InvokedFunctionArnHeader] = FunctionArn;
        headers[RuntimeApiContract.TraceIdHeader] = invocation.TraceId;
        if (invocation.ClientContext is { } clientContext)
        {
            headers[RuntimeApiContract.ClientContextHeader] = clientContext;
        }

        if (invocation.CognitoIdentity is { } cognitoIdentity)
        {
            headers[RuntimeApiContract.CognitoIdentityHeader] = cognitoIdentity;
        }

        if (invocation.TenantId is { } tenantId)
        {
            headers[RuntimeApiContract.TenantIdHeader] = tenantId;
        }

        Record(context, receivedAt, invocation.RequestId, ReadOnlyMemory<byte>.Empty, 0, StatusCodes.Status200OK);
        dispatcher.MarkStarted(invocation);
        try
        {
            await response.Body.WriteAsync(invocation.Payload, context.RequestAborted).ConfigureAwait(false);
            await response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The runtime went away before the event reached it: give the event to the next poll.
            dispatcher.Requeue(invocation);
        }
    }

    private async Task HandleResponseAsync(HttpContext context, string requestId)
    {
        if (IsStreamed(context.Request))
        {
            await HandleStreamedResponseAsync(context, requestId).ConfigureAwait(false);
            return;
        }

        var receivedAt = options.TimeProvider.GetUtcNow();
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (Faults.TryTakeResponse(out var fault))
        {
            await ApplyFaultAsync(context, receivedAt, requestId, body, length, fault).ConfigureAwait(false);
            return;
        }

        var contentType = context.Request.ContentType;
        if (length > RuntimeApiContract.MaxSynchronousPayloadBytes)
        {
            await CompleteTooLargeAsync(context, receivedAt, requestId, length).ConfigureAwait(false);
            return;
        }

        var status = dispatcher.TryComplete(
            requestId,
            () => new InvocationResult(requestId, body, contentType, null, null, null));
        await ReplyCompletionAsync(context, receivedAt, requestId, body, length, status).ConfigureAwait(false);
    }

    private async Task HandleErrorAsync(HttpContext context, string requestId)
    {
        var receivedAt = options.TimeProvider.GetUtcNow();
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (Faults.TryTakeError(out var fault))
        {
            await ApplyFaultAsync(context, receivedAt, requestId, body, length, fault).ConfigureAwait(false);
            return;
        }

        if (length > RuntimeApiContract.MaxSynchronousPayloadBytes)
        {
            await CompleteTooLargeAsync(context, receivedAt, requestId, length).ConfigureAwait(false);
            return;
        }

        var failure = ReadFailure(context, body);
        var status = dispatcher.TryComplete(requestId, () => failure.ToResult(requestId));
        await ReplyCompletionAsync(context, receivedAt, requestId, body, length, status).ConfigureAwait(false);
    }

    private async Task HandleInitErrorAsync(HttpContext context)
    {
        var receivedAt = options.TimeProvider.GetUtcNow();
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (length > RuntimeApiContract.MaxSynchronousPayloadBytes)
        {
            body = ReadOnlyMemory<byte>.Empty;
        }

        if (dispatcher.TryReportInitError(ReadFailure(context, body)))
        {
            await ReplyAsync(context, receivedAt, null, body, length, StatusCodes.Status202Accepted, StatusOkBody).ConfigureAwait(false);
        }
        else
        {
            var error = new LambdaError("InvalidStateTransition", "Init error reported after the runtime started polling for invocations.");
            await ReplyAsync(context, receivedAt, null, body, length, StatusCodes.Status403Forbidden, error.ToUtf8Json()).ConfigureAwait(false);
        }
    }

    private async Task HandleUnknownAsync(HttpContext context)
    {
        var receivedAt = options.TimeProvider.GetUtcNow();
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        var error = new LambdaError("NotFound", $"No Runtime API resource at {context.Request.Method} {context.Request.Path}.");
        await ReplyAsync(context, receivedAt, null, body, length, StatusCodes.Status404NotFound, error.ToUtf8Json()).ConfigureAwait(false);
    }

    /// <summary>
    /// The error a runtime posted; when the body is not an error object, Lambda builds the error from the
    /// <c>Lambda-Runtime-Function-Error-Type</c> header instead.
    /// </summary>
    private static FunctionFailure ReadFailure(HttpContext context, ReadOnlyMemory<byte> body)
    {
        var errorTypeHeader = context.Request.Headers[RuntimeApiContract.FunctionErrorTypeHeader].ToString();
        var errorType = errorTypeHeader.Length > 0 ? errorTypeHeader : null;
        var contentType = context.Request.ContentType;
        if (LambdaError.TryParse(body.Span, out var parsed) && parsed is not null)
        {
            return new FunctionFailure(body, parsed, contentType, errorType);
        }

        var built = new LambdaError(errorType ?? RuntimeApiContract.UnhandledFunctionError, string.Empty);
        return new FunctionFailure(built.ToUtf8Json(), built, RuntimeApiContract.ErrorContentType, errorType);
    }

    private async Task CompleteTooLargeAsync(HttpContext context, DateTimeOffset receivedAt, string requestId, long length)
    {
        var error = new LambdaError(
            "Function.ResponseSizeTooLarge",
            string.Create(
                CultureInfo.InvariantCulture,
                $"Response payload size ({length} bytes) exceeded maximum allowed payload size ({RuntimeApiContract.MaxSynchronousPayloadBytes} bytes)."));
        var status = dispatcher.TryComplete(requestId, () => FunctionFailure.FromError(error).ToResult(requestId));
        if (status == CompletionStatus.Completed)
        {
            await ReplyAsync(context, receivedAt, requestId, ReadOnlyMemory<byte>.Empty, length, StatusCodes.Status413PayloadTooLarge, error.ToUtf8Json()).ConfigureAwait(false);
        }
        else
        {
            await ReplyCompletionAsync(context, receivedAt, requestId, ReadOnlyMemory<byte>.Empty, length, status).ConfigureAwait(false);
        }
    }

    private Task ReplyCompletionAsync(HttpContext context, DateTimeOffset receivedAt, string requestId, ReadOnlyMemory<byte> body, long length, CompletionStatus status)
    {
        var (code, reply) = status switch
        {
            CompletionStatus.Completed => (StatusCodes.Status202Accepted, StatusOkBody),
            CompletionStatus.UnknownRequestId => (
                StatusCodes.Status400BadRequest,
                new LambdaError("InvalidRequestID", $"Invalid request ID: '{requestId}' is not an invocation of this runtime.").ToUtf8Json()),
            _ => (
                StatusCodes.Status400BadRequest,
                new LambdaError("InvalidStateTransition", $"Invocation '{requestId}' is not in progress: it already completed or timed out.").ToUtf8Json()),
        };
        return ReplyAsync(context, receivedAt, requestId, body, length, code, reply);
    }

    private async Task ReplyAsync(HttpContext context, DateTimeOffset receivedAt, string? requestId, ReadOnlyMemory<byte> body, long length, int statusCode, byte[] reply)
    {
        Record(context, receivedAt, requestId, body, length, statusCode);
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = InvokeApiNames.JsonContentType;
        response.ContentLength = reply.Length;
        await response.Body.WriteAsync(reply, context.RequestAborted).ConfigureAwait(false);
    }

    private void Record(HttpContext context, DateTimeOffset receivedAt, string? requestId, ReadOnlyMemory<byte> body, long length, int? statusCode)
    {
        var request = context.Request;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        var record = new RuntimeApiRequest(receivedAt, request.Method, request.Path.Value ?? string.Empty, requestId, headers, body, length, statusCode);
        lock (requestsGate)
        {
            requests.Enqueue(record);
            if (requests.Count > options.HistoryLimit)
            {
                requests.Dequeue();
            }
        }
    }

    /// <summary>Reads the body, keeping at most the 6 MB limit in memory but counting every byte.</summary>
    private static async Task<(ReadOnlyMemory<byte> Body, long Length)> ReadBodyAsync(HttpContext context)
    {
        var limit = RuntimeApiContract.MaxSynchronousPayloadBytes;
        var declared = context.Request.ContentLength;
        using var kept = new MemoryStream(declared is > 0 and <= RuntimeApiContract.MaxSynchronousPayloadBytes ? (int)declared.Value : 0);
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long total = 0;
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total <= limit)
                {
                    kept.Write(chunk, 0, read);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return (total > limit ? ReadOnlyMemory<byte>.Empty : kept.ToArray(), total);
    }
}
