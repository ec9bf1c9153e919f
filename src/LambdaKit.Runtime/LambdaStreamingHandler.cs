namespace LambdaKit.Runtime;

/// <summary>
/// A function that streams its response: reads the event from <paramref name="payload"/> and writes the response to
/// <paramref name="response"/>, which sends it while the handler runs (see <see cref="LambdaResponseStream"/>).
/// Run it with <see cref="LambdaBootstrap.RunStreamingAsync(LambdaStreamingHandler, LambdaBootstrapOptions?, CancellationToken)"/>.
/// <paramref name="payload"/> is only valid until the returned task completes.
/// </summary>
public delegate ValueTask LambdaStreamingHandler(ReadOnlyMemory<byte> payload, ILambdaContext context, LambdaResponseStream response);
