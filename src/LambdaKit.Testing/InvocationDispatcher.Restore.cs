using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing;

// SnapStart: the restore that ends init, after-restore hooks that fail, and Lambda's limit on them.
internal sealed partial class InvocationDispatcher
{
    private long? restoredAt;

    /// <summary>
    /// SnapStart: the runtime asked for <c>/runtime/restore/next</c>, so init (and its before-snapshot hooks) is over and
    /// the snapshot is taken; the environment is restored at once. A runtime that has not polled <c>/next</c> (its
    /// after-restore hooks done) within <paramref name="timeout"/> has timed out: the first invocation gets
    /// <paramref name="timeoutResult"/> and a host that resets its runtime is reset. False when it is too late (the
    /// runtime already polled <c>/next</c> or was restored).
    /// </summary>
    public bool TryRestore(TimeSpan timeout, LambdaError timeoutError, Func<string, InvocationResult> timeoutResult)
    {
        lock (gate)
        {
            if (firstPollAt is not null || restoredAt is not null || initFailed)
            {
                return false;
            }

            restoredAt = time.GetTimestamp();
            initTimer?.Dispose();
            initRetry = false;

            // The init timer's slot: the first /next, an exit or a new environment disarms it as they disarm init's.
            initTimer = time.CreateTimer(
                static state => ((RestoreTimeoutState)state!).Fire(),
                new RestoreTimeoutState(this, generation, timeoutError, timeoutResult),
                timeout,
                Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    /// <summary>
    /// SnapStart: an after-restore hook failed (<c>/runtime/restore/error</c>); the first invocation gets
    /// <paramref name="result"/>. False unless the environment was restored and has not polled <c>/next</c> yet.
    /// </summary>
    public bool TryReportRestoreError(LambdaError error, Func<string, InvocationResult> result)
    {
        lock (gate)
        {
            if (restoredAt is null || firstPollAt is not null || initFailed)
            {
                return false;
            }

            initTimer?.Dispose();
            initTimer = null;
            InitError = error;
            FailInitLocked(result);
            return true;
        }
    }

    private void OnRestoreTimeout(int environment, LambdaError error, Func<string, InvocationResult> result)
    {
        Action? resetNow;
        lock (gate)
        {
            if (disposed || environment != generation || firstPollAt is not null || initFailed)
            {
                return;
            }

            initTimer?.Dispose();
            initTimer = null;
            InitError = error;
            FailInitLocked(result);

            // The restored environment is unusable: a host that can replace its runtime restores a new one.
            resetNow = ResetLocked();
        }

        log.Publish();
        resetNow?.Invoke();
    }

    private sealed class RestoreTimeoutState(InvocationDispatcher dispatcher, int environment, LambdaError error, Func<string, InvocationResult> result)
    {
        public void Fire() => dispatcher.OnRestoreTimeout(environment, error, result);
    }
}
