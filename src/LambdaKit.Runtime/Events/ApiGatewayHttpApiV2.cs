using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaKit.Events;

// Wire format: API Gateway HTTP API payload format 2.0 (AWS Lambda Developer Guide, "Using AWS Lambda with Amazon API
// Gateway", example event-v2.json; reference/lambda-facts.md section 8). Property names match the wire exactly.

/// <summary>An HTTP API (payload format 2.0) request.</summary>
public sealed record APIGatewayHttpApiV2ProxyRequest
{
    [JsonPropertyName("version")] public string? Version { get; init; }

    [JsonPropertyName("routeKey")] public string? RouteKey { get; init; }

    [JsonPropertyName("rawPath")] public string? RawPath { get; init; }

    [JsonPropertyName("rawQueryString")] public string? RawQueryString { get; init; }

    [JsonPropertyName("cookies")] public IReadOnlyList<string>? Cookies { get; init; }

    /// <summary>Headers; repeated headers arrive joined with commas.</summary>
    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("queryStringParameters")] public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }

    [JsonPropertyName("pathParameters")] public IReadOnlyDictionary<string, string>? PathParameters { get; init; }

    [JsonPropertyName("stageVariables")] public IReadOnlyDictionary<string, string>? StageVariables { get; init; }

    [JsonPropertyName("requestContext")] public APIGatewayHttpApiV2RequestContext? RequestContext { get; init; }

    [JsonPropertyName("body")] public string? Body { get; init; }

    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; init; }
}

/// <summary>The <c>requestContext</c> of an HTTP API request.</summary>
public sealed record APIGatewayHttpApiV2RequestContext
{
    [JsonPropertyName("accountId")] public string? AccountId { get; init; }

    [JsonPropertyName("apiId")] public string? ApiId { get; init; }

    /// <summary>Authorizer output (JWT claims, Lambda authorizer context, IAM identity): its shape depends on the authorizer.</summary>
    [JsonPropertyName("authorizer")] public JsonElement? Authorizer { get; init; }

    [JsonPropertyName("domainName")] public string? DomainName { get; init; }

    [JsonPropertyName("domainPrefix")] public string? DomainPrefix { get; init; }

    [JsonPropertyName("http")] public APIGatewayHttpApiV2HttpDescription? Http { get; init; }

    [JsonPropertyName("requestId")] public string? RequestId { get; init; }

    [JsonPropertyName("routeKey")] public string? RouteKey { get; init; }

    [JsonPropertyName("stage")] public string? Stage { get; init; }

    /// <summary>Request time as API Gateway writes it (<c>10/Mar/2020:05:16:23 +0000</c>), not ISO 8601.</summary>
    [JsonPropertyName("time")] public string? Time { get; init; }

    /// <summary>Request time in milliseconds since the Unix epoch.</summary>
    [JsonPropertyName("timeEpoch")] public long TimeEpoch { get; init; }
}

/// <summary>The <c>requestContext.http</c> of an HTTP API request.</summary>
public sealed record APIGatewayHttpApiV2HttpDescription
{
    [JsonPropertyName("method")] public string? Method { get; init; }

    [JsonPropertyName("path")] public string? Path { get; init; }

    [JsonPropertyName("protocol")] public string? Protocol { get; init; }

    [JsonPropertyName("sourceIp")] public string? SourceIp { get; init; }

    [JsonPropertyName("userAgent")] public string? UserAgent { get; init; }
}

/// <summary>An HTTP API (payload format 2.0) response.</summary>
public sealed record APIGatewayHttpApiV2ProxyResponse
{
    [JsonPropertyName("statusCode")] public int StatusCode { get; init; }

    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("cookies")] public IReadOnlyList<string>? Cookies { get; init; }

    [JsonPropertyName("body")] public string? Body { get; init; }

    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; init; }
}
