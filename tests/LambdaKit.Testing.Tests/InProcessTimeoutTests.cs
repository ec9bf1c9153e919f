using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace LambdaKit.Testing.Tests;

/// <summary>An in-process handler past its deadline: the invocation fails at once and a fresh loop takes the next one.</summary>
public sealed class InProcessTimeoutTests
{
    [Fact]
    public async Task A_timed_out_handler_is_abandoned_its_late_answer_refused_and_the_next_invocation_meets_a_fresh_loop()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(1) });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var initialisations = 0;
        await using var function = InProcessLambda.Start(emulator, _ =>
        {
            var loop = Interlocked.Increment(ref initialisations);
            return ValueTask.FromResult<Runtime.LambdaHandler>(async (payload, _, response) =>
            {
                if (Encoding.UTF8.GetString(payload.Span) == "\"hang\"")
                {
                    // Ignores the deadline, as a handler stuck in a synchronous call would.
                    await release.Task;
                }

                response.Write(Encoding.UTF8.GetBytes(loop.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            });
        });

        var clock = Stopwatch.StartNew();
        var timedOut = await emulator.InvokeAsync("\"hang\"", cancellationToken: FakeRuntime.Deadline());
        var failedAfter = clock.Elapsed;
        var next = await emulator.InvokeAsync("\"quick\"", cancellationToken: FakeRuntime.Deadline());

        Assert.Equal("Sandbox.Timedout", timedOut.Error?.ErrorType);
        Assert.True(failedAfter < TimeSpan.FromSeconds(5), failedAfter.ToString());
        Assert.True(next.IsSuccess, next.PayloadAsString);
        Assert.Equal("2", next.PayloadAsString);
        Assert.Equal(1, function.Restarts);
        var reports = emulator.PlatformLog.Where(line => line.StartsWith("REPORT", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, reports.Length);
        Assert.Contains("\tInit Duration: ", reports[1], StringComparison.Ordinal);

        release.SetResult();
        await FakeRuntime.WaitUntilAsync(() => emulator.Requests.Any(request => request.RequestId == timedOut.RequestId && request.Method == "POST"));
        var late = emulator.Requests.Single(request => request.RequestId == timedOut.RequestId && request.Method == "POST");
        Assert.Equal(400, late.StatusCode);
        Assert.Equal(2, emulator.CompletedInvocations.Count);
    }

    [Fact]
    public async Task Without_reset_the_next_invocation_waits_for_the_same_loop()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new InProcessLambdaOptions { ResetAfterTimeout = false };
        await using var function = InProcessLambda.Start(emulator, async (payload, _, response) =>
        {
            await release.Task;
            response.Write("{}"u8);
        }, options);

        var timedOut = await emulator.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline());
        var waiting = emulator.InvokeAsync("{}", new InvokeOptions { Timeout = TimeSpan.FromSeconds(30) }, FakeRuntime.Deadline());
        await Task.Delay(500);

        Assert.Equal("Sandbox.Timedout", timedOut.Error?.ErrorType);
        Assert.False(waiting.IsCompleted);
        release.SetResult();
        Assert.True((await waiting).IsSuccess);
        Assert.Equal(0, function.Restarts);
    }
}
