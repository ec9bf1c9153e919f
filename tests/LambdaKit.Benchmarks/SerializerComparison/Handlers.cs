using LambdaKit;
using LambdaKit.Events;

namespace SerializerComparison;

/// <summary>
/// Handlers that take and return the measured event types, so LambdaKit's generator describes them in
/// LambdaJsonContext (default mode: no user context). Never invoked; the program has its own Main.
/// </summary>
internal static class Handlers
{
    [LambdaFunction]
    public static APIGatewayHttpApiV2ProxyRequest Http(APIGatewayHttpApiV2ProxyRequest request) => request;

    [LambdaFunction]
    public static SQSEvent Queue(SQSEvent batch) => batch;
}
