using System.Text.Json.Serialization;

namespace LambdaKit.Events;

// Wire format: DynamoDB Streams records (AWS Lambda Developer Guide, "Using AWS Lambda with Amazon DynamoDB", example
// event; reference/lambda-facts.md section 8). Attribute values use DynamoDB's typed JSON ({"N":"101"}, {"S":"..."}).

/// <summary>A batch of DynamoDB stream records.</summary>
public sealed record DynamoDBEvent
{
    [JsonPropertyName("Records")] public IReadOnlyList<DynamoDBStreamRecord>? Records { get; init; }
}

/// <summary>One stream record.</summary>
public sealed record DynamoDBStreamRecord
{
    [JsonPropertyName("eventID")] public string? EventId { get; init; }

    /// <summary><c>INSERT</c>, <c>MODIFY</c> or <c>REMOVE</c>.</summary>
    [JsonPropertyName("eventName")] public string? EventName { get; init; }

    [JsonPropertyName("eventVersion")] public string? EventVersion { get; init; }

    [JsonPropertyName("eventSource")] public string? EventSource { get; init; }

    [JsonPropertyName("awsRegion")] public string? AwsRegion { get; init; }

    [JsonPropertyName("eventSourceARN")] public string? EventSourceArn { get; init; }

    [JsonPropertyName("dynamodb")] public DynamoDBStreamChange? Dynamodb { get; init; }

    [JsonPropertyName("userIdentity")] public DynamoDBUserIdentity? UserIdentity { get; init; }
}

/// <summary>The change itself.</summary>
public sealed record DynamoDBStreamChange
{
    /// <summary>Seconds since the Unix epoch.</summary>
    [JsonPropertyName("ApproximateCreationDateTime")] public double? ApproximateCreationDateTime { get; init; }

    [JsonPropertyName("Keys")] public IReadOnlyDictionary<string, DynamoDBAttributeValue>? Keys { get; init; }

    [JsonPropertyName("NewImage")] public IReadOnlyDictionary<string, DynamoDBAttributeValue>? NewImage { get; init; }

    [JsonPropertyName("OldImage")] public IReadOnlyDictionary<string, DynamoDBAttributeValue>? OldImage { get; init; }

    [JsonPropertyName("SequenceNumber")] public string? SequenceNumber { get; init; }

    [JsonPropertyName("SizeBytes")] public long? SizeBytes { get; init; }

    /// <summary><c>KEYS_ONLY</c>, <c>NEW_IMAGE</c>, <c>OLD_IMAGE</c> or <c>NEW_AND_OLD_IMAGES</c>.</summary>
    [JsonPropertyName("StreamViewType")] public string? StreamViewType { get; init; }
}

/// <summary>A typed DynamoDB value: exactly one member is set. Numbers stay strings, as on the wire, so no precision is lost.</summary>
public sealed record DynamoDBAttributeValue
{
    [JsonPropertyName("S")] public string? S { get; init; }

    [JsonPropertyName("N")] public string? N { get; init; }

    /// <summary>Base64 text.</summary>
    [JsonPropertyName("B")] public string? B { get; init; }

    [JsonPropertyName("SS")] public IReadOnlyList<string>? SS { get; init; }

    [JsonPropertyName("NS")] public IReadOnlyList<string>? NS { get; init; }

    [JsonPropertyName("BS")] public IReadOnlyList<string>? BS { get; init; }

    [JsonPropertyName("M")] public IReadOnlyDictionary<string, DynamoDBAttributeValue>? M { get; init; }

    [JsonPropertyName("L")] public IReadOnlyList<DynamoDBAttributeValue>? L { get; init; }

    [JsonPropertyName("NULL")] public bool? Null { get; init; }

    [JsonPropertyName("BOOL")] public bool? Bool { get; init; }
}

/// <summary>Who made the change, for deletions by TTL (<c>Service</c>, <c>dynamodb.amazonaws.com</c>).</summary>
public sealed record DynamoDBUserIdentity
{
    [JsonPropertyName("type")] public string? Type { get; init; }

    [JsonPropertyName("principalId")] public string? PrincipalId { get; init; }
}
