using LambdaKit.Runtime;
using TestFunctions;

namespace LambdaKit.Testing.Tests;

/// <summary>
/// SnapStart in-process, init once and restore many: <see cref="LambdaTestFunction.RestoreAsync"/> starts environments
/// from the first one's snapshot.
/// </summary>
public sealed class SnapshotRestoreTests
{
    private static readonly LambdaTestOptions SnapStart = new() { SnapStart = true };

    [Fact]
    public async Task Restored_environments_share_init_values_and_renew_what_the_after_restore_hook_renews()
    {
        // SnapStart from the function's attribute: no option needed.
        await using var first = await LambdaTest.StartAsync<Snapshots>();
        var seenByFirst = await first.InvokeAsync<string, SnapshotView>("a");
        await using var second = await first.RestoreAsync();
        var seenBySecond = await second.InvokeAsync<string, SnapshotView>("b");

        Assert.Equal(seenByFirst.InitId, seenBySecond.InitId);
        Assert.NotEqual(seenByFirst.RestoreId, seenBySecond.RestoreId);
        Assert.NotEqual(Guid.Empty, seenByFirst.RestoreId);
        Assert.NotSame(first.Emulator, second.Emulator);
    }

    [Fact]
    public async Task Before_snapshot_hooks_run_once_and_after_restore_hooks_once_per_restore()
    {
        await using var first = await LambdaTest.StartAsync<Snapshots>(SnapStart);
        await using var second = await first.RestoreAsync();
        await second.InvokeAsync<string, SnapshotView>("b");
        await using var third = await first.RestoreAsync();

        var view = await third.InvokeAsync<string, SnapshotView>("c");
        var report = Assert.Single(third.Emulator.PlatformLog, line => line.StartsWith("REPORT", StringComparison.Ordinal));

        Assert.Equal(1, view.BeforeSnapshotRuns);
        Assert.Equal(3, view.AfterRestoreRuns);
        Assert.Contains("Restore Duration:", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Init Duration:", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_after_restore_hook_fails_only_that_restore()
    {
        await using var first = await LambdaTest.StartAsync<Snapshots>(SnapStart);
        var seenByFirst = await first.InvokeAsync<string, SnapshotView>("a");
        Snapshots.FailingRestores[seenByFirst.InitId] = 2;
        await using var second = await first.RestoreAsync();
        var failed = await second.InvokeAsync("\"b\"");
        await using var third = await first.RestoreAsync();
        var restoredAfter = await third.InvokeAsync<string, SnapshotView>("c");

        Assert.Equal(400, failed.StatusCode);
        Assert.Equal("SnapStartException", failed.Error!.ErrorType);
        Assert.Equal(LambdaSnapshot.AfterRestoreErrorType, second.Emulator.InitError!.ErrorType);
        Assert.Null(first.Emulator.InitError);
        Assert.Null(third.Emulator.InitError);
        Assert.Equal(seenByFirst.InitId, restoredAfter.InitId);
    }

    [Fact]
    public async Task Only_an_in_process_SnapStart_function_can_be_restored()
    {
        await using var function = await LambdaTest.StartAsync<Orders>("place-order");

        await Assert.ThrowsAsync<InvalidOperationException>(() => function.RestoreAsync());
    }
}
