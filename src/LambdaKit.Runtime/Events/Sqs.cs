using System.Text.Json.Serialization;

namespace LambdaKit.Events;

// Wire format: Amazon SQS event source mapping (AWS Lambda Developer Guide, "Using Lambda with Amazon SQS", standard and
// FIFO message events; reference/lambda-facts.md section 8). The partial batch response shape is section 8.1.

/// <summary>A batch of SQS messages.</summary>
public sealed record SQSEvent
{
    [JsonPropertyName("Records")] public IReadOnlyList<SQSMessage>? Records { get; init; }
}

/// <summary>One SQS message.</summary>
public sealed record SQSMessage
{
    [JsonPropertyName("messageId")] public string? MessageId { get; init; }

    [JsonPropertyName("receiptHandle")] public string? ReceiptHandle { get; init; }

    [JsonPropertyName("body")] public string? Body { get; init; }

    /// <summary>System attributes (<c>ApproximateReceiveCount</c>, <c>SentTimestamp</c>, ...); every value is a string on the wire.</summary>
    [JsonPropertyName("attributes")] public IReadOnlyDictionary<string, string>? Attributes { get; init; }

    [JsonPropertyName("messageAttributes")] public IReadOnlyDictionary<string, SQSMessageAttributeValue>? MessageAttributes { get; init; }

    [JsonPropertyName("md5OfBody")] public string? Md5OfBody { get; init; }

    [JsonPropertyName("md5OfMessageAttributes")] public string? Md5OfMessageAttributes { get; init; }

    [JsonPropertyName("eventSource")] public string? EventSource { get; init; }

    [JsonPropertyName("eventSourceARN")] public string? EventSourceArn { get; init; }

    [JsonPropertyName("awsRegion")] public string? AwsRegion { get; init; }
}

/// <summary>A user message attribute.</summary>
public sealed record SQSMessageAttributeValue
{
    [JsonPropertyName("stringValue")] public string? StringValue { get; init; }

    /// <summary>Base64 text.</summary>
    [JsonPropertyName("binaryValue")] public string? BinaryValue { get; init; }

    [JsonPropertyName("stringListValues")] public IReadOnlyList<string>? StringListValues { get; init; }

    [JsonPropertyName("binaryListValues")] public IReadOnlyList<string>? BinaryListValues { get; init; }

    [JsonPropertyName("dataType")] public string? DataType { get; init; }
}

/// <summary>A partial batch response for SQS: the messages listed are retried, the rest are deleted.</summary>
public sealed record SQSBatchResponse
{
    [JsonPropertyName("batchItemFailures")] public IReadOnlyList<BatchItemFailure>? BatchItemFailures { get; init; }
}

/// <summary>A partial batch response for Kinesis and DynamoDB streams.</summary>
public sealed record StreamsEventResponse
{
    [JsonPropertyName("batchItemFailures")] public IReadOnlyList<BatchItemFailure>? BatchItemFailures { get; init; }
}

/// <summary>One failed item: the SQS message id, or the stream record's sequence number.</summary>
public sealed record BatchItemFailure
{
    [JsonPropertyName("itemIdentifier")] public string? ItemIdentifier { get; init; }
}
