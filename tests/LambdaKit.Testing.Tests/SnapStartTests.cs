using System.Net;
using System.Text;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing.Tests;

/// <summary>
/// <see cref="RuntimeApiEmulatorOptions.SnapStart"/>: the restore routes, hook errors as Lambda reports them, and the
/// REPORT line's Restore Duration.
/// </summary>
public sealed class SnapStartTests
{
    [Fact]
    public async Task A_restored_environment_reports_its_restore_instead_of_its_init()
    {
        await using var emulator = await SnapStartEmulatorAsync();
        using var runtime = new FakeRuntime(emulator);

        using var restore = await runtime.Http.GetAsync(RuntimeApiContract.RestoreNextPath, FakeRuntime.Deadline());
        var first = await InvokeOnceAsync(emulator, runtime);
        var second = await InvokeOnceAsync(emulator, runtime);

        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Empty(await restore.Content.ReadAsByteArrayAsync());
        Assert.Equal("snap-start", LambdaEnvironment.Create(emulator, "handler")[LambdaEnvironmentVariables.InitializationType]);
        var firstReport = Assert.Single(emulator.PlatformLog, line => line.StartsWith($"REPORT RequestId: {first}", StringComparison.Ordinal));
        Assert.Matches(@"\tRestore Duration: \d+\.\d\d ms\tBilled Restore Duration: \d+ ms$", firstReport);
        Assert.DoesNotContain("Init Duration", firstReport, StringComparison.Ordinal);
        var secondReport = Assert.Single(emulator.PlatformLog, line => line.StartsWith($"REPORT RequestId: {second}", StringComparison.Ordinal));
        Assert.DoesNotContain("Restore Duration", secondReport, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_is_refused_without_SnapStart_and_after_the_restore()
    {
        await using var onDemand = await RuntimeApiEmulator.StartAsync();
        await using var snapStart = await SnapStartEmulatorAsync();
        using var onDemandRuntime = new FakeRuntime(onDemand);
        using var snapStartRuntime = new FakeRuntime(snapStart);

        using var refused = await onDemandRuntime.Http.GetAsync(RuntimeApiContract.RestoreNextPath, FakeRuntime.Deadline());
        using var restored = await snapStartRuntime.Http.GetAsync(RuntimeApiContract.RestoreNextPath, FakeRuntime.Deadline());
        using var again = await snapStartRuntime.Http.GetAsync(RuntimeApiContract.RestoreNextPath, FakeRuntime.Deadline());

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Equal("on-demand", LambdaEnvironment.Create(onDemand, "handler")[LambdaEnvironmentVariables.InitializationType]);
    }

    [Fact]
    public async Task An_after_restore_hook_error_fails_the_first_invocation_with_SnapStartException()
    {
        await using var emulator = await SnapStartEmulatorAsync();
        using var runtime = new FakeRuntime(emulator);

        using var early = await runtime.PostErrorAsync(string.Empty, "{\"errorMessage\":\"too early\",\"errorType\":\"HookError\"}", "Runtime.AfterRestoreError", RuntimeApiContract.RestoreErrorPath);
        using var restore = await runtime.Http.GetAsync(RuntimeApiContract.RestoreNextPath, FakeRuntime.Deadline());
        using var posted = await runtime.PostErrorAsync(string.Empty, "{\"errorMessage\":\"no connection\",\"errorType\":\"HookError\"}", "Runtime.AfterRestoreError", RuntimeApiContract.RestoreErrorPath);
        var result = await emulator.InvokeAsync("{}").WaitAsync(FakeRuntime.Deadline());

        Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal("SnapStartException", result.Error?.ErrorType);
        Assert.Contains("Runtime.AfterRestoreError: no connection", result.Error?.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("no connection", emulator.InitError?.ErrorMessage);
        Assert.DoesNotContain(emulator.PlatformLog, line => line.StartsWith("REPORT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_before_snapshot_hook_error_is_an_init_error_and_there_is_no_restore()
    {
        await using var emulator = await SnapStartEmulatorAsync();
        using var runtime = new FakeRuntime(emulator);

        using var posted = await runtime.PostErrorAsync(string.Empty, "{\"errorMessage\":\"cannot snapshot\",\"errorType\":\"HookError\"}", "Runtime.BeforeSnapshotError", RuntimeApiContract.InitErrorPath);
        using var restore = await runtime.Http.GetAsync(RuntimeApiContract.RestoreNextPath, FakeRuntime.Deadline());
        var result = await emulator.InvokeAsync("{}").WaitAsync(FakeRuntime.Deadline());

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, restore.StatusCode);
        Assert.Equal("Runtime.BeforeSnapshotError", result.ErrorTypeHeader);
        Assert.Equal("HookError", result.Error?.ErrorType);
    }

    [Fact]
    public async Task Every_new_process_of_a_SnapStart_function_is_restored_again()
    {
        await using var emulator = await SnapStartEmulatorAsync();
        var restore = "[ \"$AWS_LAMBDA_INITIALIZATION_TYPE\" = snap-start ] && curl -sS -o /dev/null \"http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/restore/next\"";
        await using var process = LambdaProcess.Start(emulator, ShellRuntime.WithInit(restore));

        var first = await emulator.InvokeAsync("{}").WaitAsync(FakeRuntime.Deadline());
        var crash = await emulator.InvokeAsync("\"crash\"").WaitAsync(FakeRuntime.Deadline());
        var afterReset = await emulator.InvokeAsync("{}").WaitAsync(FakeRuntime.Deadline());

        Assert.True(first.IsSuccess);
        Assert.Equal("Runtime.ExitError", crash.Error?.ErrorType);
        Assert.NotEqual(first.PayloadAsString, afterReset.PayloadAsString);
        var reports = emulator.PlatformLog.Where(line => line.StartsWith("REPORT", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, reports.Count);
        Assert.Contains("\tRestore Duration: ", reports[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Restore Duration", reports[1], StringComparison.Ordinal);
        Assert.Contains("\tRestore Duration: ", reports[2], StringComparison.Ordinal);
        Assert.All(reports, report => Assert.DoesNotContain("Init Duration", report, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restore_that_outlasts_its_limit_fails_the_first_invocation_with_SnapStartTimeoutException()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { SnapStart = true, RestoreTimeout = TimeSpan.FromMilliseconds(200) });
        using var runtime = new FakeRuntime(emulator);

        // The after-restore hooks never finish: the runtime never polls /next.
        using var restore = await runtime.Http.GetAsync(RuntimeApiContract.RestoreNextPath, FakeRuntime.Deadline());
        using var overHttp = await runtime.InvokeHttpAsync("{}");

        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal(HttpStatusCode.RequestTimeout, overHttp.StatusCode);
        Assert.Equal("SnapStartTimeoutException", overHttp.Headers.GetValues("X-Amzn-ErrorType").Single());
        var result = Assert.Single(emulator.CompletedInvocations);
        Assert.Equal(408, result.StatusCode);
        Assert.Equal("SnapStartTimeoutException", result.Error?.ErrorType);
        Assert.Contains("0.2 seconds", result.Error?.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("SnapStartTimeoutException", emulator.InitError?.ErrorType);
    }

    [Fact]
    public async Task A_restore_that_ends_within_its_limit_is_not_timed_out_later()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { SnapStart = true, RestoreTimeout = TimeSpan.FromMilliseconds(200) });
        using var runtime = new FakeRuntime(emulator);

        using var restore = await runtime.Http.GetAsync(RuntimeApiContract.RestoreNextPath, FakeRuntime.Deadline());
        var invocation = emulator.InvokeAsync("{}");
        var next = await runtime.NextAsync();

        // Past the limit, measured from the restore, with the invocation still running.
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "\"done\"");
        var result = await invocation.WaitAsync(FakeRuntime.Deadline());

        Assert.True(result.IsSuccess);
        Assert.Null(emulator.InitError);
    }

    [Fact]
    public async Task A_process_whose_restore_timed_out_is_replaced_by_a_newly_restored_one()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { SnapStart = true, RestoreTimeout = TimeSpan.FromMilliseconds(500) });
        var firstStart = Path.Combine(Path.GetTempPath(), "lambdakit-restore-" + Guid.NewGuid().ToString("N"));

        // The first process's after-restore "hook" hangs; the process started after the reset restores promptly.
        var restore = "curl -sS -o /dev/null \"http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/restore/next\"; if [ \"$FIRST\" = 1 ]; then sleep 60; fi";
        try
        {
            await using var process = LambdaProcess.Start(emulator, ShellRuntime.WithInit(restore, firstMarker: firstStart));

            var timedOut = await emulator.InvokeAsync("{}").WaitAsync(FakeRuntime.Deadline());
            var restored = await emulator.InvokeAsync("{}").WaitAsync(FakeRuntime.Deadline());

            Assert.Equal("SnapStartTimeoutException", timedOut.Error?.ErrorType);
            Assert.True(restored.IsSuccess, restored.PayloadAsString);
            var report = Assert.Single(emulator.PlatformLog, line => line.StartsWith("REPORT", StringComparison.Ordinal));
            Assert.Contains("\tRestore Duration: ", report, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(firstStart);
        }
    }

    private static Task<RuntimeApiEmulator> SnapStartEmulatorAsync() =>
        RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { SnapStart = true });

    private static async Task<string> InvokeOnceAsync(RuntimeApiEmulator emulator, FakeRuntime runtime)
    {
        var invocation = emulator.InvokeAsync("{}");
        var next = await runtime.NextAsync();
        var requestId = FakeRuntime.RequestId(next);
        await runtime.PostResponseAsync(requestId, Encoding.UTF8.GetBytes("1"));
        await invocation.WaitAsync(FakeRuntime.Deadline());
        return requestId;
    }
}
