using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>
/// Creating the selected handler during init creates its input's and output's JSON metadata (so the first invocation does
/// not), for that handler only, without running user code, and never fails init.
/// </summary>
public sealed class InitJsonPreparationTests
{
    private const string Functions = HandlerTestHost.Usings + """
        namespace App;

        public sealed class Placed
        {
            public static int Constructed;

            public Placed() => Constructed++;

            public string? Id { get; set; }
        }

        public sealed class Listed
        {
            public string? Query { get; set; }
        }

        public sealed class Answer
        {
            public static int Constructed;

            public Answer() => Constructed++;

            public string? Text { get; set; }
        }

        public sealed class Listing
        {
            public string? Text { get; set; }
        }

        public static class Functions
        {
            [LambdaFunction]
            public static Answer Place(Placed order) => new() { Text = order.Id };

            [LambdaFunction]
            public static Listing List(Listed query) => new() { Text = query.Query };
        }
        """;

    [Fact]
    public void Creating_the_selected_handler_creates_its_JSON_metadata_only_and_constructs_nothing()
    {
        var assembly = HandlerTestHost.Load(HandlerTestHost.Run(HandlerTestHost.Builder(Functions)).Output);
        var context = assembly.GetType("LambdaKit.Generated.LambdaJsonContext", throwOnError: true)!;
        var metadata = context.GetProperty("Default")!.GetValue(null)!;
        bool Created(string property) => context.GetField("_" + property, BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(metadata) is not null;

        Assert.False(Created("Placed"));
        HandlerTestHost.HandlerFactory(assembly)("Place");

        Assert.True(Created("Placed"));
        Assert.True(Created("Answer"));
        Assert.False(Created("Listed"));
        Assert.False(Created("Listing"));
        Assert.Equal(0, (int)assembly.GetType("App.Placed")!.GetField("Constructed")!.GetValue(null)!);
        Assert.Equal(0, (int)assembly.GetType("App.Answer")!.GetField("Constructed")!.GetValue(null)!);
    }

    private const string UserContext = HandlerTestHost.Usings + """
        using System.Text.Json;
        using System.Text.Json.Serialization;

        [assembly: LambdaSerializerContext(typeof(App.Json))]

        namespace App;

        [JsonConverter(typeof(NullReader))]
        public sealed class Nullable
        {
            public string? Text { get; set; }
        }

        public sealed class NullReader : JsonConverter<Nullable>
        {
            public static int Reads;

            public override bool HandleNull => true;

            public override Nullable? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                Reads++;
                reader.Skip();
                return new Nullable();
            }

            public override void Write(Utf8JsonWriter writer, Nullable value, JsonSerializerOptions options) => writer.WriteNullValue();
        }

        [JsonConverter(typeof(Broken))]
        public sealed class Unreadable
        {
        }

        public sealed class Broken : JsonConverter<Unreadable>
        {
            public Broken() => throw new InvalidOperationException("broken converter");

            public override Unreadable? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => null;

            public override void Write(Utf8JsonWriter writer, Unreadable value, JsonSerializerOptions options) => writer.WriteNullValue();
        }

        [JsonSerializable(typeof(Nullable))]
        [JsonSerializable(typeof(Unreadable))]
        internal sealed partial class Json : JsonSerializerContext;

        public static class Functions
        {
            [LambdaFunction]
            public static void Take(Nullable value)
            {
            }

            [LambdaFunction]
            public static void Fail(Unreadable value)
            {
            }
        }
        """;

    [Fact]
    public async Task A_converter_that_handles_null_is_not_called_and_metadata_that_throws_fails_the_invocation_not_init()
    {
        var assembly = HandlerTestHost.Load(HandlerTestHost.Run(HandlerTestHost.Builder(UserContext), withJsonGenerator: true).Output);
        var create = HandlerTestHost.HandlerFactory(assembly);

        create("Take");
        Assert.Equal(0, (int)assembly.GetType("App.NullReader")!.GetField("Reads")!.GetValue(null)!);

        var failing = create("Fail");
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await failing(Encoding.UTF8.GetBytes("{}"), new FakeLambdaContext("fail"), new System.Buffers.ArrayBufferWriter<byte>()));
        Assert.Contains("broken converter", error.ToString(), StringComparison.Ordinal);
    }
}
