using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing;

// A runtime process that exits by itself: Lambda's Runtime.ExitError and the environment's reset.
internal sealed partial class InvocationDispatcher
{
    private RuntimeExit? pendingExitStatus;
    private bool resetOnNextInvocation;

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

    private static InvocationResult ExitError(Invocation invocation, RuntimeExit exit) =>
        FunctionFailure.FromError(new LambdaError(
            exit.ErrorType,
            $"RequestId: {invocation.RequestId} Error: Runtime exited with error: {exit.Status}")).ToResult(invocation.RequestId);
}
