using LambdaKit.Runtime.Protocol;
using Microsoft.AspNetCore.Http;

namespace LambdaKit.Testing;

/// <content>SnapStart's restore routes: the snapshot point (<c>/runtime/restore/next</c>) and after-restore hook errors.</content>
public sealed partial class RuntimeApiEmulator
{
    /// <summary>The Invoke API's error when an after-restore hook failed.</summary>
    internal const string SnapStartError = "SnapStartException";

    /// <summary>The Invoke API's error when the restore (the after-restore hooks) outlasted its limit.</summary>
    internal const string SnapStartTimeoutError = "SnapStartTimeoutException";

    /// <summary>
    /// The runtime finished init (and its before-snapshot hooks) and waits for the snapshot: the environment is
    /// restored at once, and the answer (200, no body) tells the runtime to run its after-restore hooks, within
    /// <see cref="RuntimeApiEmulatorOptions.RestoreTimeout"/> (else Lambda's <c>SnapStartTimeoutException</c>, 408).
    /// </summary>
    private async Task HandleRestoreNextAsync(HttpContext context)
    {
        var receivedAt = options.TimeProvider.GetUtcNow();
        if (!options.SnapStart)
        {
            var error = new LambdaError("InvalidStateTransition", "Restore is only for SnapStart functions (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start).");
            await ReplyAsync(context, receivedAt, null, ReadOnlyMemory<byte>.Empty, 0, StatusCodes.Status403Forbidden, error.ToUtf8Json()).ConfigureAwait(false);
            return;
        }

        var timeoutMessage = $"The after-restore runtime hooks did not complete within {options.RestoreTimeout.TotalSeconds:0.###} seconds.";
        var timeoutError = new LambdaError(SnapStartTimeoutError, timeoutMessage);
        if (!dispatcher.TryRestore(options.RestoreTimeout, timeoutError, requestId => SnapStartFailure(requestId, timeoutError, StatusCodes.Status408RequestTimeout)))
        {
            var error = new LambdaError("InvalidStateTransition", "Restore requested after the runtime was restored, failed its init, or polled for invocations.");
            await ReplyAsync(context, receivedAt, null, ReadOnlyMemory<byte>.Empty, 0, StatusCodes.Status403Forbidden, error.ToUtf8Json()).ConfigureAwait(false);
            return;
        }

        Record(context, receivedAt, null, ReadOnlyMemory<byte>.Empty, 0, StatusCodes.Status200OK);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentLength = 0;
    }

    /// <summary>
    /// An after-restore hook failed: the first invocation is answered with Lambda's <c>SnapStartException</c> (400), and
    /// the environment is reset once the runtime exits, as after an init error.
    /// </summary>
    private async Task HandleRestoreErrorAsync(HttpContext context)
    {
        var receivedAt = options.TimeProvider.GetUtcNow();
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (length > RuntimeApiContract.MaxSynchronousPayloadBytes)
        {
            body = ReadOnlyMemory<byte>.Empty;
        }

        var failure = ReadFailure(context, body);
        var message = $"The after-restore runtime hook failed: {failure.ErrorTypeHeader ?? failure.Error.ErrorType}: {failure.Error.ErrorMessage}";
        if (dispatcher.TryReportRestoreError(failure.Error, requestId => SnapStartFailure(requestId, new LambdaError(SnapStartError, message), StatusCodes.Status400BadRequest)))
        {
            await ReplyAsync(context, receivedAt, null, body, length, StatusCodes.Status202Accepted, StatusOkBody).ConfigureAwait(false);
        }
        else
        {
            var error = new LambdaError("InvalidStateTransition", "Restore error reported outside the restore phase (after /runtime/restore/next, before /next).");
            await ReplyAsync(context, receivedAt, null, body, length, StatusCodes.Status403Forbidden, error.ToUtf8Json()).ConfigureAwait(false);
        }
    }

    private static InvocationResult SnapStartFailure(string requestId, LambdaError error, int statusCode) => new(
        requestId,
        InvokeApiErrorBody(error.ErrorMessage),
        InvokeApiNames.JsonContentType,
        null,
        error,
        null,
        statusCode);
}
