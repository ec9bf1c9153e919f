using System.Globalization;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing;

// Invocations that run past their timeout: Lambda's Sandbox.Timedout, and the reset of an on-demand environment.
internal sealed partial class InvocationDispatcher
{
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

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);
}
