using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaKit.Events;

namespace LambdaKit.Runtime.Tests;

/// <summary>The init-time sample document of an event type: every property named, read back without an error.</summary>
public sealed class LambdaJsonSampleTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerOptions.Default);

    [Fact]
    public void The_api_gateway_sample_names_nested_objects_lists_dictionaries_and_reads_back()
    {
        var info = Options.GetTypeInfo(typeof(APIGatewayHttpApiV2ProxyRequest));

        var sample = LambdaJsonSample.For(info)!;

        var document = JsonNode.Parse(sample)!;
        Assert.Equal("s", (string?)document["requestContext"]!["http"]!["method"]);
        Assert.Equal("s", (string?)document["cookies"]![0]);
        Assert.Equal("s", (string?)document["headers"]!["k"]);
        Assert.True((bool)document["isBase64Encoded"]!);
        Assert.Equal(JsonValueKind.Object, document["requestContext"]!["authorizer"]!.GetValueKind());
        var read = JsonSerializer.Deserialize<APIGatewayHttpApiV2ProxyRequest>(sample, Options)!;
        Assert.Equal("s", read.RequestContext!.Http!.Method);
        Assert.Equal("s", read.Headers!["k"]);
    }

    [Fact]
    public void A_dictionary_of_objects_and_a_list_of_records_are_sampled_one_item_deep()
    {
        var sample = LambdaJsonSample.For(Options.GetTypeInfo(typeof(SQSEvent)))!;

        var read = JsonSerializer.Deserialize<SQSEvent>(sample, Options)!;
        var message = Assert.Single(read.Records!);
        Assert.Equal("s", message.Body);
        Assert.Equal("s", message.MessageAttributes!["k"].StringValue);
    }

    [Fact]
    public void A_type_not_declared_by_LambdaKit_has_no_sample_so_no_user_code_runs()
    {
        Assert.Null(LambdaJsonSample.For(Options.GetTypeInfo(typeof(UserRequest))));
        Assert.Null(LambdaJsonSample.For(Options.GetTypeInfo(typeof(string))));
    }

    private sealed record UserRequest(string Name);
}
