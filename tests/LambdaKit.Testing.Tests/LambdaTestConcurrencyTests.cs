using TestFunctions;

namespace LambdaKit.Testing.Tests;

/// <summary>Issue 13: invocations overlapping in one in-process execution environment through <see cref="LambdaTest"/>.</summary>
public sealed class LambdaTestConcurrencyTests
{
    [Fact]
    public async Task Invocations_run_at_once_in_one_environment_with_MaxConcurrency()
    {
        await using var function = await LambdaTest.StartAsync(typeof(Rendezvous), "meet", new LambdaTestOptions { MaxConcurrency = 4 });
        var meeting = new Meeting(Guid.NewGuid().ToString("N"), 4);

        int[] seen = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => function.InvokeAsync<Meeting, int>(meeting)));

        // Each returned only after all four were inside the handler at the same time.
        Assert.All(seen, count => Assert.Equal(4, count));
        Assert.Equal(4, function.Emulator.PeakInvocationsInFlight);
    }

    [Fact]
    public async Task The_attribute_s_MaxConcurrency_is_the_environment_s_when_the_test_sets_none()
    {
        await using var function = await LambdaTest.StartAsync(typeof(Rendezvous), "meet-in-fours");
        var meeting = new Meeting(Guid.NewGuid().ToString("N"), 4);

        int[] seen = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => function.InvokeAsync<Meeting, int>(meeting)));

        Assert.All(seen, count => Assert.Equal(4, count));
        Assert.Equal(4, function.Emulator.PeakInvocationsInFlight);
        Assert.Equal(4, function.Function.MaxConcurrency);
    }
}
