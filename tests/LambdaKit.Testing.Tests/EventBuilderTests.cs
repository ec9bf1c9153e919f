using System.Text.Json;
using LambdaKit.Events;
using LambdaKit.Testing.Events;
using TestFunctions;

namespace LambdaKit.Testing.Tests;

/// <summary>The ready-made events: their wire shape, and a typed invocation of functions that take them.</summary>
public sealed class EventBuilderTests
{
    [Fact]
    public void An_SQS_batch_has_N_messages_with_distinct_ids_the_queue_ARN_and_the_MD5_of_each_body()
    {
        var batch = new SqsEventBuilder("orders", "eu-west-1", "111122223333").AddMessages(3, i => i == 0 ? "hello" : "m" + i).Build();

        Assert.Equal(3, batch.Records!.Count);
        Assert.Equal(3, batch.Records.Select(message => message.MessageId).Distinct().Count());
        Assert.All(batch.Records, message => Assert.Equal("arn:aws:sqs:eu-west-1:111122223333:orders", message.EventSourceArn));
        Assert.All(batch.Records, message => Assert.Equal("aws:sqs", message.EventSource));
        Assert.All(batch.Records, message => Assert.Equal("1", message.Attributes!["ApproximateReceiveCount"]));
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", batch.Records[0].Md5OfBody);
        Assert.Equal(["hello", "m1", "m2"], batch.Records.Select(message => message.Body));
    }

    [Fact]
    public void The_SQS_JSON_uses_the_wire_names()
    {
        var json = new SqsEventBuilder().AddMessage("x", new Dictionary<string, string> { ["kind"] = "test" }).ToJson();

        using var document = JsonDocument.Parse(json);
        var message = document.RootElement.GetProperty("Records")[0];
        Assert.Equal("x", message.GetProperty("body").GetString());
        Assert.Equal("arn:aws:sqs:us-east-1:123456789012:test-queue", message.GetProperty("eventSourceARN").GetString());
        Assert.Equal("test", message.GetProperty("messageAttributes").GetProperty("kind").GetProperty("stringValue").GetString());
        Assert.Equal("String", message.GetProperty("messageAttributes").GetProperty("kind").GetProperty("dataType").GetString());
    }

    [Fact]
    public void An_HTTP_API_request_for_a_route_has_its_route_key_path_parameters_query_and_lowercase_headers()
    {
        var request = new HttpApiRequestBuilder("post", "/orders/42/lines?expand=items&expand=notes&q=a%20b")
            .WithRoute("/orders/{id}/lines")
            .WithHeader("X-Customer", "ada")
            .WithHeader("x-customer", "grace")
            .WithCookie("session=1")
            .WithBody("""{"item":"tea"}""")
            .Build();

        Assert.Equal("2.0", request.Version);
        Assert.Equal("POST /orders/{id}/lines", request.RouteKey);
        Assert.Equal("POST /orders/{id}/lines", request.RequestContext!.RouteKey);
        Assert.Equal("POST", request.RequestContext.Http!.Method);
        Assert.Equal("/orders/42/lines", request.RawPath);
        Assert.Equal("expand=items&expand=notes&q=a%20b", request.RawQueryString);
        Assert.Equal("42", request.PathParameters!["id"]);
        Assert.Equal("items,notes", request.QueryStringParameters!["expand"]);
        Assert.Equal("a b", request.QueryStringParameters["q"]);
        Assert.Equal("ada,grace", request.Headers!["x-customer"]);
        Assert.Equal("application/json", request.Headers["content-type"]);
        Assert.Equal("14", request.Headers["content-length"]);
        Assert.Equal(["session=1"], request.Cookies!);
        Assert.False(request.IsBase64Encoded);
    }

    [Fact]
    public void A_greedy_route_takes_the_rest_of_the_path_a_binary_body_is_base64_and_a_path_off_the_route_is_refused()
    {
        var request = new HttpApiRequestBuilder("PUT", "/files/a/b.txt").WithRoute("/files/{proxy+}").WithBody([1, 2, 3], "application/octet-stream").Build();
        var unrouted = new HttpApiRequestBuilder("GET", "/").Build();
        var mismatch = Assert.Throws<ArgumentException>(() => new HttpApiRequestBuilder("GET", "/users/1").WithRoute("/orders/{id}"));

        Assert.Equal("a/b.txt", request.PathParameters!["proxy"]);
        Assert.Equal("AQID", request.Body);
        Assert.True(request.IsBase64Encoded);
        Assert.Equal("$default", unrouted.RouteKey);
        Assert.Null(unrouted.PathParameters);
        Assert.Null(unrouted.QueryStringParameters);
        Assert.StartsWith("The path '/users/1' does not match the route '/orders/{id}'.", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_HTTP_API_JSON_leaves_out_what_is_not_there()
    {
        using var document = JsonDocument.Parse(new HttpApiRequestBuilder("GET", "/health").ToJson());

        Assert.Equal("/health", document.RootElement.GetProperty("rawPath").GetString());
        Assert.Equal("GET", document.RootElement.GetProperty("requestContext").GetProperty("http").GetProperty("method").GetString());
        Assert.False(document.RootElement.TryGetProperty("body", out _));
        Assert.False(document.RootElement.TryGetProperty("pathParameters", out _));
    }

    [Fact]
    public async Task A_function_gets_the_built_SQS_batch_and_answers_with_a_partial_batch_response()
    {
        await using var function = await LambdaTest.StartAsync(typeof(Drains));
        var batch = new SqsEventBuilder().AddMessages(4, i => i % 2 == 0 ? "good" : "bad").Build();

        var response = await function.InvokeAsync<SQSEvent, SQSBatchResponse>(batch).WaitAsync(FakeRuntime.Deadline());

        Assert.Equal([batch.Records![1].MessageId, batch.Records[3].MessageId], response.BatchItemFailures!.Select(failure => failure.ItemIdentifier));
    }

    [Fact]
    public async Task A_function_gets_the_built_HTTP_API_request()
    {
        await using var function = await LambdaTest.StartAsync(typeof(OrdersApi));
        var request = new HttpApiRequestBuilder("GET", "/orders/42").WithRoute("/orders/{id}").WithHeader("X-Customer", "ada").Build();

        var response = await function.InvokeAsync<APIGatewayHttpApiV2ProxyRequest, APIGatewayHttpApiV2ProxyResponse>(request).WaitAsync(FakeRuntime.Deadline());

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("order 42 for ada", response.Body);
    }
}
