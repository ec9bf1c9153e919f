namespace LambdaKit.Runtime;

/// <summary>Settings of <see cref="LambdaBootstrap"/>; the defaults are what a function in Lambda needs.</summary>
public sealed class LambdaBootstrapOptions
{
    /// <summary>
    /// Environment variables to read instead of the process's (for hosting a function in a test process).
    /// <c>_X_AMZN_TRACE_ID</c> is still set on the process, as the X-Ray SDK reads it there.
    /// </summary>
    public IReadOnlyDictionary<string, string>? EnvironmentVariables { get; set; }

    /// <summary>How long before the deadline <see cref="ILambdaContext.CancellationToken"/> fires. Default 500 ms.</summary>
    public TimeSpan CancellationMargin { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Retries of transient Runtime API failures.</summary>
    public RuntimeApiRetryPolicy RetryPolicy { get; set; } = RuntimeApiRetryPolicy.Default;

    /// <summary>Where log records go. Default: standard output, which Lambda sends to CloudWatch Logs.</summary>
    public Stream? LogOutput { get; set; }

    /// <summary>Stop the loop cleanly on SIGTERM. Default <see langword="true"/>; in-process hosts turn it off.</summary>
    public bool HandleTerminationSignal { get; set; } = true;

    /// <summary>The clock for deadlines and log timestamps.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
