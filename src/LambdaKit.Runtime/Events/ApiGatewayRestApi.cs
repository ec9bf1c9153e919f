using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaKit.Events;

// Wire format: API Gateway REST API proxy integration, payload format 1.0 (AWS Lambda Developer Guide, "Using AWS Lambda
// with Amazon API Gateway", event.json and the proxy integration response object; reference/lambda-facts.md section 8).

/// <summary>A REST API proxy integration request (payload format 1.0).</summary>
public sealed record APIGatewayProxyRequest
{
    [JsonPropertyName("resource")] public string? Resource { get; init; }

    [JsonPropertyName("path")] public string? Path { get; init; }

    [JsonPropertyName("httpMethod")] public string? HttpMethod { get; init; }

    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("multiValueHeaders")] public IReadOnlyDictionary<string, IReadOnlyList<string>>? MultiValueHeaders { get; init; }

    [JsonPropertyName("queryStringParameters")] public IReadOnlyDictionary<string, string>? QueryStringParameters { get; init; }

    [JsonPropertyName("multiValueQueryStringParameters")] public IReadOnlyDictionary<string, IReadOnlyList<string>>? MultiValueQueryStringParameters { get; init; }

    [JsonPropertyName("pathParameters")] public IReadOnlyDictionary<string, string>? PathParameters { get; init; }

    [JsonPropertyName("stageVariables")] public IReadOnlyDictionary<string, string>? StageVariables { get; init; }

    [JsonPropertyName("requestContext")] public APIGatewayProxyRequestContext? RequestContext { get; init; }

    [JsonPropertyName("body")] public string? Body { get; init; }

    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; init; }
}

/// <summary>The <c>requestContext</c> of a REST API proxy request.</summary>
public sealed record APIGatewayProxyRequestContext
{
    [JsonPropertyName("accountId")] public string? AccountId { get; init; }

    [JsonPropertyName("apiId")] public string? ApiId { get; init; }

    /// <summary>Authorizer output: its shape depends on the authorizer.</summary>
    [JsonPropertyName("authorizer")] public JsonElement? Authorizer { get; init; }

    [JsonPropertyName("domainName")] public string? DomainName { get; init; }

    [JsonPropertyName("domainPrefix")] public string? DomainPrefix { get; init; }

    [JsonPropertyName("extendedRequestId")] public string? ExtendedRequestId { get; init; }

    [JsonPropertyName("httpMethod")] public string? HttpMethod { get; init; }

    [JsonPropertyName("identity")] public APIGatewayRequestIdentity? Identity { get; init; }

    [JsonPropertyName("path")] public string? Path { get; init; }

    [JsonPropertyName("protocol")] public string? Protocol { get; init; }

    [JsonPropertyName("requestId")] public string? RequestId { get; init; }

    [JsonPropertyName("requestTime")] public string? RequestTime { get; init; }

    [JsonPropertyName("requestTimeEpoch")] public long RequestTimeEpoch { get; init; }

    [JsonPropertyName("resourceId")] public string? ResourceId { get; init; }

    [JsonPropertyName("resourcePath")] public string? ResourcePath { get; init; }

    [JsonPropertyName("stage")] public string? Stage { get; init; }
}

/// <summary>The caller identity of a REST API proxy request.</summary>
public sealed record APIGatewayRequestIdentity
{
    [JsonPropertyName("accessKey")] public string? AccessKey { get; init; }

    [JsonPropertyName("accountId")] public string? AccountId { get; init; }

    [JsonPropertyName("apiKey")] public string? ApiKey { get; init; }

    [JsonPropertyName("caller")] public string? Caller { get; init; }

    [JsonPropertyName("cognitoIdentityId")] public string? CognitoIdentityId { get; init; }

    [JsonPropertyName("sourceIp")] public string? SourceIp { get; init; }

    [JsonPropertyName("user")] public string? User { get; init; }

    [JsonPropertyName("userAgent")] public string? UserAgent { get; init; }

    [JsonPropertyName("userArn")] public string? UserArn { get; init; }
}

/// <summary>A REST API proxy integration response.</summary>
public sealed record APIGatewayProxyResponse
{
    [JsonPropertyName("statusCode")] public int StatusCode { get; init; }

    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string>? Headers { get; init; }

    [JsonPropertyName("multiValueHeaders")] public IReadOnlyDictionary<string, IReadOnlyList<string>>? MultiValueHeaders { get; init; }

    [JsonPropertyName("body")] public string? Body { get; init; }

    [JsonPropertyName("isBase64Encoded")] public bool IsBase64Encoded { get; init; }
}
