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

    // The process's hooks: in Lambda one process is one restored environment, so each hook runs once.
    private static readonly SnapshotHooks ProcessHooks = new(keepsAfterRestoreHooks: false);

    // A test host that restores several environments from one init gives their runtime loops hooks of their own.
    private static readonly AsyncLocal<SnapshotHooks?> ScopedHooks = new();

    /// <summary>The hooks this flow registers into and runs: a test host's snapshot's, or the process's.</summary>
    internal static SnapshotHooks Hooks => ScopedHooks.Value ?? ProcessHooks;

    /// <summary>Makes the current flow (a runtime loop about to start) use <paramref name="hooks"/>.</summary>
    internal static void Use(SnapshotHooks hooks) => ScopedHooks.Value = hooks;

    /// <summary>Runs <paramref name="hook"/> before the snapshot is taken (close connections, warm code paths); the last registered runs first.</summary>
    public static void RegisterBeforeSnapshot(Func<ValueTask> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        Hooks.BeforeSnapshot.Push(hook);
    }

    /// <summary>Runs <paramref name="hook"/> after each restore, before the first invocation (reseed, renew ids and credentials); in registration order.</summary>
    public static void RegisterAfterRestore(Func<ValueTask> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        Hooks.AfterRestore.Enqueue(hook);
    }

    /// <summary>
    /// The SnapStart phase between init and the first <c>/next</c>: before-snapshot hooks, <c>/runtime/restore/next</c>,
    /// after-restore hooks. A failing hook is logged and reported with Lambda's error type; returns whether the runtime
    /// may go on. Each before-snapshot hook runs once; each after-restore hook once per restore (once per process,
    /// unless a test host restores several environments from one snapshot: see <see cref="SnapshotHooks"/>).
    /// </summary>
    internal static async Task<bool> RunAsync(RuntimeApiClient client, LambdaLogger logger, CancellationToken cancellationToken)
    {
        AmazonInterop.AmazonSnapshotRestore.ImportHooks();
        var hooks = Hooks;
        while (hooks.BeforeSnapshot.TryPop(out var hook))
        {
            if (await FailureOf(hook).ConfigureAwait(false) is { } failure)
            {
                hooks.FailSnapshot(failure);
                logger.Log(LambdaLogLevel.Critical, "A before-snapshot hook failed; reporting it to the Runtime API and exiting.", failure);
                await client.SendInitErrorAsync(WithType(BeforeSnapshotErrorType, failure), cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        hooks.CompleteSnapshot();
        await client.WaitForRestoreAsync(cancellationToken).ConfigureAwait(false);
        foreach (var hook in hooks.TakeAfterRestore())
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

/// <summary>
/// The SnapStart hooks of one snapshot. A process's (one environment in Lambda) runs each hook once, emptying the
/// registries. A test host that restores several environments from one init keeps the after-restore hooks, so that
/// every restore runs them again, and tells its restores when the snapshot was taken.
/// </summary>
internal sealed class SnapshotHooks(bool keepsAfterRestoreHooks)
{
    private readonly List<Func<ValueTask>> _kept = new();
    private readonly TaskCompletionSource _taken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // As AWS's runtime orders them: before-snapshot hooks last registered first, after-restore hooks first registered first.
    public ConcurrentStack<Func<ValueTask>> BeforeSnapshot { get; } = new();

    public ConcurrentQueue<Func<ValueTask>> AfterRestore { get; } = new();

    /// <summary>Completes when init and the before-snapshot hooks are done; fails when one of them failed.</summary>
    public Task Taken => _taken.Task;

    public void CompleteSnapshot() => _taken.TrySetResult();

    public void FailSnapshot(Exception failure) => _taken.TrySetException(failure);

    /// <summary>The after-restore hooks a restore runs, in order: those registered since, and the kept ones.</summary>
    public Func<ValueTask>[] TakeAfterRestore()
    {
        lock (_kept)
        {
            var registered = new List<Func<ValueTask>>();
            while (AfterRestore.TryDequeue(out var hook))
            {
                registered.Add(hook);
            }

            if (!keepsAfterRestoreHooks)
            {
                return registered.ToArray();
            }

            _kept.AddRange(registered);
            return _kept.ToArray();
        }
    }
}
