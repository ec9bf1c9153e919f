using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing;

/// <summary>
/// The execution environment: a FIFO of invocations handed to <c>/next</c> pollers. Like Lambda, an on-demand
/// environment gets the next event only once the current one has completed or timed out; with a maximum concurrency
/// above 1 (Lambda Managed Instances) up to that many are handed out at once, to concurrent polls.
/// </summary>
internal sealed partial class InvocationDispatcher : IDisposable
{
    private readonly object gate = new();
    private readonly LinkedList<Invocation> queue = new();
    private readonly LinkedList<TaskCompletionSource<Invocation>> pollers = new();
    private readonly Dictionary<string, Invocation> byId = new(StringComparer.Ordinal);
    private readonly Queue<InvocationResult> completed = new();
    private readonly Queue<string> completedIds = new();
    private readonly TimeProvider time;
    private readonly TimeSpan grace;
    private readonly int historyLimit;
    private readonly PlatformLog log;
    private readonly int maxConcurrency;
    private readonly List<Invocation> inFlight = new();
    private int peakInFlight;
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
}
