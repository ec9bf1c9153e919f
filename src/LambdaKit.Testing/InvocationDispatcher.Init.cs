using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing;

// The init phase: init errors, Lambda's init window and the init retried inside the first invocation.
internal sealed partial class InvocationDispatcher
{
    private readonly TimeSpan initTimeout;
    private ITimer? initTimer;
    private bool initRetry;
    private bool initFailed;
    private Func<string, InvocationResult>? pendingInitError;

    /// <summary>
    /// Records an init error; false when init is already over because the current runtime has polled <c>/next</c>
    /// (a runtime started again after a timeout initialises again, and may fail to).
    /// </summary>
    public bool TryReportInitError(FunctionFailure failure)
    {
        lock (gate)
        {
            if (firstPollAt is not null || restoredAt is not null)
            {
                return false;
            }

            InitError = failure.Error;
            FailInitLocked(failure.ToResult);
            return true;
        }
    }

    private void FailInitLocked(Func<string, InvocationResult> result)
    {
        initFailed = true;
        var first = inFlight.Count > 0 ? inFlight[0] : queue.First?.Value;
        if (first is null)
        {
            pendingInitError = result;
        }
        else
        {
            queue.Remove(first);
            CompleteLocked(first, result(first.RequestId));
        }
    }

    /// <summary>
    /// While an init is retried after an init timeout, the first invocation waits for it under its own timeout, as
    /// Lambda retries init inside that invocation.
    /// </summary>
    private void ArmInitRetryLocked()
    {
        if (initRetry && initTimer is null && firstPollAt is null && reset is not null && queue.First is { } head)
        {
            initTimer = time.CreateTimer(
                static state => ((InitTimeoutState)state!).Fire(),
                new InitTimeoutState(this, generation, head.Value),
                head.Value.Timeout + grace,
                Timeout.InfiniteTimeSpan);
        }
    }

    private void OnInitTimeout(int environment, Invocation? waiting)
    {
        Action? resetNow;
        lock (gate)
        {
            if (disposed || environment != generation || firstPollAt is not null)
            {
                return;
            }

            initTimer?.Dispose();
            initTimer = null;
            var elapsed = time.GetElapsedTime(environmentStartedAt);
            if (waiting is null)
            {
                // Lambda's on-demand init window is over: it will retry init with the first invocation.
                log.WriteInitReport(elapsed, "init", "timeout");
                initRetry = true;
            }
            else
            {
                if (waiting.State != InvocationState.Queued || !queue.Remove(waiting))
                {
                    return;
                }

                log.WriteInitReport(elapsed, "invoke", "timeout");
                initRetry = false;
                var error = new LambdaError(
                    "Sandbox.Timedout",
                    $"RequestId: {waiting.RequestId} Error: Task timed out after {Seconds(waiting.Timeout)} seconds");
                CompleteLocked(waiting, FunctionFailure.FromError(error).ToResult(waiting.RequestId));
            }

            resetNow = ResetLocked();
        }

        log.Publish();
        resetNow?.Invoke();
    }

    private sealed class InitTimeoutState(InvocationDispatcher dispatcher, int environment, Invocation? waiting)
    {
        public void Fire() => dispatcher.OnInitTimeout(environment, waiting);
    }
}
