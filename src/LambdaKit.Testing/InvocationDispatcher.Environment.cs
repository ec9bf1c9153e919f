namespace LambdaKit.Testing;

// The runtime behind the environment: hosts begin and end it, its cold start and the peak memory its REPORT lines show.
internal sealed partial class InvocationDispatcher
{
    private long environmentStartedAt;
    private long? firstPollAt;
    private bool coldStart = true;
    private int? environmentProcessId;
    private int lastMaxMemoryUsedMb;
    private Action? reset;
    private bool resetPending;
    private int generation;

    /// <summary>
    /// A host is about to start a fresh runtime: the next invocation is a cold start again, its Init Duration
    /// measured from now to that runtime's first <c>/next</c>. Polls still waiting belong to the old runtime.
    /// With <paramref name="reset"/>, a timeout, an init timeout or an exit of the runtime holds back further events
    /// and calls it; the host then replaces its runtime and calls this method again, which releases them. Such a host
    /// also gets Lambda's init window: a runtime that has not polled <c>/next</c> within it is reset once, and the
    /// retried init is bounded by the first invocation's timeout. Returns the environment's number for
    /// <see cref="ReportExit"/>.
    /// </summary>
    public int BeginEnvironment(Action? reset)
    {
        lock (gate)
        {
            this.reset = reset;
            resetPending = false;
            generation++;
            environmentStartedAt = time.GetTimestamp();
            firstPollAt = null;
            restoredAt = null;
            coldStart = true;
            environmentProcessId = null;
            lastMaxMemoryUsedMb = 0;
            pendingExitStatus = null;
            resetOnNextInvocation = false;
            initFailed = false;
            foreach (var poller in pollers)
            {
                poller.TrySetCanceled();
            }

            pollers.Clear();
            initTimer?.Dispose();
            initTimer = null;
            if (reset is not null && !initRetry)
            {
                initTimer = time.CreateTimer(
                    static state => ((InitTimeoutState)state!).Fire(),
                    new InitTimeoutState(this, generation, null),
                    initTimeout,
                    Timeout.InfiniteTimeSpan);
            }

            DispatchLocked();
            ArmInitRetryLocked();
            return generation;
        }
    }

    /// <summary>The host that registered <paramref name="reset"/> has gone; events flow again.</summary>
    public void EndEnvironment(Action reset)
    {
        lock (gate)
        {
            if (this.reset != reset)
            {
                return;
            }

            this.reset = null;
            resetPending = false;
            initTimer?.Dispose();
            initTimer = null;
            DispatchLocked();
        }
    }

    /// <summary>The process whose peak memory the REPORT lines show; without one, this process's.</summary>
    public void SetEnvironmentProcess(int processId)
    {
        lock (gate)
        {
            environmentProcessId = processId;
        }
    }

    /// <summary>The runtime is being handed <paramref name="invocation"/>: writes its START line once.</summary>
    public void MarkStarted(Invocation invocation)
    {
        lock (gate)
        {
            if (invocation.State != InvocationState.InFlight || invocation.StartedAt is not null)
            {
                return;
            }

            invocation.StartedAt = time.GetTimestamp();
            if (coldStart && restoredAt is { } restored)
            {
                coldStart = false;
                invocation.RestoreDuration = time.GetElapsedTime(restored, firstPollAt ?? invocation.StartedAt.Value);
            }
            else if (coldStart)
            {
                coldStart = false;
                invocation.InitDuration = time.GetElapsedTime(environmentStartedAt, firstPollAt ?? invocation.StartedAt.Value);
            }

            log.WriteStart(invocation.RequestId);
        }

        log.Publish();
    }

    /// <summary>
    /// Peak memory of the runtime process, or of this process when the runtime runs inside it (or its host did not
    /// say); the last reading stands in once the process is gone.
    /// </summary>
    private int MaxMemoryUsedMbLocked()
    {
        if (PeakMemory.TryReadMegabytes(environmentProcessId ?? Environment.ProcessId, out var megabytes))
        {
            lastMaxMemoryUsedMb = Math.Max(lastMaxMemoryUsedMb, megabytes);
        }

        return lastMaxMemoryUsedMb;
    }

    /// <summary>Holds events back until the host has replaced its runtime; returns the host's reset, if any.</summary>
    private Action? ResetLocked()
    {
        resetPending = reset is not null;
        return reset;
    }
}
