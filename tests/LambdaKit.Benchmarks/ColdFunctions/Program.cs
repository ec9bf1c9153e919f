using System.Buffers;
using LambdaKit.Generated;
using LambdaKit.Runtime;

namespace ColdFunctions;

/// <summary>
/// <c>raw-echo</c>: the payload bytes back as the response, straight on <see cref="LambdaBootstrap"/>. Without an
/// argument: the generated registration, which runs the handler that <c>LAMBDAKIT_FUNCTION</c> names.
/// </summary>
internal static class Program
{
    public const string RawEcho = "raw-echo";

    public static Task<int> Main(string[] args) => args is [RawEcho]
        ? LambdaBootstrap.RunAsync((payload, context, response) =>
        {
            response.Write(payload.Span);
            return ValueTask.CompletedTask;
        })
        : LambdaFunctions.RunAsync();
}
