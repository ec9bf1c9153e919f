using System.Globalization;
using System.Text.RegularExpressions;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing.Tests;

public sealed class LambdaProcessTests
{
    [Fact]
    public async Task Child_gets_the_lambda_environment_with_overrides_applied()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions
        {
            FunctionName = "orders",
            MemorySizeMb = 512,
            Region = "eu-central-1",
        });
        var taskRoot = Path.GetTempPath();
        await using var process = LambdaProcess.Start(emulator, new LambdaProcessOptions
        {
            FileName = "env",
            Handler = "Orders::Orders.Function::Handle",
            WorkingDirectory = taskRoot,
            InheritEnvironment = false,
            Environment = { ["CUSTOM"] = "1", [LambdaEnvironmentVariables.SessionToken] = null },
        });

        Assert.Equal(0, await process.WaitForExitAsync(FakeRuntime.Deadline()));
        var seen = process.StandardOutput
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

        Assert.Equal(emulator.RuntimeApiAddress, seen[LambdaEnvironmentVariables.RuntimeApi]);
        Assert.Equal("Orders::Orders.Function::Handle", seen[LambdaEnvironmentVariables.Handler]);
        Assert.Equal(Path.GetFullPath(taskRoot), seen[LambdaEnvironmentVariables.TaskRoot]);
        Assert.Equal("eu-central-1", seen[LambdaEnvironmentVariables.Region]);
        Assert.Equal("orders", seen[LambdaEnvironmentVariables.FunctionName]);
        Assert.Equal("$LATEST", seen[LambdaEnvironmentVariables.FunctionVersion]);
        Assert.Equal("512", seen[LambdaEnvironmentVariables.FunctionMemorySize]);
        Assert.Equal("on-demand", seen[LambdaEnvironmentVariables.InitializationType]);
        Assert.Equal("/aws/lambda/orders", seen[LambdaEnvironmentVariables.LogGroupName]);
        Assert.Matches(new Regex(@"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$"), seen[LambdaEnvironmentVariables.LogStreamName]);
        Assert.Equal("AWS_Lambda_dotnet8", seen[LambdaEnvironmentVariables.ExecutionEnvironment]);
        Assert.Equal(":UTC", seen["TZ"]);
        Assert.Equal("en_US.UTF-8", seen["LANG"]);
        Assert.False(string.IsNullOrEmpty(seen[LambdaEnvironmentVariables.AccessKeyId]));
        Assert.False(string.IsNullOrEmpty(seen[LambdaEnvironmentVariables.SecretAccessKey]));
        Assert.Equal("1", seen["CUSTOM"]);
        Assert.False(seen.ContainsKey(LambdaEnvironmentVariables.SessionToken));

        // Without inheritance nothing of this process leaks in.
        Assert.False(seen.ContainsKey("PATH"));
        Assert.Equal(seen.Count, process.Environment.Count);
    }

    [Fact]
    public async Task A_handler_given_to_start_sees_every_line_of_a_runtime_that_writes_at_once()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();

        // Before the fix the tool subscribed after Start returned and lost lines written before that (CI, 2026-12-06).
        await using var process = LambdaProcess.Start(
            emulator,
            new LambdaProcessOptions { FileName = "sh", Arguments = { "-c", "echo first; echo second >&2" } },
            (_, line) => seen.Enqueue(line.Text));

        Assert.Equal(0, await process.WaitForExitAsync(FakeRuntime.Deadline()));
        Assert.Equal(["first", "second"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Output_of_both_streams_is_captured_and_awaitable()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var process = LambdaProcess.Start(emulator, new LambdaProcessOptions
        {
            FileName = "sh",
            Arguments = { "-c", "echo one; echo two >&2; echo three; exit 3" },
        });

        var line = await process.WaitForOutputAsync(l => l.Text == "two", FakeRuntime.Deadline());
        Assert.True(line.IsStandardError);
        Assert.Equal(3, await process.WaitForExitAsync(FakeRuntime.Deadline()));
        Assert.Equal(["one", "three"], process.StandardOutput);
        Assert.Equal(["two"], process.StandardError);
        Assert.Equal(3, process.ExitCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => process.WaitForOutputAsync(l => l.Text == "never", FakeRuntime.Deadline()));
    }

    [Fact]
    public async Task Output_carries_platform_lines_around_the_functions_own_lines()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var process = LambdaProcess.Start(emulator, ShellRuntime.Options());

        var first = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        var second = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        Assert.Equal(process.Id.ToString(CultureInfo.InvariantCulture), first.PayloadAsString);
        await process.WaitForOutputAsync(line => line.Text == "handling " + second.RequestId, FakeRuntime.Deadline());

        var output = process.Output.Select(line => line.Text).ToList();
        foreach (var id in new[] { first.RequestId, second.RequestId })
        {
            var start = output.IndexOf("START RequestId: " + id + " Version: $LATEST");
            var handling = output.IndexOf("handling " + id);
            var end = output.IndexOf("END RequestId: " + id);
            var report = output.FindIndex(text => text.StartsWith("REPORT RequestId: " + id + "\t", StringComparison.Ordinal));
            Assert.True(start >= 0 && start < handling && start < end && end < report, string.Join('\n', output));
            Assert.Equal(id == first.RequestId, output[report].Contains("\tInit Duration: ", StringComparison.Ordinal));
        }

        // The child's peak memory, not the test process's: a shell uses a few MB.
        var used = Regex.Match(output.Last(text => text.StartsWith("REPORT", StringComparison.Ordinal)), @"Max Memory Used: (\d+) MB");
        Assert.InRange(int.Parse(used.Groups[1].Value, CultureInfo.InvariantCulture), 1, 40);
        Assert.All(process.Output.Where(line => line.Text.StartsWith("REPORT", StringComparison.Ordinal)), line => Assert.True(line.IsPlatform));
        Assert.DoesNotContain(process.StandardOutput, text => text.StartsWith("START", StringComparison.Ordinal));
        Assert.Contains("init " + first.PayloadAsString, process.StandardOutput);
    }

    [Fact]
    public async Task Timed_out_invocation_kills_the_process_and_the_next_one_gets_a_fresh_cold_started_process()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(1) });
        await using var process = LambdaProcess.Start(emulator, ShellRuntime.Options());
        var firstPid = process.Id.ToString(CultureInfo.InvariantCulture);

        var warm = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        var timedOut = await emulator.InvokeAsync("\"sleep\"", cancellationToken: FakeRuntime.Deadline());
        var afterReset = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());

        Assert.Equal(firstPid, warm.PayloadAsString);
        Assert.Equal("Sandbox.Timedout", timedOut.Error?.ErrorType);
        Assert.NotEqual(firstPid, afterReset.PayloadAsString);
        Assert.Equal(process.Id.ToString(CultureInfo.InvariantCulture), afterReset.PayloadAsString);
        Assert.Equal(1, process.Restarts);
        Assert.False(Directory.Exists("/proc/" + firstPid));
        Assert.Equal(2, process.StandardOutput.Count(text => text.StartsWith("init ", StringComparison.Ordinal)));

        // The timed-out invocation still gets END and REPORT; the one after the reset is a cold start again.
        var log = emulator.PlatformLog;
        Assert.Contains("END RequestId: " + timedOut.RequestId, log);
        var reports = log.Where(line => line.StartsWith("REPORT", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, reports.Count);
        Assert.Equal(
            [(warm.RequestId, true), (timedOut.RequestId, false), (afterReset.RequestId, true)],
            reports.Select(line => (line.Split('\t')[0]["REPORT RequestId: ".Length..], line.Contains("\tInit Duration: ", StringComparison.Ordinal))).ToArray());
    }

    [Fact]
    public async Task A_runtime_started_again_after_a_timeout_may_fail_its_init_and_that_answers_the_next_invocation()
    {
        var marker = Path.Combine(Path.GetTempPath(), "lambdakit-reinit-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(1) });
            await using var process = LambdaProcess.Start(emulator, ShellRuntime.Options(marker));

            var timedOut = await emulator.InvokeAsync("\"sleep\"", cancellationToken: FakeRuntime.Deadline());
            var afterReset = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());

            Assert.Equal("Sandbox.Timedout", timedOut.Error?.ErrorType);
            Assert.Equal(1, process.Restarts);
            Assert.Equal(ShellRuntime.ReinitErrorType, afterReset.Error?.ErrorType);
            Assert.Equal("init failed after a reset", afterReset.Error?.ErrorMessage);
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task Dispose_kills_a_running_process()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var process = LambdaProcess.Start(emulator, new LambdaProcessOptions { FileName = "sleep", Arguments = { "60" } });
        Assert.False(process.HasExited);

        await process.DisposeAsync();

        Assert.True(process.HasExited);
    }

    [Fact]
    public async Task Environment_builder_is_usable_without_a_process()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { FunctionVersion = "12" });

        var variables = LambdaEnvironment.Create(emulator, "handler", "/var/task", "AWS_Lambda_nodejs22.x");

        Assert.Equal(emulator.RuntimeApiAddress, variables[LambdaEnvironmentVariables.RuntimeApi]);
        Assert.Equal("/var/task", variables[LambdaEnvironmentVariables.TaskRoot]);
        Assert.Equal("AWS_Lambda_nodejs22.x", variables[LambdaEnvironmentVariables.ExecutionEnvironment]);
        Assert.Equal("12", variables[LambdaEnvironmentVariables.FunctionVersion]);
        Assert.Contains("/[12]", variables[LambdaEnvironmentVariables.LogStreamName], StringComparison.Ordinal);
        Assert.Equal("127.0.0.1:" + emulator.BaseUri.Port, emulator.RuntimeApiAddress);
    }
}
