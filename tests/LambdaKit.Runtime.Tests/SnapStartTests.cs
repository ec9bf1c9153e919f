using System.Collections.Concurrent;
using LambdaKit.Runtime.AmazonInterop;
using LambdaKit.Runtime.Protocol;
using AmazonSnapshotRestoreApi = Amazon.Lambda.Core.SnapshotRestore;

namespace LambdaKit.Runtime.Tests;

/// <summary>
/// SnapStart: before-snapshot hooks, <c>/runtime/restore/next</c>, after-restore hooks, then <c>/next</c> on a new
/// connection; hook failures reported with Lambda's error types. The hook registries are process-wide, so every test
/// that registers hooks is in this class (its tests run one at a time).
/// </summary>
public sealed class SnapStartTests
{
    private const string Deadline = "Lambda-Runtime-Deadline-Ms: 4102444800000";
    private const string Arn = "Lambda-Runtime-Invoked-Function-Arn: arn";
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string> SnapStart = new() { [LambdaEnvironmentVariables.InitializationType] = LambdaSnapshot.SnapStartInitializationType };

    [Fact]
    public async Task Hooks_run_in_AWSs_order_around_restore_next_and_next_goes_out_on_a_new_connection()
    {
        await using var server = RestoreThenOneInvocation();
        var ran = new ConcurrentQueue<string>();
        Register(ran, server);

        var (exitCode, _) = await BootstrapRun.RunAsync(server, (payload, context, response) => ValueTask.CompletedTask, () => server.Requests.Count >= 3, TestTimeout, environment: SnapStart);

        Assert.Equal(0, exitCode);
        Assert.Equal(["before-2 after 0 requests", "before-1 after 0 requests", "after-1 after 1 requests", "after-2 after 1 requests"], ran);
        Assert.Equal(
            ["GET " + RuntimeApiContract.RestoreNextPath + " HTTP/1.1", "GET " + RuntimeApiContract.NextInvocationPath + " HTTP/1.1", "POST " + RuntimeApiContract.ResponsePath("r1") + " HTTP/1.1"],
            server.RequestLines.Take(3));
        Assert.Equal(2, server.ConnectionsAccepted);
    }

    [Fact]
    public async Task A_failing_before_snapshot_hook_is_reported_to_init_error_and_ends_the_runtime()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Response(202));
        bool laterHookRan = false;
        LambdaSnapshot.RegisterBeforeSnapshot(() => { laterHookRan = true; return ValueTask.CompletedTask; });
        LambdaSnapshot.RegisterBeforeSnapshot(() => throw new InvalidOperationException("cannot close the pool"));

        var (exitCode, _) = await BootstrapRun.RunAsync(server, (payload, context, response) => ValueTask.CompletedTask, () => false, TestTimeout, environment: SnapStart);

        Assert.Equal(LambdaBootstrap.ExitCodeInitError, exitCode);
        var request = Assert.Single(server.Requests);
        Assert.StartsWith("POST " + RuntimeApiContract.InitErrorPath + " ", request, StringComparison.Ordinal);
        Assert.Contains("\r\n" + RuntimeApiContract.FunctionErrorTypeHeader + ": " + LambdaSnapshot.BeforeSnapshotErrorType + "\r\n", request, StringComparison.Ordinal);
        Assert.Contains("\"errorMessage\":\"cannot close the pool\"", request, StringComparison.Ordinal);
        Assert.False(laterHookRan);
    }

    [Fact]
    public async Task A_failing_after_restore_hook_is_reported_to_restore_error_and_ends_the_runtime()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Response(200))
              .Then(ScriptedHttpServer.Response(202));
        bool laterHookRan = false;
        LambdaSnapshot.RegisterAfterRestore(() => throw new InvalidOperationException("cannot reseed"));
        LambdaSnapshot.RegisterAfterRestore(() => { laterHookRan = true; return ValueTask.CompletedTask; });

        var (exitCode, _) = await BootstrapRun.RunAsync(server, (payload, context, response) => ValueTask.CompletedTask, () => false, TestTimeout, environment: SnapStart);

        Assert.Equal(LambdaBootstrap.ExitCodeInitError, exitCode);
        Assert.Equal(["GET " + RuntimeApiContract.RestoreNextPath + " HTTP/1.1", "POST " + RuntimeApiContract.RestoreErrorPath + " HTTP/1.1"], server.RequestLines);
        Assert.Contains("\r\n" + RuntimeApiContract.FunctionErrorTypeHeader + ": " + LambdaSnapshot.AfterRestoreErrorType + "\r\n", server.Requests.Last(), StringComparison.Ordinal);
        Assert.False(laterHookRan);
    }

    [Fact]
    public async Task Without_snap_start_no_hook_runs_and_restore_next_is_never_called()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r1", Deadline, Arn))
              .Then(ScriptedHttpServer.Response(202));
        bool ran = false;
        LambdaSnapshot.RegisterAfterRestore(() => { ran = true; return ValueTask.CompletedTask; });
        try
        {
            var (exitCode, _) = await BootstrapRun.RunAsync(server, (payload, context, response) => ValueTask.CompletedTask, () => server.Requests.Count >= 2, TestTimeout);

            Assert.Equal(0, exitCode);
            Assert.False(ran);
            Assert.DoesNotContain(server.RequestLines, line => line.Contains("/restore/", StringComparison.Ordinal));
        }
        finally
        {
            await DrainAsync();
        }
    }

    [Fact]
    public async Task Hooks_registered_with_Amazon_Lambda_Cores_SnapshotRestore_run_as_LambdaKits()
    {
        await using var server = RestoreThenOneInvocation();
        var ran = new ConcurrentQueue<string>();
        Assert.Equal(2, AmazonSnapshotRestore.Attach(typeof(AmazonSnapshotRestoreApi)));
        AmazonSnapshotRestoreApi.RegisterBeforeSnapshot(() => { ran.Enqueue("amazon before"); return ValueTask.CompletedTask; });
        AmazonSnapshotRestoreApi.RegisterAfterRestore(() => { ran.Enqueue("amazon after-1"); return ValueTask.CompletedTask; });
        AmazonSnapshotRestoreApi.RegisterAfterRestore(() => { ran.Enqueue("amazon after-2"); return ValueTask.CompletedTask; });

        var (exitCode, _) = await BootstrapRun.RunAsync(server, (payload, context, response) => ValueTask.CompletedTask, () => server.Requests.Count >= 3, TestTimeout, environment: SnapStart);

        Assert.Equal(0, exitCode);
        Assert.Equal(["amazon before", "amazon after-1", "amazon after-2"], ran);
    }

    /// <summary>A Runtime API that answers <c>/runtime/restore/next</c>, then hands out one invocation and accepts its response.</summary>
    private static ScriptedHttpServer RestoreThenOneInvocation()
    {
        var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Response(200))
              .Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r1", Deadline, Arn))
              .Then(ScriptedHttpServer.Response(202));
        return server;
    }

    private static void Register(ConcurrentQueue<string> ran, ScriptedHttpServer server)
    {
        foreach (var name in new[] { "before-1", "before-2" })
        {
            LambdaSnapshot.RegisterBeforeSnapshot(() => { ran.Enqueue(name + " after " + server.Requests.Count + " requests"); return ValueTask.CompletedTask; });
        }

        foreach (var name in new[] { "after-1", "after-2" })
        {
            LambdaSnapshot.RegisterAfterRestore(() => { ran.Enqueue(name + " after " + server.Requests.Count + " requests"); return ValueTask.CompletedTask; });
        }
    }

    /// <summary>Runs and so removes hooks a test registered without a SnapStart run.</summary>
    private static async Task DrainAsync()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Response(200));
        using var log = new MemoryStream();
        using var client = new RuntimeApiClient(server.Address, new Logging.LambdaLogger(log), BootstrapRun.FastRetry);
        await LambdaSnapshot.RunAsync(client, new Logging.LambdaLogger(log), CancellationToken.None);
    }
}
