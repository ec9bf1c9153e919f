using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Generators.Serialization;

namespace LambdaKit.Generators.Tests.Serialization;

/// <summary>The common event types (compiled from their source in LambdaKit.Runtime) against the reflection serializer.</summary>
public sealed class EventDifferentialTests
{
    private const string GlobalUsings = "global using System; global using System.Collections.Generic;";

    public static TheoryData<string, string> Samples() => new()
    {
        { "LambdaKit.Events.APIGatewayProxyRequest", "apigateway-v1-request.json" },
        { "LambdaKit.Events.APIGatewayProxyResponse", "apigateway-v1-response.json" },
        { "LambdaKit.Events.APIGatewayHttpApiV2ProxyRequest", "apigateway-v2-request.json" },
        { "LambdaKit.Events.ApplicationLoadBalancerRequest", "alb-request.json" },
        { "LambdaKit.Events.ApplicationLoadBalancerResponse", "alb-response.json" },
        { "LambdaKit.Events.SQSEvent", "sqs.json" },
        { "LambdaKit.Events.SNSEvent", "sns.json" },
        { "LambdaKit.Events.S3Event", "s3.json" },
        { "LambdaKit.Events.DynamoDBEvent", "dynamodb.json" },
        { "LambdaKit.Events.KinesisEvent", "kinesis.json" },
        { "LambdaKit.Events.EventBridgeEvent", "eventbridge.json" },
        { "LambdaKit.Events.EventBridgeEvent", "scheduled.json" },
        { "LambdaKit.Events.SQSBatchResponse", "batch-response.json" },
        { "LambdaKit.Events.StreamsEventResponse", "batch-response.json" },
    };

    private static readonly string[] AllEventTypes =
    [
        "LambdaKit.Events.APIGatewayProxyRequest", "LambdaKit.Events.APIGatewayProxyResponse", "LambdaKit.Events.APIGatewayHttpApiV2ProxyRequest",
        "LambdaKit.Events.APIGatewayHttpApiV2ProxyResponse", "LambdaKit.Events.ApplicationLoadBalancerRequest", "LambdaKit.Events.ApplicationLoadBalancerResponse",
        "LambdaKit.Events.SQSEvent", "LambdaKit.Events.SQSBatchResponse", "LambdaKit.Events.StreamsEventResponse", "LambdaKit.Events.SNSEvent",
        "LambdaKit.Events.S3Event", "LambdaKit.Events.DynamoDBEvent", "LambdaKit.Events.KinesisEvent", "LambdaKit.Events.EventBridgeEvent",
    ];

    public static TheoryData<string> EventTypes() => new(AllEventTypes);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_events_from_the_developer_guide_read_and_write_as_with_the_reflection_serializer(string type, string file)
    {
        using var harness = CreateHarness();
        var json = File.ReadAllText(RepositoryPaths.Combine("tests", "LambdaKit.Generators.Tests", "Serialization", "Events", file));

        Assert.True(Differential.AssertSame(harness, harness.Type(type), json), $"{file} was not readable as {type}.");
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Random_events_read_and_write_as_with_the_reflection_serializer(string type)
    {
        using var harness = CreateHarness();
        var random = new RandomJson(harness.Reflection, seed: type.Length * 7919);
        for (var i = 0; i < 100; i++)
        {
            _ = Differential.AssertSame(harness, harness.Type(type), random.Document(harness.Type(type)));
        }
    }

    [Fact]
    public void Every_event_type_is_fully_supported()
    {
        using var harness = CreateHarness();

        Assert.Empty(harness.Model.Unsupported);
    }

    [Fact]
    public void Every_event_object_type_is_written_through_a_SerializeHandler()
    {
        using var harness = CreateHarness();
        var objects = harness.Model.Types.Where(t => t.Kind == TypeSpecKind.Object).ToList();

        Assert.NotEmpty(objects);
        foreach (var type in objects)
        {
            Assert.True(Differential.SerializeHandler(harness.Generated, harness.Type(type.TypeName["global::".Length..])) is not null, $"{type.TypeName} has no SerializeHandler.");
        }
    }

    private static SerializerHarness CreateHarness()
    {
        var sources = Directory.GetFiles(RepositoryPaths.Combine("src", "LambdaKit.Runtime", "Events"), "*.cs")
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .Append(GlobalUsings);
        return SerializerHarness.Create(sources, AllEventTypes);
    }
}
