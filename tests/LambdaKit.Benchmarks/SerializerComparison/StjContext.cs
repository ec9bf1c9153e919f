using System.Text.Json.Serialization;
using LambdaKit.Events;

namespace SerializerComparison;

/// <summary>System.Text.Json's source generator on the same types, with the options LambdaKit's context uses.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest))]
[JsonSerializable(typeof(SQSEvent))]
internal sealed partial class StjContext : JsonSerializerContext;
