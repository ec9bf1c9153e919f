using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing;

/// <summary>The function configuration the <see cref="RuntimeApiEmulator"/> pretends to host.</summary>
public sealed class RuntimeApiEmulatorOptions
{
    /// <summary>Function name, used in the ARN, the log group and the Invoke API path. Default <c>function</c>.</summary>
    public string FunctionName { get; set; } = "function";

    /// <summary>Version reported in <c>X-Amz-Executed-Version</c> and the environment. Default <c>$LATEST</c>.</summary>
    public string FunctionVersion { get; set; } = "$LATEST";

    /// <summary>Memory size in MB, reported in the environment. Default 128.</summary>
    public int MemorySizeMb { get; set; } = 128;

    /// <summary>Invocation timeout; sets the deadline header and when an invoke times out. Default 3 s, like Lambda.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How many invocations the execution environment serves at once, as a Lambda Managed Instances environment
    /// (<c>PerExecutionEnvironmentMaxConcurrency</c>, 1-1,600): above 1, up to that many are handed out to concurrent
    /// <c>/next</c> polls, each with its own deadline and timeout; a timeout fails only its own invocation and does not
    /// reset the environment; hosts pass it to the runtime as <c>AWS_LAMBDA_MAX_CONCURRENCY</c>. Default 1, an on-demand
    /// environment (one invocation at a time, no such variable).
    /// </summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>
    /// Whether the function uses tenant isolation (Lambda's <c>TenancyConfig.TenantIsolationMode = PER_TENANT</c>): every
    /// invocation must then name its tenant (<see cref="InvokeOptions.TenantId"/>), and without it no invocation may.
    /// Either mistake is refused as Lambda refuses it, 400 <c>InvalidParameterValueException</c>. One emulator is one
    /// execution environment, so it serves the first tenant it is invoked for only; <see cref="LambdaPool"/> with this
    /// option gives each tenant environments of its own. Default false.
    /// </summary>
    public bool TenantIsolation { get; set; }

    /// <summary>
    /// Whether the function uses SnapStart: hosts then set <c>AWS_LAMBDA_INITIALIZATION_TYPE=snap-start</c>, and the
    /// runtime, once initialised (before-snapshot hooks run; their errors go to <c>/runtime/init/error</c>), calls
    /// <c>GET /runtime/restore/next</c>. The emulator takes that as the snapshot and restores the environment at once;
    /// after-restore hook errors go to <c>/runtime/restore/error</c> and fail the first invocation with
    /// <c>SnapStartException</c> (400). The first REPORT shows <c>Restore Duration</c> (the answer to
    /// <c>restore/next</c> to the first <c>/next</c>: the after-restore hooks) instead of <c>Init Duration</c>. Default false.
    /// </summary>
    public bool SnapStart { get; set; }

    /// <summary>
    /// SnapStart's limit on the restore: a runtime that has not polled <c>/next</c> this long after
    /// <c>/runtime/restore/next</c> was answered (its after-restore hooks still running) fails the first invocation with
    /// Lambda's <c>SnapStartTimeoutException</c> (408), and a host that resets its runtime restores a new one. Default
    /// 10 s, Lambda's limit on after-restore hooks.
    /// </summary>
    public TimeSpan RestoreTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long after the deadline a response is still accepted before the invoke is failed with a timeout.
    /// Lambda has none; a little slack keeps tests on slow machines from failing on scheduling noise. Default 100 ms.
    /// </summary>
    public TimeSpan TimeoutGrace { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Lambda's on-demand init window: a process host whose runtime has not polled <c>/next</c> this long after its
    /// start is reset (an <c>INIT_REPORT ... Status: timeout</c> line), and the retried init is bounded by the first
    /// invocation's timeout. Default 10 s, like Lambda.
    /// </summary>
    public TimeSpan InitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many of the newest entries <c>Requests</c>, <c>CompletedInvocations</c>, <c>NextRequestTimes</c> and
    /// <c>PlatformLog</c> keep, and how many completed request ids are remembered; a bound for long runs. Default: all.
    /// </summary>
    public int HistoryLimit { get; set; } = int.MaxValue;

    /// <summary>
    /// The most bytes a streamed response may carry before the invocation fails with
    /// <c>Function.ResponseSizeTooLarge</c>. Default Lambda's 200 MB; lower it to test the cap without sending 200 MB.
    /// </summary>
    public long MaxStreamedResponseBytes { get; set; } = RuntimeApiContract.MaxStreamedResponseBytes;

    /// <summary>The port on 127.0.0.1 for both APIs; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Region, used in the ARN and the environment. Default <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Account id used in the function ARN. Default <c>123456789012</c>.</summary>
    public string AccountId { get; set; } = "123456789012";

    /// <summary>Clock and timers for deadlines and timeouts. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
