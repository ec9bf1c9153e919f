using System.Diagnostics;
using System.Globalization;

namespace LambdaKit.Testing.Tests;

/// <summary>Lambda's failure semantics for runtimes that exit, hang in init, flood output or leave children behind.</summary>
public sealed class ProcessFailureTests : IDisposable
{
    private readonly string marker = Path.Combine(Path.GetTempPath(), "lambdakit-first-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(marker);

    [Fact]
    public async Task A_runtime_that_exits_before_its_first_next_fails_the_invocation_at_once_and_the_next_one_cold_starts()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(60) });
        await using var process = LambdaProcess.Start(emulator, ShellRuntime.WithInit("if [ $FIRST = 1 ]; then echo leaving; exit 3; fi", marker));

        var clock = Stopwatch.StartNew();
        var failed = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        var recovered = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), clock.Elapsed.ToString());
        Assert.Equal("Runtime.ExitError", failed.Error?.ErrorType);
        Assert.Equal($"RequestId: {failed.RequestId} Error: Runtime exited with error: exit status 3", failed.Error?.ErrorMessage);
        Assert.Equal("Unhandled", failed.FunctionError);
        Assert.True(recovered.IsSuccess, recovered.PayloadAsString);
        Assert.Equal(process.Id.ToString(CultureInfo.InvariantCulture), recovered.PayloadAsString);
        Assert.Equal(1, process.Restarts);
        Assert.Contains("leaving", process.StandardOutput);
        var report = Assert.Single(emulator.PlatformLog, line => line.StartsWith("REPORT", StringComparison.Ordinal));
        Assert.Contains("\tInit Duration: ", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runtime_killed_mid_invocation_fails_it_at_once_with_the_signal_and_the_next_invocation_gets_a_new_process()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(60) });
        await using var process = LambdaProcess.Start(emulator, ShellRuntime.Options());
        var warm = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());

        var clock = Stopwatch.StartNew();
        var crashed = await emulator.InvokeAsync("\"crash\"", cancellationToken: FakeRuntime.Deadline());
        var elapsed = clock.Elapsed;
        var after = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());

        Assert.True(elapsed < TimeSpan.FromSeconds(20), elapsed.ToString());
        Assert.Equal("Runtime.ExitError", crashed.Error?.ErrorType);
        Assert.Equal($"RequestId: {crashed.RequestId} Error: Runtime exited with error: signal: killed", crashed.Error?.ErrorMessage);
        Assert.True(after.IsSuccess, after.PayloadAsString);
        Assert.NotEqual(warm.PayloadAsString, after.PayloadAsString);
        Assert.Equal(1, process.Restarts);

        // The crashed invocation was handed out, so it has END and REPORT; the one after is a cold start.
        var reports = emulator.PlatformLog.Where(line => line.StartsWith("REPORT", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, reports.Count);
        Assert.Contains(crashed.RequestId, reports[1], StringComparison.Ordinal);
        Assert.Contains("\tInit Duration: ", reports[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runtime_that_exits_while_idle_fails_the_next_invocation_and_the_one_after_starts_a_new_process()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(60) });
        await using var process = LambdaProcess.Start(emulator, new LambdaProcessOptions { FileName = "sh", Arguments = { "-c", "exit 7" } });
        Assert.Equal(7, await process.WaitForExitAsync(FakeRuntime.Deadline()));
        await Task.Delay(500);

        var failed = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());

        Assert.Equal($"RequestId: {failed.RequestId} Error: Runtime exited with error: exit status 7", failed.Error?.ErrorMessage);
        Assert.Equal(0, process.Restarts);

        // The environment is initialised again by the invocation that needs it (and this runtime exits again).
        var again = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        Assert.Equal($"RequestId: {again.RequestId} Error: Runtime exited with error: exit status 7", again.Error?.ErrorMessage);
        Assert.Equal(1, process.Restarts);
    }

    [Fact]
    public async Task A_runtime_that_exits_after_its_init_error_is_initialised_again_by_the_next_invocation()
    {
        const string FailInit = """
            curl -sS -o /dev/null -X POST -d '{"errorMessage":"no config","errorType":"Runtime.ConfigMissing"}' \
              "http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/init/error"
            exit 1
            """;
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(60) });
        await using var process = LambdaProcess.Start(emulator, new LambdaProcessOptions { FileName = "sh", Arguments = { "-c", FailInit } });
        Assert.Equal(1, await process.WaitForExitAsync(FakeRuntime.Deadline()));
        await Task.Delay(500);

        var first = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        var second = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());

        // Not Runtime.ExitError: the exit was the end of a failed init, and the next invocation initialises again.
        Assert.Equal("Runtime.ConfigMissing", first.Error?.ErrorType);
        Assert.Equal("Runtime.ConfigMissing", second.Error?.ErrorType);
        Assert.Equal(1, process.Restarts);
    }

    [Fact]
    public async Task Init_over_the_init_timeout_is_retried_and_the_retry_succeeds()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions
        {
            InitTimeout = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromSeconds(30),
        });
        await using var process = LambdaProcess.Start(emulator, ShellRuntime.WithInit("if [ $FIRST = 1 ]; then sleep 600; fi", marker));

        var result = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());

        Assert.True(result.IsSuccess, result.PayloadAsString);
        Assert.Equal(1, process.Restarts);
        Assert.Matches(@"^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: timeout$", emulator.PlatformLog[0]);
    }

    [Fact]
    public async Task A_retried_init_that_hangs_too_times_out_the_first_invocation_under_the_function_timeout()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions
        {
            InitTimeout = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromSeconds(1),
        });
        await using var process = LambdaProcess.Start(emulator, ShellRuntime.WithInit("sleep 600"));
        await FakeRuntime.WaitUntilAsync(() => process.Restarts == 1);

        var result = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());

        Assert.Equal("Sandbox.Timedout", result.Error?.ErrorType);
        Assert.Equal($"RequestId: {result.RequestId} Error: Task timed out after 1.00 seconds", result.Error?.ErrorMessage);
        Assert.Contains(emulator.PlatformLog, line => line.StartsWith("INIT_REPORT", StringComparison.Ordinal) && line.EndsWith("\tPhase: invoke\tStatus: timeout", StringComparison.Ordinal));
        await FakeRuntime.WaitUntilAsync(() => process.Restarts == 2);
    }

    [Fact]
    public async Task Dispose_kills_grandchildren_that_left_the_runtime_behind()
    {
        var pidFile = marker + ".pid";
        try
        {
            await using var emulator = await RuntimeApiEmulator.StartAsync();
            var process = LambdaProcess.Start(emulator, ShellRuntime.WithInit($"( sleep 600 & echo $! > '{pidFile}' )"));
            await emulator.WaitForNextRequestAsync(1, FakeRuntime.Deadline());
            var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
            Assert.True(IsAlive(grandchild));

            await process.DisposeAsync();

            await FakeRuntime.WaitUntilAsync(() => !IsAlive(grandchild));
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public async Task A_flood_of_output_is_streamed_to_the_callback_and_only_the_newest_lines_are_kept()
    {
        const int lines = 1_000_000;
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(60) });
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long streamed = 0;

        // 100 MB: a million lines of 99 characters and a newline, before the first /next.
        var options = ShellRuntime.WithInit($"head -c {lines * 99} /dev/zero | tr '\\0' x | fold -w 99", outputLineLimit: 1_000);
        await using var process = LambdaProcess.Start(emulator, options);
        process.OutputReceived += (_, line) => Interlocked.Increment(ref streamed);
        var result = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        await FakeRuntime.WaitUntilAsync(() => Interlocked.Read(ref streamed) >= lines);
        var after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        Assert.Equal(1_000, process.Output.Count);
        Assert.True(process.DroppedOutputLines >= lines - 1_000);
        Assert.True(after - before < 50 * 1024 * 1024, $"{(after - before) / 1024 / 1024} MB kept");
    }

    [Fact]
    public async Task A_history_limit_keeps_only_the_newest_requests_results_and_platform_lines()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { HistoryLimit = 2, Timeout = TimeSpan.FromSeconds(30) });
        await using var process = LambdaProcess.Start(emulator, ShellRuntime.Options());
        var results = new List<InvocationResult>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline()));
        }

        await emulator.WaitForNextRequestAsync(5, FakeRuntime.Deadline());
        Assert.All(results, result => Assert.True(result.IsSuccess));
        Assert.Equal([results[2].RequestId, results[3].RequestId], emulator.CompletedInvocations.Select(result => result.RequestId));
        Assert.Equal(2, emulator.PlatformLog.Count);
        Assert.StartsWith("END RequestId: " + results[3].RequestId, emulator.PlatformLog[0], StringComparison.Ordinal);
        Assert.Equal(2, emulator.Requests.Count);
        Assert.Equal(2, emulator.NextRequestTimes.Count);
    }

    /// <summary>A process that is gone or a zombie (it cannot run any more) counts as dead.</summary>
    private static bool IsAlive(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
