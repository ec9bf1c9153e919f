using LambdaKit.Testing;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>
/// The Amazon.Lambda.Core context adapter beyond logging (AmazonLoggerTests): the members Core 3.x added (trace id,
/// serializer) answer as AWS's runtime answers them, and responses are written with AWS's relaxed escaping.
/// </summary>
public sealed class AmazonContextTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TraceId_is_the_invocations_and_Serializer_writes_with_the_handlers_metadata()
    {
        var assembly = Compile("""
            using System.IO;
            using Amazon.Lambda.Core;
            using LambdaKit;

            public sealed record Note(string Text, string? Missing = null);

            public static class Function
            {
                [LambdaFunction]
                public static Note Handle(Note note, ILambdaContext context)
                {
                    using var stream = new MemoryStream();
                    context.Serializer.Serialize(note, stream);
                    stream.Position = 0;
                    var copy = context.Serializer.Deserialize<Note>(stream);
                    return new Note(context.TraceId + "|" + System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "|" + copy.Text);
                }
            }
            """);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly));
        const string TraceId = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

        var result = await emulator.InvokeAsync("""{"text":"é"}""", new InvokeOptions { TraceId = TraceId }).WaitAsync(TestTimeout);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        Assert.Equal("{\"Text\":\"" + TraceId + "|{\\\"Text\\\":\\\"é\\\"}|é\"}", result.PayloadAsString);
    }

    [Fact]
    public async Task A_handler_without_JSON_offers_the_functions_metadata_as_Serializer()
    {
        var assembly = Compile("""
            using System.IO;
            using Amazon.Lambda.Core;
            using LambdaKit;

            public sealed record Note(string Text);

            public static class Function
            {
                [LambdaFunction]
                public static Note Echo(Note note) => note;

                [LambdaFunction]
                public static Stream Raw(Stream input, ILambdaContext context)
                {
                    var output = new MemoryStream();
                    context.Serializer.Serialize(new Note("from raw"), output);
                    output.Position = 0;
                    return output;
                }
            }
            """);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly), new InProcessLambdaOptions { Handler = "Raw" });

        var result = await emulator.InvokeAsync("anything").WaitAsync(TestTimeout);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        Assert.Equal("""{"Text":"from raw"}""", result.PayloadAsString);
    }

    [Fact]
    public async Task Serializer_names_a_type_its_metadata_lacks()
    {
        var assembly = Compile("""
            using System.IO;
            using Amazon.Lambda.Core;
            using LambdaKit;

            public sealed record Note(string Text);

            public static class Function
            {
                [LambdaFunction]
                public static Note Handle(Note note, ILambdaContext context)
                {
                    context.Serializer.Serialize(new System.Uri("https://example.com"), new MemoryStream());
                    return note;
                }
            }
            """);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly));

        var result = await emulator.InvokeAsync("""{"text":"x"}""").WaitAsync(TestTimeout);

        Assert.False(result.IsSuccess);
        Assert.Contains("has no type System.Uri: register it with [JsonSerializable]", result.PayloadAsString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_escape_as_AWSs_serializer_does()
    {
        var assembly = Compile("""
            using LambdaKit;

            public sealed record Note(string Text);

            public static class Function
            {
                [LambdaFunction]
                public static Note Handle(Note note) => note;
            }
            """);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly));

        var result = await emulator.InvokeAsync("""{"Text":"say \"hé\" <b> & ✓ \u0001"}""").WaitAsync(TestTimeout);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        Assert.Equal("""{"Text":"say \"hé\" <b> & ✓ \u0001"}""", result.PayloadAsString);
    }

    [Fact]
    public async Task TenantId_is_the_invocations_tenant_and_null_without_one()
    {
        var assembly = Compile("""
            using Amazon.Lambda.Core;
            using LambdaKit;

            namespace Tenants;

            public static class Function
            {
                [LambdaFunction]
                public static string Handle(ILambdaContext context) => context.TenantId ?? "none";
            }
            """);
        var handler = HandlerTestHost.HandlerFactory(assembly)("Functions::Tenants.Function::Handle");
        var blue = new System.Buffers.ArrayBufferWriter<byte>();
        var untenanted = new System.Buffers.ArrayBufferWriter<byte>();

        await handler(ReadOnlyMemory<byte>.Empty, new FakeLambdaContext("tenants", tenantId: "blue"), blue);
        await handler(ReadOnlyMemory<byte>.Empty, new FakeLambdaContext("tenants"), untenanted);

        Assert.Equal("\"blue\"", System.Text.Encoding.UTF8.GetString(blue.WrittenSpan));
        Assert.Equal("\"none\"", System.Text.Encoding.UTF8.GetString(untenanted.WrittenSpan));
    }

    [Fact]
    public async Task Parameterized_log_arguments_become_fields_of_JSON_records()
    {
        var assembly = Compile("""
            using Amazon.Lambda.Core;
            using LambdaKit;

            public static class Function
            {
                [LambdaFunction]
                public static string Handle(ILambdaContext context)
                {
                    context.Logger.LogInformation("Order {OrderId} for {Customer}", 42, "ada");
                    return "done";
                }
            }
            """);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var options = new InProcessLambdaOptions();
        options.Environment["AWS_LAMBDA_LOG_FORMAT"] = "JSON";
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly), options);

        var result = await emulator.InvokeAsync("{}").WaitAsync(TestTimeout);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        var line = Assert.Single(function.LogLines, line => line.Contains("\"Order 42 for ada\"", StringComparison.Ordinal));
        Assert.Contains("\"requestId\":\"" + result.RequestId + "\"", line, StringComparison.Ordinal);
        Assert.EndsWith(",\"message\":\"Order 42 for ada\",\"OrderId\":42,\"Customer\":\"ada\"}", line, StringComparison.Ordinal);
    }

    private static System.Reflection.Assembly Compile(string source) =>
        HandlerTestHost.Load(HandlerTestHost.Run(HandlerTestHost.Builder(source, OutputKind.DynamicallyLinkedLibrary, amazon: true), withJsonGenerator: true).Output);
}
