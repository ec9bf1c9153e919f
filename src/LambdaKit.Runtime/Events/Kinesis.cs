using System.Text.Json.Serialization;

namespace LambdaKit.Events;

// Wire format: Kinesis Data Streams records (AWS Lambda Developer Guide, "Using AWS Lambda with Amazon Kinesis", example
// event; reference/lambda-facts.md section 8).

/// <summary>A batch of Kinesis records.</summary>
public sealed record KinesisEvent
{
    [JsonPropertyName("Records")] public IReadOnlyList<KinesisEventRecord>? Records { get; init; }
}

/// <summary>One record with its event metadata.</summary>
public sealed record KinesisEventRecord
{
    [JsonPropertyName("kinesis")] public KinesisRecord? Kinesis { get; init; }

    [JsonPropertyName("eventSource")] public string? EventSource { get; init; }

    [JsonPropertyName("eventVersion")] public string? EventVersion { get; init; }

    /// <summary><c>shardId-...:sequenceNumber</c>.</summary>
    [JsonPropertyName("eventID")] public string? EventId { get; init; }

    [JsonPropertyName("eventName")] public string? EventName { get; init; }

    [JsonPropertyName("invokeIdentityArn")] public string? InvokeIdentityArn { get; init; }

    [JsonPropertyName("awsRegion")] public string? AwsRegion { get; init; }

    [JsonPropertyName("eventSourceARN")] public string? EventSourceArn { get; init; }
}

/// <summary>The Kinesis record.</summary>
public sealed record KinesisRecord
{
    [JsonPropertyName("kinesisSchemaVersion")] public string? KinesisSchemaVersion { get; init; }

    [JsonPropertyName("partitionKey")] public string? PartitionKey { get; init; }

    [JsonPropertyName("sequenceNumber")] public string? SequenceNumber { get; init; }

    /// <summary>The payload as base64 text (decode with <see cref="Convert.FromBase64String(string)"/>).</summary>
    [JsonPropertyName("data")] public string? Data { get; init; }

    /// <summary>Seconds since the Unix epoch, with a fraction.</summary>
    [JsonPropertyName("approximateArrivalTimestamp")] public double ApproximateArrivalTimestamp { get; init; }

    [JsonPropertyName("encryptionType")] public string? EncryptionType { get; init; }
}
