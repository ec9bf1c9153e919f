using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaKit.Events;

// Wire format: Amazon EventBridge (CloudWatch Events) events and scheduled events (AWS Lambda Developer Guide, "Using AWS
// Lambda with Amazon EventBridge"; reference/lambda-facts.md section 8). The seed's extra scheduled-event fields (tz, rule,
// repeat, ...) are an extraction artefact and are not modelled; unknown fields are ignored on read.

/// <summary>An EventBridge event; a scheduled event has <c>detail-type</c> <c>Scheduled Event</c> and an empty detail.</summary>
public sealed record EventBridgeEvent
{
    [JsonPropertyName("version")] public string? Version { get; init; }

    [JsonPropertyName("id")] public string? Id { get; init; }

    [JsonPropertyName("detail-type")] public string? DetailType { get; init; }

    [JsonPropertyName("source")] public string? Source { get; init; }

    [JsonPropertyName("account")] public string? Account { get; init; }

    [JsonPropertyName("time")] public DateTime Time { get; init; }

    [JsonPropertyName("region")] public string? Region { get; init; }

    [JsonPropertyName("resources")] public IReadOnlyList<string>? Resources { get; init; }

    /// <summary>The event's own payload: its shape depends on <see cref="Source"/> and <see cref="DetailType"/>.</summary>
    [JsonPropertyName("detail")] public JsonElement? Detail { get; init; }
}
