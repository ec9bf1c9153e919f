using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace LambdaKit.EndToEnd.Tests;

/// <summary>The published native HelloAot as a Managed Instances environment: invocations overlap in one process.</summary>
[Collection(HelloAotGroup.Name)]
public sealed class ConcurrencyTests(PublishedHelloAot published, ITestOutputHelper output)
{
    private const int Workers = 4;

    [Fact]
    public async Task Four_waiting_invocations_overlap_with_AWS_LAMBDA_MAX_CONCURRENCY_4()
    {
        await using var host = await NativeFunctionHost.StartAsync(published, maxConcurrency: Workers);
        using var timeout = new CancellationTokenSource(NativeFunctionHost.InvocationTimeout * 2);

        // Every worker is polling before the clock starts: the native start-up is not part of the overlap.
        await host.Emulator.WaitForNextRequestAsync(Workers, timeout.Token);
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, Workers)
            .Select(i => host.Emulator.InvokeAsync($$"""{"name":"worker {{i}}","delayMs":1000}""").WaitAsync(timeout.Token)));
        clock.Stop();
        output.WriteLine($"{Workers} invocations of 1 s each took {clock.Elapsed.TotalSeconds:F2} s");

        Assert.All(results, result => Assert.True(result.IsSuccess, result.PayloadAsString));
        var requestIds = results.Select(result => JsonDocument.Parse(result.PayloadAsString).RootElement.GetProperty("requestId").GetString()).ToHashSet();
        Assert.Equal(Workers, requestIds.Count);
        Assert.Equal(Workers, host.Emulator.PeakInvocationsInFlight);

        // One after another they could not take less than 4 s: under it, the waits overlapped.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(Workers), $"took {clock.Elapsed.TotalSeconds:F2} s");
    }
}
