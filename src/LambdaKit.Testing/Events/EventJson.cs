using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaKit.Events;

namespace LambdaKit.Testing.Events;

/// <summary>The built events as JSON text, written with generated metadata; members that are null are left out, as Lambda's sources do.</summary>
internal static class EventJson
{
    public static string Write(SQSEvent value) => JsonSerializer.Serialize(value, EventJsonContext.Default.SQSEvent);

    public static string Write(APIGatewayHttpApiV2ProxyRequest value) => JsonSerializer.Serialize(value, EventJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SQSEvent))]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
