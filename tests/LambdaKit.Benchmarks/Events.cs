using System.Text;
using System.Text.Json.Nodes;

namespace LambdaKit.Benchmarks;

/// <summary>The events the throughput benchmark sends.</summary>
internal static class Events
{
    /// <summary>
    /// An API Gateway HTTP API (payload format 2.0) request, the shape of most synchronous invocations.
    /// Lambda delivers events as compact JSON, so the indentation here is removed.
    /// </summary>
    public static readonly BenchmarkEvent ApiGatewayV2 = new("API Gateway v2", Compact("""
        {
          "version": "2.0",
          "routeKey": "POST /orders/{orderId}/items",
          "rawPath": "/prod/orders/8f14e45f-ceea-467f-a0e6-3c2b9a1d0b7e/items",
          "rawQueryString": "expand=product&limit=25",
          "cookies": ["session=6f1ed002ab5595859014ebf0951522d9", "theme=dark"],
          "headers": {
            "accept": "application/json",
            "accept-encoding": "gzip, deflate, br",
            "authorization": "Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl",
            "content-length": "58",
            "content-type": "application/json",
            "host": "r3pmxmplak.execute-api.us-east-1.amazonaws.com",
            "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
            "x-amzn-trace-id": "Root=1-66f1a2b3-4c5d6e7f8091a2b3c4d5e6f7",
            "x-forwarded-for": "203.0.113.42",
            "x-forwarded-port": "443",
            "x-forwarded-proto": "https"
          },
          "queryStringParameters": { "expand": "product", "limit": "25" },
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "r3pmxmplak",
            "authorizer": {
              "jwt": {
                "claims": { "sub": "1234567890", "scope": "orders:write", "iss": "https://auth.example.com/" },
                "scopes": ["orders:write"]
              }
            },
            "domainName": "r3pmxmplak.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "r3pmxmplak",
            "http": {
              "method": "POST",
              "path": "/prod/orders/8f14e45f-ceea-467f-a0e6-3c2b9a1d0b7e/items",
              "protocol": "HTTP/1.1",
              "sourceIp": "203.0.113.42",
              "userAgent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
            },
            "requestId": "JKJaXmPLvHcESHA=",
            "routeKey": "POST /orders/{orderId}/items",
            "stage": "prod",
            "time": "23/Nov/2026:09:14:27 +0000",
            "timeEpoch": 1795338867123
          },
          "pathParameters": { "orderId": "8f14e45f-ceea-467f-a0e6-3c2b9a1d0b7e" },
          "stageVariables": { "tableName": "orders-prod" },
          "body": "{\"productId\":\"sku-12345\",\"quantity\":2,\"giftWrap\":false}",
          "isBase64Encoded": false
        }
        """));

    /// <summary>An SQS event of two messages: the AWS Lambda Developer Guide's sample (as in the generator tests), compacted.</summary>
    public static readonly BenchmarkEvent Sqs = new("SQS", Compact("""
        {
            "Records": [
                {
                    "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
                    "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
                    "body": "Test message.",
                    "attributes": {
                        "ApproximateReceiveCount": "1",
                        "SentTimestamp": "1545082649183",
                        "SenderId": "AIDAIEQZJLO23YVJ4VO",
                        "ApproximateFirstReceiveTimestamp": "1545082649185"
                    },
                    "messageAttributes": {},
                    "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
                    "eventSource": "aws:sqs",
                    "eventSourceARN": "arn:aws:sqs:us-east-2:123456789012:my-queue",
                    "awsRegion": "us-east-2"
                },
                {
                    "messageId": "2e1424d4-f796-459a-8184-9c92662be6da",
                    "receiptHandle": "AQEBzWwaftRI0KuVm4tP+/7q1rGgNqicHq...",
                    "body": "Test message.",
                    "attributes": {
                        "ApproximateReceiveCount": "1",
                        "SentTimestamp": "1545082650636",
                        "SenderId": "AIDAIEQZJLO23YVJ4VO",
                        "ApproximateFirstReceiveTimestamp": "1545082650649"
                    },
                    "messageAttributes": {},
                    "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3",
                    "eventSource": "aws:sqs",
                    "eventSourceARN": "arn:aws:sqs:us-east-2:123456789012:my-queue",
                    "awsRegion": "us-east-2"
                }
            ]
        }
        """));

    /// <summary>A minimal event, where the loop's fixed per-invocation cost dominates.</summary>
    public static readonly BenchmarkEvent Small = new("small", """{"name":"World"}"""u8.ToArray());

    private static byte[] Compact(string json) => Encoding.UTF8.GetBytes(JsonNode.Parse(json)!.ToJsonString());
}

internal sealed record BenchmarkEvent(string Name, byte[] Payload);
