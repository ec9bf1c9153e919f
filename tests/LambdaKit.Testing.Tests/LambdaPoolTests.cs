using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace LambdaKit.Testing.Tests;

/// <summary>Several execution environments serving one queue, and Lambda's retries of failed Event invocations.</summary>
public sealed class LambdaPoolTests
{
    [Fact]
    public async Task Four_environments_run_four_invocations_at_once_and_each_serves_its_share()
    {
        var running = 0;
        var allRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pool = await LambdaPool.StartAsync(
            new LambdaPoolOptions { Environments = 4, Function = new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(20) } },
            emulator => InProcessLambda.Start(emulator, async (_, context, response) =>
            {
                // Every handler waits until four run at the same time: one environment at a time would never get there.
                if (Interlocked.Increment(ref running) == 4)
                {
                    allRunning.SetResult();
                }

                await allRunning.Task;
                response.Write(Encoding.UTF8.GetBytes(context.LogStreamName));
            }));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => pool.InvokeAsync("{}", cancellationToken: FakeRuntime.Deadline())));

        Assert.All(results, result => Assert.True(result.IsSuccess, result.PayloadAsString));
        Assert.Equal(4, results.Select(result => result.PayloadAsString).Distinct().Count());
        Assert.All(pool.Environments, emulator => Assert.Single(emulator.CompletedInvocations));
    }

    [Fact]
    public async Task A_failing_event_is_run_twice_more_after_the_retry_delays_and_then_succeeds()
    {
        var calls = 0;
        var delays = new[] { TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400) };
        await using var pool = await LambdaPool.StartAsync(
            new LambdaPoolOptions { Environments = 2, RetryDelays = delays },
            emulator => InProcessLambda.Start(emulator, (_, _, response) =>
            {
                if (Interlocked.Increment(ref calls) < 3)
                {
                    throw new InvalidOperationException("not yet");
                }

                response.Write("\"done\""u8);
                return ValueTask.CompletedTask;
            }));

        var clock = Stopwatch.StartNew();
        var outcome = await pool.InvokeEventAsync("{}", FakeRuntime.Deadline());

        Assert.True(outcome.IsSuccess);
        Assert.Equal(3, outcome.Attempts.Count);
        Assert.Equal("InvalidOperationException", outcome.Attempts[0].Error?.ErrorType);
        Assert.Equal("\"done\"", outcome.Attempts[2].PayloadAsString);
        Assert.True(clock.Elapsed >= delays[0] + delays[1], clock.Elapsed.ToString());
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(0, 1)]
    public async Task An_event_that_always_fails_gets_the_configured_attempts_and_no_more(int retries, int attempts)
    {
        var calls = 0;
        await using var pool = await LambdaPool.StartAsync(
            new LambdaPoolOptions { Environments = 1, MaximumRetryAttempts = retries, RetryDelays = [TimeSpan.Zero, TimeSpan.Zero] },
            emulator => InProcessLambda.Start(emulator, (_, _, _) =>
            {
                Interlocked.Increment(ref calls);
                throw new InvalidOperationException("always");
            }));

        var outcome = await pool.InvokeEventAsync("{}", FakeRuntime.Deadline());

        Assert.False(outcome.IsSuccess);
        Assert.Equal(attempts, outcome.Attempts.Count);
        Assert.Equal(attempts, calls);
    }

    [Fact]
    public async Task An_event_over_1_MB_is_refused_without_reaching_the_function()
    {
        await using var pool = await LambdaPool.StartAsync(new LambdaPoolOptions { Environments = 1 }, emulator => InProcessLambda.Start(emulator, (_, _, _) => ValueTask.CompletedTask));

        var outcome = await pool.InvokeEventAsync(new byte[1_048_577], FakeRuntime.Deadline());

        var refused = Assert.Single(outcome.Attempts);
        Assert.Equal(413, refused.StatusCode);
        Assert.Equal("RequestTooLargeException", refused.Error?.ErrorType);
        Assert.Empty(pool.Environments[0].CompletedInvocations);
    }
}
