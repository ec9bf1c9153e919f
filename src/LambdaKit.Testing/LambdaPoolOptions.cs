namespace LambdaKit.Testing;

/// <summary>Settings of a <see cref="LambdaPool"/>.</summary>
public sealed class LambdaPoolOptions
{
    /// <summary>How many execution environments serve invocations in parallel. Default 4.</summary>
    public int Environments { get; init; } = 4;

    /// <summary>The function configuration every environment's emulator gets; its port must be 0 (each picks its own).</summary>
    public RuntimeApiEmulatorOptions Function { get; init; } = new();

    /// <summary>
    /// How many times an asynchronous (<c>Event</c>) invocation that failed is run again: 0 to 2, Lambda's
    /// <c>MaximumRetryAttempts</c>. Default 2, as in Lambda.
    /// </summary>
    public int MaximumRetryAttempts { get; init; } = 2;

    /// <summary>
    /// The wait before each retry of an <c>Event</c> invocation. Default 1 minute then 2 minutes, as in Lambda; tests
    /// set shorter ones.
    /// </summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; init; } = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)];
}
