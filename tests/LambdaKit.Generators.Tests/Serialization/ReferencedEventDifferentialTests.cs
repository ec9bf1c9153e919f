using System.Reflection;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Tests.Serialization;

/// <summary>
/// The event types as users get them: from the built net8.0 LambdaKit.Runtime.dll through a metadata reference, so their
/// <c>init</c> setters are reached across assemblies through <c>[UnsafeAccessor]</c>, against the reflection serializer.
/// </summary>
public sealed class ReferencedEventDifferentialTests
{
    private const string Handler = """
        using LambdaKit.Events;

        namespace Functions;

        public static class Handlers
        {
            public static APIGatewayHttpApiV2ProxyResponse Http(APIGatewayHttpApiV2ProxyRequest request) => new() { StatusCode = 200, Body = request.Body };

            public static SQSBatchResponse Queue(SQSEvent batch) => new();

            public static StreamsEventResponse Stream(DynamoDBEvent batch) => new();
        }

        /// <summary>A user type over event types: its own init setters are in this assembly, theirs are not.</summary>
        public sealed record Envelope
        {
            public APIGatewayHttpApiV2ProxyRequest? Http { get; init; }
            public required SQSEvent Queue { get; init; }
            public IReadOnlyList<DynamoDBEvent>? Streams { get; init; }
        }
        """;

    private static readonly string[] Roots =
    [
        "LambdaKit.Events.APIGatewayHttpApiV2ProxyRequest", "LambdaKit.Events.APIGatewayHttpApiV2ProxyResponse", "LambdaKit.Events.SQSEvent",
        "LambdaKit.Events.SQSBatchResponse", "LambdaKit.Events.DynamoDBEvent", "LambdaKit.Events.StreamsEventResponse", "Functions.Envelope",
    ];

    private static readonly Lazy<MetadataReference> Runtime = new(() => MetadataReference.CreateFromFile(
        typeof(ReferencedEventDifferentialTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RuntimeNet8Path").Value!));

    public static TheoryData<string, string> Samples() => new()
    {
        { "LambdaKit.Events.APIGatewayHttpApiV2ProxyRequest", "apigateway-v2-request.json" },
        { "LambdaKit.Events.SQSEvent", "sqs.json" },
        { "LambdaKit.Events.DynamoDBEvent", "dynamodb.json" },
        { "LambdaKit.Events.SQSBatchResponse", "batch-response.json" },
        { "LambdaKit.Events.StreamsEventResponse", "batch-response.json" },
    };

    public static TheoryData<string> RootTypes() => new(Roots);

    [Fact]
    public void Event_types_from_the_referenced_runtime_are_fully_supported_and_come_from_it()
    {
        using var harness = CreateHarness();

        Assert.Empty(harness.Model.Unsupported);
        Assert.Null(harness.Assembly.GetType("LambdaKit.Events.SQSEvent"));
        Assert.Equal("LambdaKit.Runtime", harness.Type("LambdaKit.Events.SQSEvent").Assembly.GetName().Name);

        // The init setters of the referenced records are bound through accessors, not assigned directly.
        Assert.Contains("UnsafeAccessor", harness.Emitted, StringComparison.Ordinal);

        // Their getters are public: every record is written through a SerializeHandler.
        foreach (var root in Roots)
        {
            Assert.NotNull(Differential.SerializeHandler(harness.Generated, harness.Type(root)));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_events_read_and_write_as_with_the_reflection_serializer(string type, string file)
    {
        using var harness = CreateHarness();
        var json = File.ReadAllText(RepositoryPaths.Combine("tests", "LambdaKit.Generators.Tests", "Serialization", "Events", file));

        Assert.True(Differential.AssertSame(harness, harness.Type(type), json), $"{file} was not readable as {type}.");
    }

    [Fact]
    public void An_envelope_of_sample_events_reads_and_writes_as_with_the_reflection_serializer()
    {
        using var harness = CreateHarness();
        string Sample(string file) => File.ReadAllText(RepositoryPaths.Combine("tests", "LambdaKit.Generators.Tests", "Serialization", "Events", file));
        var json = $$"""{"Http":{{Sample("apigateway-v2-request.json")}},"Queue":{{Sample("sqs.json")}},"Streams":[{{Sample("dynamodb.json")}},{}]}""";

        Assert.True(Differential.AssertSame(harness, harness.Type("Functions.Envelope"), json));
    }

    [Theory]
    [MemberData(nameof(RootTypes))]
    public void Random_events_read_and_write_as_with_the_reflection_serializer(string type)
    {
        using var harness = CreateHarness();
        var random = new RandomJson(harness.Reflection, seed: type.Length * 104729);
        for (var i = 0; i < 100; i++)
        {
            _ = Differential.AssertSame(harness, harness.Type(type), random.Document(harness.Type(type)));
        }
    }

    private static SerializerHarness CreateHarness() =>
        SerializerHarness.Create(["global using System; global using System.Collections.Generic;", Handler], Roots, references: [Runtime.Value]);
}
