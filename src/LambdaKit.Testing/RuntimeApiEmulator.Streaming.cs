using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using LambdaKit.Runtime.Protocol;
using Microsoft.AspNetCore.Http;

namespace LambdaKit.Testing;

/// <content>
/// Response streaming: a streamed <c>/response</c> (chunked, <c>Lambda-Runtime-Function-Response-Mode: streaming</c>)
/// read as it arrives, its error trailers, the 200 MB cap, and the streaming invokes.
/// </content>
public sealed partial class RuntimeApiEmulator
{
    private const int TailLogBytes = 4 * 1024;
    private readonly ConcurrentDictionary<string, StreamingInvocation> streamingInvocations = new(StringComparer.Ordinal);

    /// <summary>
    /// Invokes the function as <c>InvokeWithResponseStream</c> does: the returned invocation's
    /// <see cref="StreamingInvocation.Body"/> yields the response as the runtime streams it, and
    /// <see cref="StreamingInvocation.Completion"/> the outcome (a mid-stream error from the error trailers). Refusals
    /// (payload over 6 MB, a tenant id that does not fit) complete at once, as for <see cref="InvokeAsync(ReadOnlyMemory{byte}, InvokeOptions?, CancellationToken)"/>.
    /// </summary>
    public StreamingInvocation InvokeWithResponseStream(ReadOnlyMemory<byte> payload, InvokeOptions? options = null, CancellationToken cancellationToken = default)
    {
        string requestId = options?.RequestId ?? Guid.NewGuid().ToString();
        var streaming = new StreamingInvocation(requestId, this.options.TimeProvider);
        InvocationResult? refusal = payload.Length > RuntimeApiContract.MaxSynchronousPayloadBytes
            ? RequestTooLarge(requestId, RuntimeApiContract.MaxSynchronousPayloadBytes)
            : TenantProblem(options?.TenantId) is { } problem ? InvalidParameter(requestId, problem) : null;
        if (refusal is not null)
        {
            streaming.End(refusal);
            streaming.Completion = Task.FromResult(refusal);
            return streaming;
        }

        var invocation = CreateInvocation(payload, options, requestId);
        streamingInvocations[invocation.RequestId] = streaming;
        dispatcher.Enqueue(invocation);
        streaming.Completion = EndStreamingInvocationAsync(invocation, streaming, cancellationToken);
        return streaming;
    }

    /// <summary>Invokes with a UTF-8 string payload; see <see cref="InvokeWithResponseStream(ReadOnlyMemory{byte}, InvokeOptions?, CancellationToken)"/>.</summary>
    public StreamingInvocation InvokeWithResponseStream(string payload, InvokeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return InvokeWithResponseStream(Encoding.UTF8.GetBytes(payload), options, cancellationToken);
    }

    private async Task<InvocationResult> EndStreamingInvocationAsync(Invocation invocation, StreamingInvocation streaming, CancellationToken cancellationToken)
    {
        try
        {
            var result = await WaitAsync(invocation, cancellationToken).ConfigureAwait(false);
            streaming.End(result);
            return result;
        }
        catch
        {
            streaming.End(null);
            throw;
        }
        finally
        {
            streamingInvocations.TryRemove(new KeyValuePair<string, StreamingInvocation>(invocation.RequestId, streaming));
        }
    }

    /// <summary>
    /// <c>POST /2021-11-15/functions/{name}/response-streaming-invocations</c>: answers 200 in the event-stream
    /// encoding as soon as the first bytes arrive (or the function ended without any), one <c>PayloadChunk</c> event
    /// per chunk as it comes, then an <c>InvokeComplete</c> event that carries a function error and, with
    /// <c>X-Amz-Log-Type: Tail</c>, the log. Only a refusal by the service itself is an HTTP error.
    /// </summary>
    private async Task HandleStreamingInvokeAsync(HttpContext context, string functionName)
    {
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (await RejectUnknownFunctionAsync(context, functionName).ConfigureAwait(false))
        {
            return;
        }

        if (length > RuntimeApiContract.MaxSynchronousPayloadBytes)
        {
            await WriteInvokeApiErrorAsync(context, StatusCodes.Status413PayloadTooLarge, InvokeApiNames.RequestTooLargeError, RequestTooLargeMessage(RuntimeApiContract.MaxSynchronousPayloadBytes)).ConfigureAwait(false);
            return;
        }

        var tenantId = context.Request.Headers[RuntimeApiContract.InvokeTenantIdHeader].ToString();
        bool tail = context.Request.Headers[InvokeApiNames.LogTypeHeader] == InvokeApiNames.TailLogType;
        StreamingInvocation streaming;
        try
        {
            streaming = InvokeWithResponseStream(body, new InvokeOptions { TenantId = tenantId.Length > 0 ? tenantId : null }, context.RequestAborted);
        }
        catch (InvalidOperationException ex)
        {
            await WriteInvokeApiErrorAsync(context, StatusCodes.Status400BadRequest, InvokeApiNames.InvalidParameterValueError, ex.Message).ConfigureAwait(false);
            return;
        }

        try
        {
            if (await streaming.TimeToFirstByte.ConfigureAwait(false) is null)
            {
                var whole = await streaming.Completion.ConfigureAwait(false);
                if (whole.StatusCode != StatusCodes.Status200OK)
                {
                    await WriteInvokeApiErrorAsync(context, whole.StatusCode, whole.Error?.ErrorType ?? InvokeApiNames.InvalidParameterValueError, whole.Error?.ErrorMessage ?? string.Empty).ConfigureAwait(false);
                    return;
                }
            }

            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ResponseStreamEvents.ContentType;
            response.Headers[InvokeApiNames.RequestIdHeader] = streaming.RequestId;
            response.Headers[RuntimeApiContract.ExecutedVersionHeader] = options.FunctionVersion;
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await streaming.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                await response.Body.WriteAsync(ResponseStreamEvents.PayloadChunk(buffer.AsSpan(0, read)), context.RequestAborted).ConfigureAwait(false);
                await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }

            var result = await streaming.Completion.ConfigureAwait(false);
            var complete = ResponseStreamEvents.InvokeComplete(
                result.IsSuccess ? null : result.Error?.ErrorType ?? result.FunctionError,
                result.IsSuccess ? null : result.Error?.ErrorMessage,
                tail ? TailLog(result.RequestId) : null);
            await response.Body.WriteAsync(complete, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException)
        {
            context.Abort();
        }
    }

    /// <summary>
    /// The <c>LogResult</c> of a <c>Tail</c> invoke: base64 of the last 4 KB of the invocation's log. The emulator
    /// sees only its own platform lines (START, END, REPORT), not what the function wrote.
    /// </summary>
    private string TailLog(string requestId)
    {
        var log = new StringBuilder();
        foreach (var line in platformLog.Lines)
        {
            if (line.Contains("RequestId: " + requestId, StringComparison.Ordinal))
            {
                log.Append(line).Append('\n');
            }
        }

        var bytes = Encoding.UTF8.GetBytes(log.ToString());
        return Convert.ToBase64String(bytes.AsSpan(Math.Max(0, bytes.Length - TailLogBytes)));
    }

    private static bool IsStreamed(HttpRequest request) =>
        request.Headers[RuntimeApiContract.ResponseModeHeader] == RuntimeApiContract.StreamingResponseMode;

    /// <summary>A streamed response: each read goes on to a streaming invoke at once; the trailers end it.</summary>
    private async Task HandleStreamedResponseAsync(HttpContext context, string requestId)
    {
        var receivedAt = options.TimeProvider.GetUtcNow();
        var contentType = context.Request.ContentType;
        var feeds = streamingInvocations.TryGetValue(requestId, out var streaming) && streaming.TryBeginStream(contentType) ? streaming : null;
        long limit = options.MaxStreamedResponseBytes;
        using var kept = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long total = 0;
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > limit)
                {
                    break;
                }

                kept.Write(chunk, 0, read);
                if (feeds is not null)
                {
                    await feeds.WriteAsync(chunk.AsMemory(0, read)).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // The runtime went away mid-stream: what arrived is all there is; the invocation ends by its timeout.
            feeds?.EndStream();
            Record(context, receivedAt, requestId, kept.ToArray(), total, null);
            return;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        try
        {
            if (total > limit)
            {
                await CompleteStreamTooLargeAsync(context, receivedAt, requestId, limit).ConfigureAwait(false);
                return;
            }

            var body = kept.ToArray();
            var failure = ReadTrailerFailure(context.Request);
            var status = dispatcher.TryComplete(
                requestId,
                () => failure?.ToResult(requestId) ?? new InvocationResult(requestId, body, contentType, null, null, null));
            await ReplyCompletionAsync(context, receivedAt, requestId, body, total, status).ConfigureAwait(false);
        }
        finally
        {
            feeds?.EndStream();
        }
    }

    /// <summary>The error a runtime reported after the first bytes, from the two trailers; null when there is none.</summary>
    private static FunctionFailure? ReadTrailerFailure(HttpRequest request)
    {
        if (!request.CheckTrailersAvailable())
        {
            return null;
        }

        var errorType = request.GetTrailer(RuntimeApiContract.ErrorTypeTrailer).ToString();
        var errorBody = request.GetTrailer(RuntimeApiContract.ErrorBodyTrailer).ToString();
        if (errorType.Length == 0 && errorBody.Length == 0)
        {
            return null;
        }

        byte[] json;
        try
        {
            json = Convert.FromBase64String(errorBody);
        }
        catch (FormatException)
        {
            json = [];
        }

        var type = errorType.Length > 0 ? errorType : null;
        if (LambdaError.TryParse(json, out var parsed) && parsed is not null)
        {
            return new FunctionFailure(json, parsed, RuntimeApiContract.ErrorContentType, type);
        }

        var built = new LambdaError(type ?? RuntimeApiContract.UnhandledFunctionError, string.Empty);
        return new FunctionFailure(built.ToUtf8Json(), built, RuntimeApiContract.ErrorContentType, type);
    }

    private async Task CompleteStreamTooLargeAsync(HttpContext context, DateTimeOffset receivedAt, string requestId, long limit)
    {
        var error = new LambdaError(
            "Function.ResponseSizeTooLarge",
            string.Create(CultureInfo.InvariantCulture, $"Response payload size exceeded maximum allowed payload streaming size ({limit} bytes)."));
        var status = dispatcher.TryComplete(requestId, () => FunctionFailure.FromError(error).ToResult(requestId));
        await ReplyAsync(
            context,
            receivedAt,
            requestId,
            ReadOnlyMemory<byte>.Empty,
            limit,
            status == CompletionStatus.Completed ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
            error.ToUtf8Json()).ConfigureAwait(false);
    }
}
