using System.Text.Json.Serialization;

namespace LambdaKit.Events;

// Wire format: Application Load Balancer target events (AWS Lambda Developer Guide, "Using AWS Lambda with an Application
// Load Balancer", request event and response document; reference/lambda-facts.md section 8). Multi-value fields are sent
// instead of the single-value ones when the target group enables multi-value headers.

/// <summary>A request forwarded by an Application Load Balancer.</summary>
public sealed record ApplicationLoadBalancerRequest
{
    [JsonPropertyName("requestContext")] public ApplicationLoadBalancerRequestContext? RequestContext { get; init; }

    [JsonPropertyName("httpMethod")] public string? HttpMethod { get; init; }

    [JsonPropertyName("path")] public string? Path { get; init; }

    [JsonPropertyName("queryStringParameters")] public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }

    [JsonPropertyName("multiValueQueryStringParameters")] public IReadOnlyDictionary<string, IReadOnlyList<string>>? MultiValueQueryStringParameters { get; init; }

    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("multiValueHeaders")] public IReadOnlyDictionary<string, IReadOnlyList<string>>? MultiValueHeaders { get; init; }

    [JsonPropertyName("body")] public string? Body { get; init; }

    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; init; }
}

/// <summary>The <c>requestContext</c> of a load balancer request.</summary>
public sealed record ApplicationLoadBalancerRequestContext
{
    [JsonPropertyName("elb")] public ApplicationLoadBalancerElbContext? Elb { get; init; }
}

/// <summary>The <c>requestContext.elb</c> of a load balancer request.</summary>
public sealed record ApplicationLoadBalancerElbContext
{
    [JsonPropertyName("targetGroupArn")] public string? TargetGroupArn { get; init; }
}

/// <summary>The response document returned to an Application Load Balancer.</summary>
public sealed record ApplicationLoadBalancerResponse
{
    [JsonPropertyName("statusCode")] public int StatusCode { get; init; }

    /// <summary>For example <c>200 OK</c>.</summary>
    [JsonPropertyName("statusDescription")] public string? StatusDescription { get; init; }

    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("multiValueHeaders")] public IReadOnlyDictionary<string, IReadOnlyList<string>>? MultiValueHeaders { get; init; }

    [JsonPropertyName("body")] public string? Body { get; init; }

    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; init; }
}
