using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LambdaKit.Runtime.Protocol;
using Microsoft.AspNetCore.Http;

namespace LambdaKit.Testing;

/// <content>The Invoke API (2015-03-31) that clients call, and its error shapes.</content>
public sealed partial class RuntimeApiEmulator
{
    private async Task HandleInvokeAsync(HttpContext context, string functionName)
    {
        var request = context.Request;
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (await RejectUnknownFunctionAsync(context, functionName).ConfigureAwait(false))
        {
            return;
        }

        var invocationType = request.Headers[InvokeApiNames.InvocationTypeHeader].ToString();
        if (invocationType.Length == 0)
        {
            invocationType = InvokeApiNames.RequestResponse;
        }

        if (invocationType is not (InvokeApiNames.RequestResponse or InvokeApiNames.Event or InvokeApiNames.DryRun))
        {
            await WriteInvokeApiErrorAsync(
                context,
                StatusCodes.Status400BadRequest,
                InvokeApiNames.InvalidParameterValueError,
                $"Unsupported invocation type '{invocationType}'.").ConfigureAwait(false);
            return;
        }

        var payloadLimit = invocationType == InvokeApiNames.Event ? RuntimeApiContract.MaxAsynchronousPayloadBytes : RuntimeApiContract.MaxSynchronousPayloadBytes;
        if (length > payloadLimit)
        {
            await WriteInvokeApiErrorAsync(context, StatusCodes.Status413PayloadTooLarge, InvokeApiNames.RequestTooLargeError, RequestTooLargeMessage(payloadLimit)).ConfigureAwait(false);
            return;
        }

        var tenantId = request.Headers[RuntimeApiContract.InvokeTenantIdHeader].ToString();
        string? tenantProblem;
        try
        {
            tenantProblem = TenantProblem(tenantId.Length > 0 ? tenantId : null);
        }
        catch (InvalidOperationException ex)
        {
            tenantProblem = ex.Message;
        }

        if (tenantProblem is not null)
        {
            await WriteInvokeApiErrorAsync(context, StatusCodes.Status400BadRequest, InvokeApiNames.InvalidParameterValueError, tenantProblem).ConfigureAwait(false);
            return;
        }

        if (invocationType == InvokeApiNames.DryRun)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        string? clientContext = null;
        var encodedClientContext = request.Headers[InvokeApiNames.ClientContextHeader].ToString();
        if (encodedClientContext.Length > 0)
        {
            // The Invoke API takes the client context base64-encoded; the runtime receives the JSON itself.
            try
            {
                clientContext = Encoding.UTF8.GetString(Convert.FromBase64String(encodedClientContext));
            }
            catch (FormatException)
            {
                await WriteInvokeApiErrorAsync(
                    context,
                    StatusCodes.Status400BadRequest,
                    InvokeApiNames.InvalidParameterValueError,
                    "Client context must be a base64-encoded JSON object.").ConfigureAwait(false);
                return;
            }
        }

        var invocation = CreateInvocation(body, new InvokeOptions { ClientContext = clientContext, TenantId = tenantId.Length > 0 ? tenantId : null });
        dispatcher.Enqueue(invocation);
        if (invocationType == InvokeApiNames.Event)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            context.Response.Headers[InvokeApiNames.RequestIdHeader] = invocation.RequestId;
            return;
        }

        InvocationResult result;
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token))
        {
            try
            {
                result = await WaitAsync(invocation, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                context.Abort();
                return;
            }
        }

        await WriteInvokeResultAsync(context, result).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers an invoke with a whole result: its payload, or its error with <c>X-Amz-Function-Error</c>; a result that
    /// is the service's error (a SnapStart failure) is answered with its status and <c>X-Amzn-ErrorType</c>.
    /// </summary>
    private async Task WriteInvokeResultAsync(HttpContext context, InvocationResult result)
    {
        if (result.StatusCode != StatusCodes.Status200OK)
        {
            await WriteInvokeApiErrorAsync(context, result.StatusCode, result.Error?.ErrorType ?? InvokeApiNames.InvalidParameterValueError, result.Error?.ErrorMessage ?? string.Empty).ConfigureAwait(false);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = result.ContentType ?? InvokeApiNames.JsonContentType;
        response.ContentLength = result.Payload.Length;
        response.Headers[InvokeApiNames.RequestIdHeader] = result.RequestId;
        response.Headers[RuntimeApiContract.ExecutedVersionHeader] = options.FunctionVersion;
        if (result.FunctionError is { } functionError)
        {
            response.Headers[RuntimeApiContract.FunctionErrorResponseHeader] = functionError;
        }

        await response.Body.WriteAsync(result.Payload, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Answers 404 when the invoke names another function or version; true when it did.</summary>
    private async Task<bool> RejectUnknownFunctionAsync(HttpContext context, string functionName)
    {
        var qualifier = context.Request.Query[InvokeApiNames.QualifierQuery].ToString();
        if (IsThisFunction(functionName) && (qualifier.Length == 0 || qualifier == options.FunctionVersion))
        {
            return false;
        }

        await WriteInvokeApiErrorAsync(
            context,
            StatusCodes.Status404NotFound,
            "ResourceNotFoundException",
            $"Function not found: arn:aws:lambda:{options.Region}:{options.AccountId}:function:{functionName}").ConfigureAwait(false);
        return true;
    }

    private bool IsThisFunction(string name) =>
        name == options.FunctionName || name == InvokeApiNames.RieFunctionName || name == FunctionArn;

    private static string RequestTooLargeMessage(int limit) => string.Create(
        CultureInfo.InvariantCulture,
        $"Request must be smaller than {limit} bytes for the InvokeFunction operation");

    internal static InvocationResult RequestTooLarge(string requestId, int limit)
    {
        var message = RequestTooLargeMessage(limit);
        return new InvocationResult(
            requestId,
            InvokeApiErrorBody(message),
            InvokeApiNames.JsonContentType,
            null,
            new LambdaError(InvokeApiNames.RequestTooLargeError, message),
            null,
            StatusCodes.Status413PayloadTooLarge);
    }

    /// <summary>The Invoke API's error body, <c>{"Type":"User","message":...}</c>; the error type goes in a header.</summary>
    private static byte[] InvokeApiErrorBody(string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Type", "User");
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task WriteInvokeApiErrorAsync(HttpContext context, int statusCode, string errorType, string message)
    {
        var body = InvokeApiErrorBody(message);
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = InvokeApiNames.JsonContentType;
        response.Headers[InvokeApiNames.ErrorTypeHeader] = errorType;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
