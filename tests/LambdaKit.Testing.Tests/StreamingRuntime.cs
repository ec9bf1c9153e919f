using LambdaKit.Runtime;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing.Tests;

/// <summary>The real LambdaKit runtime loop with a streaming handler, in-process against an emulator, until disposed.</summary>
internal sealed class StreamingRuntime : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int> _run;

    public StreamingRuntime(RuntimeApiEmulator emulator, LambdaStreamingHandler handler)
    {
        var options = new LambdaBootstrapOptions
        {
            EnvironmentVariables = new Dictionary<string, string> { [LambdaEnvironmentVariables.RuntimeApi] = emulator.RuntimeApiAddress },
            LogOutput = Stream.Null,
            HandleTerminationSignal = false,
        };
        _run = LambdaBootstrap.RunStreamingAsync(handler, options, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(FakeRuntime.Patience);
        _stop.Dispose();
    }
}
