namespace LambdaKit.Runtime;

/// <summary>
/// A function that streams its response: reads the event from <paramref name="payload"/> and writes the response to
/// <paramref name="response"/>, which sends it while the handler runs (see <see cref="LambdaResponseStream"/>).
/// Run it with <see cref="LambdaBootstrap.RunStreamingAsync(LambdaStreamingHandler, LambdaBootstrapOptions?, CancellationToken)"/>.
/// <paramref name="payload"/> is only valid until the returned task completes.
/// </summary>
public delegate ValueTask LambdaStreamingHandler(ReadOnlyMemory<byte> payload, ILambdaContext context, LambdaResponseStream response);

/// <summary>
/// Lets a streaming handler go where a <see cref="LambdaHandler"/> is expected (the generated registration, an init
/// callback of <see cref="LambdaBootstrap.RunAsync(Func{LambdaInitContext, ValueTask{LambdaHandler}}, LambdaBootstrapOptions?, CancellationToken)"/>):
/// the bootstrap recognises the wrapped handler and runs it as a streaming one.
/// </summary>
public static class LambdaStreaming
{
    /// <summary>
    /// Wraps <paramref name="handler"/>. The result is only for the bootstrap: called directly it throws, since it
    /// needs the response stream the bootstrap gives it.
    /// </summary>
    public static LambdaHandler AsLambdaHandler(LambdaStreamingHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new Adapter(handler).Invoke;
    }

    /// <summary>The streaming handler <paramref name="handler"/> wraps, if it came from <see cref="AsLambdaHandler"/>.</summary>
    internal static LambdaStreamingHandler? Unwrap(LambdaHandler handler) => (handler.Target as Adapter)?.Handler;

    private sealed class Adapter(LambdaStreamingHandler handler)
    {
        public LambdaStreamingHandler Handler { get; } = handler;

        [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "An instance method, so that the delegate's target is this adapter, which the bootstrap looks for.")]
        public ValueTask Invoke(ReadOnlyMemory<byte> payload, ILambdaContext context, System.Buffers.IBufferWriter<byte> response) =>
            throw new InvalidOperationException("A streaming handler runs under LambdaBootstrap, which gives it its response stream.");
    }
}
