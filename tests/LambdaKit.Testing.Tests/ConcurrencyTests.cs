using System.Text;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing.Tests;

/// <summary>
/// <see cref="RuntimeApiEmulatorOptions.MaxConcurrency"/>: one execution environment serving several invocations at
/// once, as Lambda Managed Instances do, to a hand-driven runtime and to a process polling from several workers.
/// </summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Up_to_the_maximum_invocations_are_handed_to_concurrent_polls_each_with_its_own_deadline()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { MaxConcurrency = 3, Timeout = TimeSpan.FromSeconds(20) });
        using var runtime = new FakeRuntime(emulator);
        var invocations = Enumerable.Range(0, 4).Select(i => emulator.InvokeAsync($"{{\"n\":{i}}}", new InvokeOptions { Timeout = TimeSpan.FromSeconds(10 + i) })).ToList();

        var polls = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => runtime.NextAsync()));
        var fourthPoll = runtime.NextAsync();
        await FakeRuntime.WaitUntilAsync(() => emulator.NextRequestTimes.Count == 4);

        Assert.Equal(3, emulator.InvocationsInFlight);
        Assert.Equal(3, emulator.PeakInvocationsInFlight);
        Assert.False(fourthPoll.IsCompleted);
        Assert.Equal(3, polls.Select(FakeRuntime.RequestId).Distinct().Count());
        Assert.Equal(3, polls.Select(poll => poll.Headers.GetValues(RuntimeApiContract.DeadlineHeader).Single()).Distinct().Count());
        Assert.All(invocations, invocation => Assert.False(invocation.IsCompleted));

        var first = FakeRuntime.RequestId(polls[0]);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await runtime.PostResponseAsync(first, "1")).StatusCode);
        var fourth = await fourthPoll;
        foreach (var id in polls.Skip(1).Append(fourth).Select(FakeRuntime.RequestId))
        {
            await runtime.PostResponseAsync(id, "2");
        }

        var results = await Task.WhenAll(invocations).WaitAsync(FakeRuntime.Deadline());
        Assert.All(results, result => Assert.True(result.IsSuccess));
        Assert.Equal(3, emulator.PeakInvocationsInFlight);
        Assert.Equal(0, emulator.InvocationsInFlight);
    }

    [Fact]
    public async Task An_on_demand_environment_hands_out_one_invocation_at_a_time()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);
        var invocations = new[] { emulator.InvokeAsync("1"), emulator.InvokeAsync("2") };

        var first = await runtime.NextAsync();
        var second = runtime.NextAsync();
        await FakeRuntime.WaitUntilAsync(() => emulator.NextRequestTimes.Count == 2);

        Assert.False(second.IsCompleted);
        await runtime.PostResponseAsync(FakeRuntime.RequestId(first), "1");
        await runtime.PostResponseAsync(FakeRuntime.RequestId(await second), "2");
        await Task.WhenAll(invocations).WaitAsync(FakeRuntime.Deadline());
        Assert.Equal(1, emulator.PeakInvocationsInFlight);
    }

    [Fact]
    public async Task A_process_polling_from_its_workers_runs_invocations_that_overlap()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { MaxConcurrency = 3, Timeout = TimeSpan.FromSeconds(20) });
        await using var process = LambdaProcess.Start(emulator, ConcurrentShellRuntime.Options());

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => emulator.InvokeAsync("\"slow\""))).WaitAsync(FakeRuntime.Deadline());

        Assert.Equal("3", process.Environment[LambdaEnvironmentVariables.MaxConcurrency]);
        Assert.All(results, result => Assert.True(result.IsSuccess, result.ToString()));
        Assert.Equal(3, results.Select(result => Encoding.UTF8.GetString(result.Payload.Span)).Distinct().Count());
        Assert.Equal(3, emulator.PeakInvocationsInFlight);
    }

    [Fact]
    public async Task A_timeout_fails_only_its_own_invocation_and_does_not_reset_the_environment()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { MaxConcurrency = 2, Timeout = TimeSpan.FromSeconds(20) });
        await using var process = LambdaProcess.Start(emulator, ConcurrentShellRuntime.Options());
        var processId = process.Id;

        var hung = emulator.InvokeAsync("\"hang\"", new InvokeOptions { Timeout = TimeSpan.FromSeconds(1) });
        var slow = emulator.InvokeAsync("\"slow\"");
        var timedOut = await hung.WaitAsync(FakeRuntime.Deadline());
        var answered = await slow.WaitAsync(FakeRuntime.Deadline());
        var after = await emulator.InvokeAsync("\"quick\"").WaitAsync(FakeRuntime.Deadline());

        Assert.Equal("Sandbox.Timedout", timedOut.Error?.ErrorType);
        Assert.True(answered.IsSuccess, answered.ToString());
        Assert.True(after.IsSuccess, after.ToString());
        Assert.Equal(0, process.Restarts);
        Assert.Equal(processId, process.Id);
    }

    [Fact]
    public async Task A_runtime_exit_fails_every_invocation_in_flight()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { MaxConcurrency = 2, Timeout = TimeSpan.FromSeconds(20) });
        await using var process = LambdaProcess.Start(emulator, ConcurrentShellRuntime.Options());

        var hung = emulator.InvokeAsync("\"hang\"");
        await FakeRuntime.WaitUntilAsync(() => emulator.InvocationsInFlight == 1);
        var crash = emulator.InvokeAsync("\"crash\"");
        var results = await Task.WhenAll(hung, crash).WaitAsync(FakeRuntime.Deadline());
        var after = await emulator.InvokeAsync("\"quick\"").WaitAsync(FakeRuntime.Deadline());

        Assert.All(results, result => Assert.Equal("Runtime.ExitError", result.Error?.ErrorType));
        Assert.True(after.IsSuccess, after.ToString());
        Assert.Equal(1, process.Restarts);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_601)]
    public async Task A_maximum_outside_Lambdas_range_is_refused(int maxConcurrency)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { MaxConcurrency = maxConcurrency }));
    }

    [Fact]
    public async Task Only_an_environment_with_concurrency_gets_the_variable()
    {
        await using var onDemand = await RuntimeApiEmulator.StartAsync();
        await using var managed = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { MaxConcurrency = 16 });

        Assert.DoesNotContain(LambdaEnvironmentVariables.MaxConcurrency, LambdaEnvironment.Create(onDemand, "handler").Keys);
        Assert.Equal("16", LambdaEnvironment.Create(managed, "handler")[LambdaEnvironmentVariables.MaxConcurrency]);
    }
}
