using System.Globalization;
using System.Text.RegularExpressions;

namespace LambdaKit.Testing.Tests;

public sealed class PlatformLogTests
{
    private static readonly Regex StartLine = new(@"^START RequestId: (?<id>\S+) Version: (?<version>\S+)$");
    private static readonly Regex EndLine = new(@"^END RequestId: (?<id>\S+)$");
    private static readonly Regex ReportLine = new(
        @"^REPORT RequestId: (?<id>\S+)\tDuration: (?<duration>\d+\.\d{2}) ms\tBilled Duration: (?<billed>\d+) ms\tMemory Size: (?<memory>\d+) MB\tMax Memory Used: (?<used>\d+) MB(\tInit Duration: (?<init>\d+\.\d{2}) ms)?$");

    [Fact]
    public async Task Every_handed_out_invocation_gets_start_end_and_report_in_order_including_errors_and_timeouts()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { MemorySizeMb = 384, FunctionVersion = "5" });
        using var runtime = new FakeRuntime(emulator);

        var succeeded = emulator.InvokeAsync("{}", new InvokeOptions { RequestId = "ok" }, FakeRuntime.Deadline());
        using (var next = await runtime.NextAsync())
        {
            await Task.Delay(30);
            using var posted = await runtime.PostResponseAsync("ok", "{}");
        }

        await succeeded;
        var failed = emulator.InvokeAsync("{}", new InvokeOptions { RequestId = "failed" }, FakeRuntime.Deadline());
        using (var next = await runtime.NextAsync())
        {
            using var posted = await runtime.PostErrorAsync("failed", "{\"errorMessage\":\"boom\",\"errorType\":\"E\"}", "E");
        }

        await failed;
        var timedOut = emulator.InvokeAsync("{}", new InvokeOptions { RequestId = "slow", Timeout = TimeSpan.FromMilliseconds(300) }, FakeRuntime.Deadline());
        using (var next = await runtime.NextAsync())
        {
            Assert.Equal("Sandbox.Timedout", (await timedOut).Error?.ErrorType);
        }

        var log = emulator.PlatformLog;
        Assert.Equal(9, log.Count);
        foreach (var (id, index) in new[] { ("ok", 0), ("failed", 3), ("slow", 6) })
        {
            var start = StartLine.Match(log[index]);
            var end = EndLine.Match(log[index + 1]);
            var report = ReportLine.Match(log[index + 2]);
            Assert.True(start.Success, log[index]);
            Assert.True(end.Success, log[index + 1]);
            Assert.True(report.Success, log[index + 2]);
            Assert.Equal((id, id, id), (start.Groups["id"].Value, end.Groups["id"].Value, report.Groups["id"].Value));
            Assert.Equal("5", start.Groups["version"].Value);
            Assert.Equal("384", report.Groups["memory"].Value);
            var duration = double.Parse(report.Groups["duration"].Value, CultureInfo.InvariantCulture);
            Assert.Equal(Math.Ceiling(duration), double.Parse(report.Groups["billed"].Value, CultureInfo.InvariantCulture));
            Assert.True(int.Parse(report.Groups["used"].Value, CultureInfo.InvariantCulture) > 0, log[index + 2]);

            // Only the first invocation of the execution environment is a cold start.
            Assert.Equal(id == "ok", report.Groups["init"].Success);
        }

        // Duration runs from handing out the event to the answer: the first waited 30 ms, the timeout 300 ms.
        Assert.InRange(double.Parse(ReportLine.Match(log[2]).Groups["duration"].Value, CultureInfo.InvariantCulture), 30, 10_000);
        Assert.InRange(double.Parse(ReportLine.Match(log[8]).Groups["duration"].Value, CultureInfo.InvariantCulture), 300, 10_000);
    }

    [Fact]
    public async Task Invocations_the_runtime_never_received_get_no_lines_and_listeners_see_every_line_in_order()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);
        var raised = new List<string>();
        emulator.PlatformLogLineWritten += (_, line) =>
        {
            lock (raised)
            {
                raised.Add(line);
            }
        };

        // An init error answers the first invoke without the runtime ever receiving it.
        using (await runtime.PostErrorAsync(string.Empty, "{\"errorMessage\":\"x\",\"errorType\":\"Init\"}", "Init", LambdaKit.Runtime.Protocol.RuntimeApiContract.InitErrorPath))
        {
        }

        Assert.False((await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline())).IsSuccess);
        Assert.Empty(emulator.PlatformLog);

        var invoke = emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        using (var next = await runtime.NextAsync())
        {
            using var posted = await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "{}");
        }

        await invoke;
        Assert.Equal(3, emulator.PlatformLog.Count);
        lock (raised)
        {
            Assert.Equal(emulator.PlatformLog, raised);
        }
    }
}
