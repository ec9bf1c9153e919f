using LambdaKit;
using LambdaKit.Events;

namespace ColdFunctions;

/// <summary>The two generated-registration functions: a Stream echo and a typed API Gateway HTTP API handler.</summary>
internal static class Handlers
{
    private static readonly IReadOnlyDictionary<string, string> JsonHeaders = new Dictionary<string, string> { ["content-type"] = "application/json" };

    [LambdaFunction(Name = "stream-echo")]
    public static Stream Echo(Stream payload)
    {
        var copy = new MemoryStream();
        payload.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    /// <summary>Answers with the request's body, as an API that stores what it is sent and returns it would.</summary>
    [LambdaFunction(Name = "apigw")]
    public static APIGatewayHttpApiV2ProxyResponse Http(APIGatewayHttpApiV2ProxyRequest request) =>
        new() { StatusCode = 200, Headers = JsonHeaders, Body = request.Body };
}
