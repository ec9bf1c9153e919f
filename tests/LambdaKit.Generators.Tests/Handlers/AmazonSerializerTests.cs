using LambdaKit.Runtime;
using LambdaKit.Testing;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>
/// Amazon.Lambda.Core's <c>[LambdaSerializer(typeof(X))]</c>, against the stand-ins of Amazon.Lambda.Core and
/// Amazon.Lambda.Serialization.SystemTextJson: <c>SourceGeneratorLambdaJsonSerializer&lt;TContext&gt;</c> (or a type
/// deriving from it) makes TContext the handler's user context; any other serializer leaves the handler on the
/// generated metadata, camelCase for <c>CamelCaseLambdaJsonSerializer</c>; a method-level attribute overrides the
/// assembly's. A TContext named through Amazon's serializer is created over AWS's options, as that serializer creates it:
/// its own <c>[JsonSourceGenerationOptions]</c> naming gives way to AWS's (names as declared), reads are
/// case-insensitive and nulls are not written.
/// </summary>
public sealed class AmazonSerializerTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    private const string Shop = """
        using System.Text.Json.Serialization;
        using Amazon.Lambda.Core;
        using Amazon.Lambda.Serialization.SystemTextJson;
        using LambdaKit;

        [assembly: LambdaSerializer(typeof(SourceGeneratorLambdaJsonSerializer<Shop.ShopJson>))]

        namespace Shop
        {
            public sealed record OrderRequest(string ItemName, int Quantity);
            public sealed record OrderResult(string ItemName, int Total);
            public sealed record Note(string NoteText);
            public sealed record LegacyReply(string ReplyText);

            [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
            [JsonSerializable(typeof(OrderRequest))]
            [JsonSerializable(typeof(OrderResult))]
            internal sealed partial class ShopJson : JsonSerializerContext;

            [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
            [JsonSerializable(typeof(LegacyReply))]
            internal sealed partial class LegacyJson : JsonSerializerContext;

            internal sealed class LegacySerializer : SourceGeneratorLambdaJsonSerializer<LegacyJson>;

            public static class Functions
            {
                [LambdaFunction(Name = "place")]
                public static OrderResult Place(OrderRequest order) => new(order.ItemName, order.Quantity * 2);

                [LambdaFunction(Name = "note")]
                [LambdaSerializer(typeof(DefaultLambdaJsonSerializer))]
                public static Note Echo(Note note) => note with { NoteText = note.NoteText + "!" };

                [LambdaFunction(Name = "legacy")]
                [LambdaSerializer(typeof(LegacySerializer))]
                public static LegacyReply Legacy() => new("old");

                [LambdaFunction(Name = "unregistered")]
                public static Note Unregistered(Note note) => note;
            }
        }
        """;

    [Theory]
    [InlineData("place", """{"itemName":"tea","quantity":3}""", """{"ItemName":"tea","Total":6}""")]
    [InlineData("note", """{"NoteText":"hi"}""", """{"NoteText":"hi!"}""")]
    [InlineData("legacy", "{}", """{"ReplyText":"old"}""")]
    public async Task Each_handler_reads_and_writes_through_the_serializer_its_attribute_names(string handler, string payload, string expected)
    {
        var assembly = HandlerTestHost.Load(Generate(Shop).Output);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly), new InProcessLambdaOptions { Handler = handler });

        var result = await emulator.InvokeAsync(payload).WaitAsync(TestTimeout);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        Assert.Equal(expected, result.PayloadAsString);
    }

    [Fact]
    public void Context_handlers_use_their_context_and_only_the_others_get_generated_metadata()
    {
        var result = Generate(Shop);

        var registration = result.Sources["LambdaFunctions.g.cs"];
        Assert.Contains("new global::Shop.ShopJson(global::LambdaKit.Runtime.AmazonInterop.AmazonJsonOptions.Create())", registration, StringComparison.Ordinal);
        Assert.Contains("new global::Shop.LegacyJson(global::LambdaKit.Runtime.AmazonInterop.AmazonJsonOptions.Create())", registration, StringComparison.Ordinal);
        Assert.DoesNotContain("ShopJson.Default", registration, StringComparison.Ordinal);
        // The note handler names DefaultLambdaJsonSerializer: the generated metadata, over AWS's options.
        Assert.Contains("global::LambdaKit.Generated.LambdaFunctions.AmazonDefaultJson.Note", registration, StringComparison.Ordinal);
        Assert.Contains("new global::LambdaKit.Generated.LambdaJsonContext(global::LambdaKit.Runtime.AmazonInterop.AmazonJsonOptions.Create(camelCase: false))", registration, StringComparison.Ordinal);

        // The generated context describes the one handler on LambdaKit's metadata, not the context handlers' types.
        var generated = result.Sources["LambdaJsonContext.g.cs"];
        Assert.Contains("global::Shop.Note", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("OrderRequest", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("LegacyReply", generated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"orderId":"A2"}""", """{"OrderId":"A2","Placed":"2024-01-01T00:00:00Z"}""")]
    [InlineData("""{"ORDERID":"A3","Placed":1704067200}""", """{"OrderId":"A3","Placed":"2024-01-01T00:00:00Z"}""")]
    [InlineData("""{"Placed":1704067200.5}""", """{"Placed":"2024-01-01T00:00:00.5Z"}""")]
    [InlineData("""{"OrderId":"A4","Blob":[1,2,255],"Data":"AQI="}""", """{"OrderId":"A4","Placed":"2024-01-01T00:00:00Z","Blob":[1,2,255],"Data":"AQI="}""")]
    public async Task A_context_named_through_Amazons_serializer_reads_and_writes_with_AWSs_options(string payload, string expected)
    {
        var result = Generate("""
            using System;
            using System.IO;
            using System.Text.Json.Serialization;
            using Amazon.Lambda.Core;
            using Amazon.Lambda.Serialization.SystemTextJson;
            using LambdaKit;

            [assembly: LambdaSerializer(typeof(SourceGeneratorLambdaJsonSerializer<OrderJson>))]

            public sealed class Order
            {
                public string? OrderId { get; set; }
                public DateTime Placed { get; set; }
                public byte[]? Blob { get; set; }
                public MemoryStream? Data { get; set; }
            }

            [JsonSerializable(typeof(Order))]
            internal sealed partial class OrderJson : JsonSerializerContext;

            public static class Functions
            {
                [LambdaFunction]
                public static Order Echo(Order order)
                {
                    if (order.Placed == default)
                    {
                        order.Placed = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
                    }

                    return order;
                }
            }
            """);
        var assembly = HandlerTestHost.Load(result.Output);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly));

        var reply = await emulator.InvokeAsync(payload).WaitAsync(TestTimeout);

        Assert.True(reply.IsSuccess, reply.PayloadAsString);
        Assert.Equal(expected, reply.PayloadAsString);
    }

    [Fact]
    public void A_context_that_cannot_be_created_over_options_keeps_its_Default()
    {
        // Hand-written, without a constructor taking options (System.Text.Json's generator writes one for partial contexts).
        var result = Generate("""
            using System;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using System.Text.Json.Serialization.Metadata;
            using Amazon.Lambda.Core;
            using Amazon.Lambda.Serialization.SystemTextJson;
            using LambdaKit;

            [assembly: LambdaSerializer(typeof(SourceGeneratorLambdaJsonSerializer<HandJson>))]

            public sealed record Note(string Text);

            public sealed class HandJson : JsonSerializerContext
            {
                private HandJson() : base(null) { }

                public static HandJson Default { get; } = new();

                public JsonTypeInfo<Note> Note => throw new NotSupportedException();

                protected override JsonSerializerOptions? GeneratedSerializerOptions => null;

                public override JsonTypeInfo? GetTypeInfo(Type type) => null;
            }

            public static class Functions
            {
                [LambdaFunction]
                public static Note Echo(Note note) => note;
            }
            """);

        Assert.Contains("global::HandJson.Default.Note", result.Sources["LambdaFunctions.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_the_Amazon_named_context_lacks_leaves_the_handler_out()
    {
        var names = RegisteredNames(Generate(Shop));

        // Unregistered returns Note, which ShopJson (the assembly's context) does not register: LK1010, and no entry.
        Assert.Equal(["legacy", "note", "place"], names);
    }

    [Theory]
    [InlineData("[assembly: LambdaSerializer(typeof(CamelCaseLambdaJsonSerializer))]", """{"noteText":"hi!"}""")]
    [InlineData("[assembly: LambdaSerializer(typeof(DefaultLambdaJsonSerializer))]", """{"NoteText":"hi!"}""")]
    [InlineData("[assembly: LambdaSerializer(typeof(CustomSerializer))]", """{"NoteText":"hi!"}""")]
    [InlineData("[assembly: LambdaSerializer(typeof(CamelCaseLambdaJsonSerializer))] [assembly: LambdaJsonOptions(PropertyNaming = LambdaPropertyNaming.AsDeclared)]", """{"NoteText":"hi!"}""")]
    public async Task Reflection_based_and_custom_serializers_keep_the_generated_metadata_in_their_naming(string attributes, string expected)
    {
        var source = """
            using System.IO;
            using Amazon.Lambda.Core;
            using Amazon.Lambda.Serialization.SystemTextJson;
            using LambdaKit;

            """ + attributes + """

            public sealed record Note(string NoteText);

            public sealed class CustomSerializer : ILambdaSerializer
            {
                public T Deserialize<T>(Stream requestStream) => throw new System.NotSupportedException();
                public void Serialize<T>(T response, Stream responseStream) => throw new System.NotSupportedException();
            }

            public static class Functions
            {
                [LambdaFunction]
                public static Note Echo(Note note) => note with { NoteText = note.NoteText + "!" };
            }
            """;
        var result = Generate(source);
        var assembly = HandlerTestHost.Load(result.Output);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly));

        // Reads are case-insensitive either way, as with Amazon's serializers.
        var reply = await emulator.InvokeAsync("""{"notetext":"hi"}""").WaitAsync(TestTimeout);

        Assert.True(reply.IsSuccess, reply.PayloadAsString);
        Assert.Equal(expected, reply.PayloadAsString);
        Assert.Contains("LambdaJsonContext.g.cs", result.Sources.Keys);
    }

    [Fact]
    public void LambdaKits_own_context_attribute_wins_over_Amazons_assembly_serializer()
    {
        var result = Generate("""
            using System.Text.Json.Serialization;
            using Amazon.Lambda.Core;
            using Amazon.Lambda.Serialization.SystemTextJson;
            using LambdaKit;

            [assembly: LambdaSerializerContext(typeof(KitJson))]
            [assembly: LambdaSerializer(typeof(SourceGeneratorLambdaJsonSerializer<AmazonJson>))]

            public sealed record Note(string NoteText);

            [JsonSerializable(typeof(Note))]
            internal sealed partial class KitJson : JsonSerializerContext;

            [JsonSerializable(typeof(Note))]
            internal sealed partial class AmazonJson : JsonSerializerContext;

            public static class Functions
            {
                [LambdaFunction]
                public static Note Echo(Note note) => note;
            }
            """);

        var registration = result.Sources["LambdaFunctions.g.cs"];
        Assert.Contains("global::KitJson.Default.Note", registration, StringComparison.Ordinal);
        Assert.DoesNotContain("AmazonJson", registration, StringComparison.Ordinal);
        Assert.DoesNotContain("LambdaJsonContext.g.cs", result.Sources.Keys);
    }

    private static GeneratorResult Generate(string source) =>
        HandlerTestHost.Run(HandlerTestHost.Builder(source, OutputKind.DynamicallyLinkedLibrary, amazon: true), withJsonGenerator: true);

    private static string[] RegisteredNames(GeneratorResult result)
    {
        var assembly = HandlerTestHost.Load(result.Output);
        var names = (IReadOnlyList<string>)assembly.GetType("LambdaKit.Generated.LambdaFunctions", throwOnError: true)!
            .GetProperty("Names")!
            .GetValue(null)!;
        return [.. names];
    }
}
