using LambdaKit;
using LambdaKit.Events;

namespace TestFunctions;

/// <summary>An SQS consumer that reports the messages whose body is <c>bad</c> as failed (a partial batch response).</summary>
public static class Drains
{
    [LambdaFunction(Name = "drain")]
    public static SQSBatchResponse Drain(SQSEvent batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var failures = (batch.Records ?? [])
            .Where(message => message.Body == "bad")
            .Select(message => new BatchItemFailure { ItemIdentifier = message.MessageId })
            .ToList();
        return new SQSBatchResponse { BatchItemFailures = failures };
    }
}

/// <summary>An HTTP API route: <c>GET /orders/{id}</c>.</summary>
public static class OrdersApi
{
    [LambdaFunction(Name = "get-order")]
    public static APIGatewayHttpApiV2ProxyResponse Get(APIGatewayHttpApiV2ProxyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.PathParameters?.GetValueOrDefault("id");
        return id is null
            ? new APIGatewayHttpApiV2ProxyResponse { StatusCode = 404 }
            : new APIGatewayHttpApiV2ProxyResponse { StatusCode = 200, Body = $"order {id} for {request.Headers?.GetValueOrDefault("x-customer")}" };
    }
}
