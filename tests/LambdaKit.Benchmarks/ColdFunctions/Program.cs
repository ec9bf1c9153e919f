using System.Text.Json;
using LambdaKit.Benchmarks.Functions;
using LambdaKit.Events;
using LambdaKit.Generated;
using LambdaKit.Runtime;

namespace ColdFunctions;

/// <summary>
/// <c>raw-echo</c>: the payload bytes back as the response, straight on <see cref="LambdaBootstrap"/> (the code of
/// RawEcho). Without an argument: the generated registration, which runs the handler that <c>LAMBDAKIT_FUNCTION</c>
/// names; with <c>prepare-json</c>, after first using the typed handler's JSON metadata during init, as a runtime could.
/// </summary>
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["raw-echo"]:
                return RawEchoFunction.RunAsync();
            case ["prepare-json"]:
                // An empty request in and out: the root types' metadata is created, nested types' stays lazy.
                var request = JsonSerializer.Deserialize("{}"u8, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest)!;
                JsonSerializer.SerializeToUtf8Bytes(Handlers.Http(request), LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
                return LambdaFunctions.RunAsync();
            default:
                return LambdaFunctions.RunAsync();
        }
    }
}
