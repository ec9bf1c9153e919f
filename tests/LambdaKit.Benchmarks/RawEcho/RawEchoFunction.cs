using System.Buffers;
using LambdaKit.Runtime;

namespace LambdaKit.Benchmarks.Functions;

/// <summary>
/// The payload bytes back as the response, straight on <see cref="LambdaBootstrap"/>. One source for ColdFunctions'
/// <c>raw-echo</c> and the RawEcho program, so the concurrency part's before and after differ only in the runtime.
/// </summary>
internal static class RawEchoFunction
{
    public static Task<int> RunAsync() => LambdaBootstrap.RunAsync((payload, context, response) =>
    {
        response.Write(payload.Span);
        return ValueTask.CompletedTask;
    });
}
