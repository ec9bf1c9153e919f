using System.Collections.Concurrent;
using LambdaKit.Runtime.Logging;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime;

/// <summary>
/// SnapStart hooks. With SnapStart Lambda runs the init phase once, snapshots the process and starts every execution
/// environment from that snapshot: whatever init made that must be unique (random seeds, ids, credentials, open
/// connections) is shared by every copy unless an after-restore hook renews it. Register hooks during init; they run
/// only when <c>AWS_LAMBDA_INITIALIZATION_TYPE</c> is <c>snap-start</c>.
/// </summary>
public static class LambdaSnapshot
{
    /// <summary>The <c>AWS_LAMBDA_INITIALIZATION_TYPE</c> of a SnapStart function.</summary>
    public const string SnapStartInitializationType = "snap-start";

    /// <summary>Error type reported to <c>/runtime/init/error</c> when a before-snapshot hook fails.</summary>
    public const string BeforeSnapshotErrorType = "Runtime.BeforeSnapshotError";

    /// <summary>Error type reported to <c>/runtime/restore/error</c> when an after-restore hook fails.</summary>
    public const string AfterRestoreErrorType = "Runtime.AfterRestoreError";

    // As AWS's runtime orders them: before-snapshot hooks last registered first, after-restore hooks first registered first.
    private static readonly ConcurrentStack<Func<ValueTask>> BeforeSnapshot = new();
    private static readonly ConcurrentQueue<Func<ValueTask>> AfterRestore = new();

    /// <summary>Runs <paramref name="hook"/> before the snapshot is taken (close connections, warm code paths); the last registered runs first.</summary>
    public static void RegisterBeforeSnapshot(Func<ValueTask> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        BeforeSnapshot.Push(hook);
    }

    /// <summary>Runs <paramref name="hook"/> after each restore, before the first invocation (reseed, renew ids and credentials); in registration order.</summary>
    public static void RegisterAfterRestore(Func<ValueTask> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        AfterRestore.Enqueue(hook);
    }

    /// <summary>
    /// The SnapStart phase between init and the first <c>/next</c>: before-snapshot hooks, <c>/runtime/restore/next</c>,
    /// after-restore hooks. A failing hook is logged and reported with Lambda's error type; returns whether the runtime
    /// may go on. Each hook runs once: the registries are emptied as they run.
    /// </summary>
    internal static async Task<bool> RunAsync(RuntimeApiClient client, LambdaLogger logger, CancellationToken cancellationToken)
    {
        AmazonInterop.AmazonSnapshotRestore.ImportHooks();
        while (BeforeSnapshot.TryPop(out var hook))
        {
            if (await FailureOf(hook).ConfigureAwait(false) is { } failure)
            {
                logger.Log(LambdaLogLevel.Critical, "A before-snapshot hook failed; reporting it to the Runtime API and exiting.", failure);
                await client.SendInitErrorAsync(WithType(BeforeSnapshotErrorType, failure), cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        await client.WaitForRestoreAsync(cancellationToken).ConfigureAwait(false);
        while (AfterRestore.TryDequeue(out var hook))
        {
            if (await FailureOf(hook).ConfigureAwait(false) is { } failure)
            {
                logger.Log(LambdaLogLevel.Critical, "An after-restore hook failed; reporting it to the Runtime API and exiting.", failure);
                await client.SendRestoreErrorAsync(WithType(AfterRestoreErrorType, failure), cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="getEnvironmentVariable"/> says this process is a SnapStart init.</summary>
    internal static bool IsSnapStart(Func<string, string?> getEnvironmentVariable) =>
        string.Equals(getEnvironmentVariable(LambdaEnvironmentVariables.InitializationType), SnapStartInitializationType, StringComparison.Ordinal);

    private static async Task<Exception?> FailureOf(Func<ValueTask> hook)
    {
        try
        {
            await hook().ConfigureAwait(false);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static LambdaError WithType(string errorType, Exception exception)
    {
        var error = LambdaError.FromException(exception);
        return new LambdaError(errorType, error.ErrorMessage, error.StackTrace, error.Cause);
    }
}
