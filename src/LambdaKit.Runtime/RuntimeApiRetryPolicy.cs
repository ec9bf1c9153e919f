namespace LambdaKit.Runtime;

/// <summary>
/// How often and how patiently the client retries a Runtime API request that failed transiently (connection
/// refused or reset, or a 5xx answer) before it declares the API gone.
/// </summary>
public sealed record RuntimeApiRetryPolicy(int MaxAttempts, TimeSpan InitialDelay, TimeSpan MaxDelay)
{
    /// <summary>8 attempts, 50 ms doubling up to 2 s: about 5 s in all, enough to ride out a restart of the API.</summary>
    public static RuntimeApiRetryPolicy Default { get; } = new(8, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2));

    /// <summary>
    /// How long the answer to a posted response or error may take (default 10 s; the Runtime API answers a post at
    /// once). Past it the post counts as failed after sending: logged once, not sent again, the loop goes on.
    /// </summary>
    public TimeSpan PostAnswerTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        double milliseconds = InitialDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1));
        return TimeSpan.FromMilliseconds(Math.Min(milliseconds, MaxDelay.TotalMilliseconds));
    }
}

/// <summary>The Runtime API could not be reached after every retry, or refused a request the runtime cannot do without.</summary>
public sealed class RuntimeApiUnavailableException : Exception
{
    public RuntimeApiUnavailableException()
    {
    }

    public RuntimeApiUnavailableException(string message)
        : base(message)
    {
    }

    public RuntimeApiUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
