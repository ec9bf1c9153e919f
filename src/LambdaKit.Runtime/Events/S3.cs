using System.Text.Json.Serialization;

namespace LambdaKit.Events;

// Wire format: Amazon S3 event notifications (AWS Lambda Developer Guide, "Using AWS Lambda with Amazon S3", example
// event; reference/lambda-facts.md section 8).

/// <summary>S3 event notifications.</summary>
public sealed record S3Event
{
    [JsonPropertyName("Records")] public IReadOnlyList<S3EventRecord>? Records { get; init; }
}

/// <summary>One notification.</summary>
public sealed record S3EventRecord
{
    [JsonPropertyName("eventVersion")] public string? EventVersion { get; init; }

    [JsonPropertyName("eventSource")] public string? EventSource { get; init; }

    [JsonPropertyName("awsRegion")] public string? AwsRegion { get; init; }

    [JsonPropertyName("eventTime")] public DateTime EventTime { get; init; }

    /// <summary>For example <c>ObjectCreated:Put</c>.</summary>
    [JsonPropertyName("eventName")] public string? EventName { get; init; }

    [JsonPropertyName("userIdentity")] public S3UserIdentity? UserIdentity { get; init; }

    [JsonPropertyName("requestParameters")] public S3RequestParameters? RequestParameters { get; init; }

    /// <summary><c>x-amz-request-id</c> and <c>x-amz-id-2</c>.</summary>
    [JsonPropertyName("responseElements")] public IReadOnlyDictionary<string, string>? ResponseElements { get; init; }

    [JsonPropertyName("s3")] public S3Entity? S3 { get; init; }
}

/// <summary>A principal.</summary>
public sealed record S3UserIdentity
{
    [JsonPropertyName("principalId")] public string? PrincipalId { get; init; }
}

/// <summary>The request that caused the event.</summary>
public sealed record S3RequestParameters
{
    [JsonPropertyName("sourceIPAddress")] public string? SourceIPAddress { get; init; }
}

/// <summary>The bucket and object.</summary>
public sealed record S3Entity
{
    [JsonPropertyName("s3SchemaVersion")] public string? S3SchemaVersion { get; init; }

    [JsonPropertyName("configurationId")] public string? ConfigurationId { get; init; }

    [JsonPropertyName("bucket")] public S3Bucket? Bucket { get; init; }

    [JsonPropertyName("object")] public S3Object? S3Object { get; init; }
}

/// <summary>The bucket.</summary>
public sealed record S3Bucket
{
    [JsonPropertyName("name")] public string? Name { get; init; }

    [JsonPropertyName("ownerIdentity")] public S3UserIdentity? OwnerIdentity { get; init; }

    [JsonPropertyName("arn")] public string? Arn { get; init; }
}

/// <summary>The object.</summary>
public sealed record S3Object
{
    /// <summary>URL-encoded object key.</summary>
    [JsonPropertyName("key")] public string? Key { get; init; }

    [JsonPropertyName("size")] public long? Size { get; init; }

    [JsonPropertyName("eTag")] public string? ETag { get; init; }

    [JsonPropertyName("versionId")] public string? VersionId { get; init; }

    [JsonPropertyName("sequencer")] public string? Sequencer { get; init; }
}
