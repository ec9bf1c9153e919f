namespace LambdaKit.Testing;

// The /next polls an environment has made: their history, and waiting for a number of them.
internal sealed partial class InvocationDispatcher
{
    private readonly Queue<DateTimeOffset> polls = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> pollWaiters = new();
    private long pollCount;

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
}
