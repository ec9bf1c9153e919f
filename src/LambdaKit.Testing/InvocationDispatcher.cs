using System.Globalization;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing;

internal enum CompletionStatus
{
    Completed,
    UnknownRequestId,
    NotInFlight,
}

/// <summary>
/// The execution environment: a FIFO of invocations handed to <c>/next</c> pollers. Like Lambda, an on-demand
/// environment gets the next event only once the current one has completed or timed out; with a maximum concurrency
/// above 1 (Lambda Managed Instances) up to that many are handed out at once, to concurrent polls.
/// </summary>
internal sealed class InvocationDispatcher : IDisposable
{
    private readonly object gate = new();
    private readonly LinkedList<Invocation> queue = new();
    private readonly LinkedList<TaskCompletionSource<Invocation>> pollers = new();
    private readonly Dictionary<string, Invocation> byId = new(StringComparer.Ordinal);
    private readonly Queue<InvocationResult> completed = new();
    private readonly Queue<string> completedIds = new();
    private readonly Queue<DateTimeOffset> polls = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> pollWaiters = new();
    private readonly TimeProvider time;
    private readonly TimeSpan grace;
    private readonly TimeSpan initTimeout;
    private readonly int historyLimit;
    private readonly PlatformLog log;
    private readonly int maxConcurrency;
    private readonly List<Invocation> inFlight = new();
    private int peakInFlight;
    private long pollCount;
    private long environmentStartedAt;
    private long? firstPollAt;
    private long? restoredAt;
    private bool coldStart = true;
    private int? environmentProcessId;
    private int lastMaxMemoryUsedMb;
    private Action? reset;
    private bool resetPending;
    private int generation;
    private ITimer? initTimer;
    private bool initRetry;
    private RuntimeExit? pendingExitStatus;
    private bool resetOnNextInvocation;
    private bool initFailed;
    private Func<string, InvocationResult>? pendingInitError;
    private bool disposed;

    public InvocationDispatcher(TimeProvider time, TimeSpan grace, TimeSpan initTimeout, int historyLimit, int maxConcurrency, PlatformLog log)
    {
        this.maxConcurrency = maxConcurrency;
        this.historyLimit = historyLimit;
        this.time = time;
        this.grace = grace;
        this.initTimeout = initTimeout;
        this.log = log;

        // Until a host says when its runtime started, the environment is as old as the emulator.
        environmentStartedAt = time.GetTimestamp();
    }

    public LambdaError? InitError { get; private set; }

    /// <summary>How many invocations are handed out and not yet answered.</summary>
    public int InFlight
    {
        get
        {
            lock (gate)
            {
                return inFlight.Count;
            }
        }
    }

    /// <summary>The most invocations ever handed out and not yet answered at the same moment.</summary>
    public int PeakInFlight
    {
        get
        {
            lock (gate)
            {
                return peakInFlight;
            }
        }
    }

    public IReadOnlyList<InvocationResult> Completed
    {
        get
        {
            lock (gate)
            {
                return completed.ToArray();
            }
        }
    }

    public IReadOnlyList<DateTimeOffset> Polls
    {
        get
        {
            lock (gate)
            {
                return polls.ToArray();
            }
        }
    }

    public void Enqueue(Invocation invocation)
    {
        Action? resetNow = null;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!byId.TryAdd(invocation.RequestId, invocation))
            {
                throw new ArgumentException($"Request id '{invocation.RequestId}' was already used.", nameof(invocation));
            }

            if (pendingInitError is { } failure)
            {
                // A runtime that failed to initialise answers the first invoke with its init error.
                pendingInitError = null;
                CompleteLocked(invocation, failure(invocation.RequestId));
                return;
            }

            if (pendingExitStatus is { } status)
            {
                // The runtime exited while nothing was waiting: this invocation learns it, the one after gets a new process.
                CompleteLocked(invocation, ExitError(invocation, status));
                resetOnNextInvocation = reset is not null;
                pendingExitStatus = reset is null ? status : null;
            }
            else
            {
                invocation.State = InvocationState.Queued;
                queue.AddLast(invocation);
                if (resetOnNextInvocation)
                {
                    // Like Lambda, a crashed environment is initialised again by the invocation that needs it.
                    resetOnNextInvocation = false;
                    resetNow = ResetLocked();
                }

                DispatchLocked();
                ArmInitRetryLocked();
            }
        }

        resetNow?.Invoke();
    }

    /// <summary>
    /// The runtime process of environment <paramref name="environment"/> exited by itself (<paramref name="status"/>:
    /// <c>exit status N</c> or <c>signal: killed</c>, and the error type). The invocation it was running, or else the
    /// first one waiting, fails at once with <c>Runtime.ExitError</c> (or <c>Runtime.OutOfMemory</c>) as in Lambda, and the host resets the environment for the next
    /// invocation (at once when one is waiting, else when it arrives); with nothing waiting, the next invocation fails
    /// that way instead.
    /// </summary>
    public void ReportExit(int environment, RuntimeExit status)
    {
        Action? resetNow = null;
        lock (gate)
        {
            if (disposed || environment != generation)
            {
                return;
            }

            initTimer?.Dispose();
            initTimer = null;
            if (initFailed && reset is not null)
            {
                // Exiting after reporting an init error is the expected end of that init; the error already answers.
                if (queue.Count > 0)
                {
                    resetNow = ResetLocked();
                }
                else
                {
                    resetOnNextInvocation = true;
                }
            }
            else if (inFlight.Count > 0 || queue.Count > 0)
            {
                resetNow = FailAfterExitLocked(status);
            }
            else
            {
                pendingExitStatus = status;
            }
        }

        log.Publish();
        resetNow?.Invoke();
    }

    /// <summary>
    /// Fails what the dead runtime was running (every invocation in flight), or else the first one waiting, with
    /// <c>Runtime.ExitError</c>; returns the host's reset to call now, if any.
    /// </summary>
    private Action? FailAfterExitLocked(RuntimeExit status)
    {
        var victims = inFlight.Count > 0 ? inFlight.ToList() : [queue.First!.Value];
        queue.Remove(victims[0]);

        // Held back before completing, which would otherwise hand the next event to a poll of the dead runtime.
        Action? resetNow = null;
        if (reset is not null && queue.Count == 0)
        {
            resetOnNextInvocation = true;
        }
        else
        {
            resetNow = ResetLocked();
        }

        foreach (var victim in victims)
        {
            CompleteLocked(victim, ExitError(victim, status));
        }

        if (reset is null)
        {
            // No host to start the runtime again: every later invocation fails the same way.
            pendingExitStatus = status;
            while (queue.First is { } next)
            {
                queue.RemoveFirst();
                CompleteLocked(next.Value, ExitError(next.Value, status));
            }
        }

        return resetNow;
    }

    /// <summary>Notes a <c>/next</c> arrival; it also ends the init phase.</summary>
    public void RecordPoll(DateTimeOffset at)
    {
        lock (gate)
        {
            polls.Enqueue(at);
            pollCount++;
            if (polls.Count > historyLimit)
            {
                polls.Dequeue();
            }

            if (firstPollAt is null)
            {
                firstPollAt = time.GetTimestamp();
                initTimer?.Dispose();
                initTimer = null;
                initRetry = false;
            }

            for (var i = pollWaiters.Count - 1; i >= 0; i--)
            {
                if (pollCount >= pollWaiters[i].Count)
                {
                    pollWaiters[i].Signal.TrySetResult();
                    pollWaiters.RemoveAt(i);
                }
            }
        }
    }

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

    public Task WaitForPollsAsync(int count, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (pollCount >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            pollWaiters.Add((count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    public async Task<Invocation> WaitForNextAsync(CancellationToken cancellationToken)
    {
        var poller = new TaskCompletionSource<Invocation>(TaskCreationOptions.RunContinuationsAsynchronously);
        LinkedListNode<TaskCompletionSource<Invocation>> node;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            node = pollers.AddLast(poller);
            DispatchLocked();
        }

        // Removing the poller under the lock means a disconnected runtime never swallows an event.
        using var registration = cancellationToken.Register(() =>
        {
            lock (gate)
            {
                if (node.List is not null)
                {
                    pollers.Remove(node);
                }

                poller.TrySetCanceled(cancellationToken);
            }
        });
        return await poller.Task.ConfigureAwait(false);
    }

    /// <summary>Puts a dispatched invocation back at the head of the queue because the runtime never received it.</summary>
    public void Requeue(Invocation invocation)
    {
        lock (gate)
        {
            if (invocation.State != InvocationState.InFlight || !inFlight.Remove(invocation))
            {
                return;
            }

            invocation.TimeoutTimer?.Dispose();
            invocation.TimeoutTimer = null;
            invocation.State = InvocationState.Queued;
            queue.AddFirst(invocation);
            DispatchLocked();
        }
    }

    /// <summary>Drops a still-queued invocation whose caller stopped waiting; one already running is left alone.</summary>
    public void Abandon(Invocation invocation)
    {
        lock (gate)
        {
            if (invocation.State == InvocationState.Queued && queue.Remove(invocation))
            {
                invocation.State = InvocationState.Completed;
                invocation.Completion.TrySetCanceled();
            }
        }
    }

    public CompletionStatus TryComplete(string requestId, Func<InvocationResult> result)
    {
        lock (gate)
        {
            if (!byId.TryGetValue(requestId, out var invocation))
            {
                return CompletionStatus.UnknownRequestId;
            }

            if (invocation.State != InvocationState.InFlight)
            {
                return CompletionStatus.NotInFlight;
            }

            CompleteLocked(invocation, result());
        }

        log.Publish();
        return CompletionStatus.Completed;
    }

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

    /// <summary>
    /// SnapStart: the runtime asked for <c>/runtime/restore/next</c>, so init (and its before-snapshot hooks) is over and
    /// the snapshot is taken; the environment is restored at once. False when it is too late (the runtime already
    /// polled <c>/next</c> or was restored).
    /// </summary>
    public bool TryRestore()
    {
        lock (gate)
        {
            if (firstPollAt is not null || restoredAt is not null || initFailed)
            {
                return false;
            }

            restoredAt = time.GetTimestamp();
            initTimer?.Dispose();
            initTimer = null;
            initRetry = false;
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

            InitError = error;
            FailInitLocked(result);
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

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            initTimer?.Dispose();
            foreach (var invocation in byId.Values)
            {
                invocation.TimeoutTimer?.Dispose();
                invocation.Completion.TrySetException(new ObjectDisposedException(nameof(RuntimeApiEmulator)));
            }

            foreach (var poller in pollers)
            {
                poller.TrySetCanceled();
            }

            foreach (var (_, signal) in pollWaiters)
            {
                signal.TrySetException(new ObjectDisposedException(nameof(RuntimeApiEmulator)));
            }

            pollers.Clear();
            queue.Clear();
            pollWaiters.Clear();
        }
    }

    private void DispatchLocked()
    {
        // The newest poll gets the event: with one runtime worker an older pending poll can only be a connection
        // whose disconnect has not been noticed yet.
        while (!resetPending && inFlight.Count < maxConcurrency && queue.First is { } head && pollers.Last is { } poller)
        {
            pollers.RemoveLast();
            var invocation = head.Value;
            var now = time.GetUtcNow();
            invocation.Deadline = now + invocation.Timeout;
            invocation.State = InvocationState.InFlight;
            if (!poller.Value.TrySetResult(invocation))
            {
                invocation.State = InvocationState.Queued;
                continue;
            }

            queue.RemoveFirst();
            inFlight.Add(invocation);
            peakInFlight = Math.Max(peakInFlight, inFlight.Count);
            invocation.TimeoutTimer = time.CreateTimer(
                static state => ((TimeoutState)state!).Fire(),
                new TimeoutState(this, invocation),
                invocation.Timeout + grace,
                Timeout.InfiniteTimeSpan);
        }
    }

    private void CompleteLocked(Invocation invocation, InvocationResult result)
    {
        if (invocation.StartedAt is { } startedAt && invocation.State == InvocationState.InFlight)
        {
            // Lambda writes END and REPORT for failed and timed-out invocations too.
            log.WriteEnd(invocation.RequestId);
            log.WriteReport(invocation.RequestId, time.GetElapsedTime(startedAt), MaxMemoryUsedMbLocked(), invocation.InitDuration, invocation.RestoreDuration);
        }

        invocation.State = InvocationState.Completed;
        invocation.TimeoutTimer?.Dispose();
        invocation.TimeoutTimer = null;
        completed.Enqueue(result);
        completedIds.Enqueue(invocation.RequestId);
        if (completed.Count > historyLimit)
        {
            // Forgotten ids are then unknown: a late post for one gets 400 all the same.
            completed.Dequeue();
            byId.Remove(completedIds.Dequeue());
        }

        invocation.Completion.TrySetResult(result);
        if (inFlight.Remove(invocation))
        {
            DispatchLocked();
        }
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

    private static InvocationResult ExitError(Invocation invocation, RuntimeExit exit) =>
        FunctionFailure.FromError(new LambdaError(
            exit.ErrorType,
            $"RequestId: {invocation.RequestId} Error: Runtime exited with error: {exit.Status}")).ToResult(invocation.RequestId);

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>Holds events back until the host has replaced its runtime; returns the host's reset, if any.</summary>
    private Action? ResetLocked()
    {
        resetPending = reset is not null;
        return reset;
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

    private void OnTimeout(Invocation invocation)
    {
        var reset = TimeOut(invocation);
        log.Publish();
        reset?.Invoke();
    }

    /// <summary>Fails a timed-out invocation; returns the host's reset to call, if it resets its runtime.</summary>
    private Action? TimeOut(Invocation invocation)
    {
        lock (gate)
        {
            if (invocation.State != InvocationState.InFlight)
            {
                return null;
            }

            // Lambda resets an on-demand execution environment at a timeout: nothing more is handed out until the
            // host has replaced its runtime. With concurrency, only that invocation fails; the others run on.
            var resetNow = maxConcurrency == 1 ? ResetLocked() : null;

            // Lambda's current wording. The host (if it resets) kills the runtime; either way its late post is refused.
            var error = new LambdaError(
                "Sandbox.Timedout",
                $"RequestId: {invocation.RequestId} Error: Task timed out after {Seconds(invocation.Timeout)} seconds");
            CompleteLocked(invocation, FunctionFailure.FromError(error).ToResult(invocation.RequestId));
            return resetNow;
        }
    }

    private sealed class TimeoutState(InvocationDispatcher dispatcher, Invocation invocation)
    {
        public void Fire() => dispatcher.OnTimeout(invocation);
    }

    private sealed class InitTimeoutState(InvocationDispatcher dispatcher, int environment, Invocation? waiting)
    {
        public void Fire() => dispatcher.OnInitTimeout(environment, waiting);
    }
}

/// <summary>How a runtime process ended: Lambda's status text (<c>exit status 3</c>, <c>signal: killed</c>) and error type.</summary>
internal readonly record struct RuntimeExit(string Status, string ErrorType)
{
    public const string ExitErrorType = "Runtime.ExitError";

    public const string OutOfMemoryErrorType = "Runtime.OutOfMemory";
}
