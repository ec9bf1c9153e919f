using System.Text.Json.Serialization;

namespace LambdaKit.Events;

// Wire format: Amazon SNS notifications (AWS Lambda Developer Guide, "Using AWS Lambda with Amazon SNS", example message
// event; reference/lambda-facts.md section 8). SNS spells its fields in PascalCase.

/// <summary>SNS notifications delivered to a function.</summary>
public sealed record SNSEvent
{
    [JsonPropertyName("Records")] public IReadOnlyList<SNSRecord>? Records { get; init; }
}

/// <summary>One delivery.</summary>
public sealed record SNSRecord
{
    [JsonPropertyName("EventVersion")] public string? EventVersion { get; init; }

    [JsonPropertyName("EventSubscriptionArn")] public string? EventSubscriptionArn { get; init; }

    [JsonPropertyName("EventSource")] public string? EventSource { get; init; }

    [JsonPropertyName("Sns")] public SNSMessage? Sns { get; init; }
}

/// <summary>The notification itself.</summary>
public sealed record SNSMessage
{
    [JsonPropertyName("SignatureVersion")] public string? SignatureVersion { get; init; }

    [JsonPropertyName("Timestamp")] public DateTime Timestamp { get; init; }

    [JsonPropertyName("Signature")] public string? Signature { get; init; }

    [JsonPropertyName("SigningCertUrl")] public string? SigningCertUrl { get; init; }

    [JsonPropertyName("MessageId")] public string? MessageId { get; init; }

    [JsonPropertyName("Message")] public string? Message { get; init; }

    [JsonPropertyName("MessageAttributes")] public IReadOnlyDictionary<string, SNSMessageAttributeValue>? MessageAttributes { get; init; }

    [JsonPropertyName("Type")] public string? Type { get; init; }

    [JsonPropertyName("UnsubscribeUrl")] public string? UnsubscribeUrl { get; init; }

    [JsonPropertyName("TopicArn")] public string? TopicArn { get; init; }

    [JsonPropertyName("Subject")] public string? Subject { get; init; }
}

/// <summary>A message attribute.</summary>
public sealed record SNSMessageAttributeValue
{
    [JsonPropertyName("Type")] public string? Type { get; init; }

    [JsonPropertyName("Value")] public string? Value { get; init; }
}
