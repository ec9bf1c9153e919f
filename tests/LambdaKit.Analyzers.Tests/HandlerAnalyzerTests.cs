using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Microsoft.CodeAnalysis;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.AnalyzerVerifier<LambdaKit.Analyzers.HandlerAnalyzer>;

namespace LambdaKit.Analyzers.Tests;

public class HandlerAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using LambdaKit;
        using LambdaKit.Runtime;

        """;

    private static void WithRuntime(CompilationBuilder builder) => builder.WithLambdaKitRuntime();

    [Fact]
    public async Task Valid_handlers_of_every_shape_are_not_reported()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed record Request(string Name);
            public sealed record Reply(string Text);

            public class Functions
            {
                [LambdaFunction] public static void Nothing() { }
                [LambdaFunction] public Task<Reply> Full(Request request, ILambdaContext context, CancellationToken token) => Task.FromResult(new Reply(request.Name));
                [LambdaFunction] public static ValueTask Fire(CancellationToken token, Request request) => default;
                [LambdaFunction] public static Stream Raw(Stream input) => input;
                [LambdaFunction(Name = "other")] internal static ValueTask<int> Count(int[] numbers) => new(numbers.Length);
                public static void NotAHandler(int a, int b, int c) { }
            }

            internal struct ValueHandlers
            {
                [LambdaFunction] public Reply Instance(Request request) => new(request.Name);
            }
            """,
            WithRuntime);
    }

    [Fact]
    public async Task LK1001_LK1002_LK1003_LK1004_declaration_problems()
    {
        await Verify.VerifyAsync(
            Usings + """
            public class Functions
            {
                [LambdaFunction] private static void {|#0:Hidden|}() { }
                [LambdaFunction] public static void {|LK1002:Generic|}<T>() { }
                [LambdaFunction] public static void {|#1:Refs|}(ref int value) { }
                [LambdaFunction] public static void {|LK1003:Many|}(params string[] values) { }
                [LambdaFunction] public static unsafe void {|LK1003:Pointer|}(byte* bytes) { }
                [LambdaFunction] public static async void {|LK1004:Fire|}() { await Task.Yield(); }

                private sealed class Inner
                {
                    [LambdaFunction] public static void {|#2:Handle|}() { }
                }
            }

            public class Box<T>
            {
                [LambdaFunction] public static void {|#3:Open|}() { }
            }
            """,
            builder => WithRuntime(builder.WithAllowUnsafe()),
            Verify.Diagnostic("LK1001").WithLocation(0).WithMessage("Handler 'Hidden' cannot be called by the generated registration: 'Hidden' is private or protected; make it public or internal"),
            Verify.Diagnostic("LK1003").WithLocation(1).WithMessage("Handler 'Refs' cannot have 'ref int value' in its signature"),
            Verify.Diagnostic("LK1001").WithLocation(2).WithMessage("Handler 'Handle' cannot be called by the generated registration: 'Inner' is private or protected; make it public or internal"),
            Verify.Diagnostic("LK1002").WithLocation(3).WithMessage("Handler 'Open' cannot be generic: 'Box<T>' has type parameters, and nothing can choose type arguments for an invocation"));
    }

    [Fact]
    public async Task LK1005_a_second_input_context_token_or_response_stream()
    {
        await Verify.VerifyAsync(
            Usings + """
            public static class Functions
            {
                [LambdaFunction] public static void {|#0:TwoInputs|}(string a, Stream b) { }
                [LambdaFunction] public static void {|LK1005:TwoContexts|}(ILambdaContext a, ILambdaContext b) { }
                [LambdaFunction] public static void {|LK1005:TwoTokens|}(CancellationToken a, string input, CancellationToken b) { }
                [LambdaFunction] public static void {|LK1005:TwoResponseStreams|}(LambdaResponseStream a, LambdaResponseStream b) { }
            }
            """,
            WithRuntime,
            Verify.Diagnostic("LK1005").WithLocation(0).WithMessage("Handler 'TwoInputs' cannot take parameter 'b': a handler takes at most one input (a JSON type or Stream), one context, one CancellationToken and one LambdaResponseStream"));
    }

    [Fact]
    public async Task LK6006_a_streaming_handler_that_also_returns_a_value_but_not_one_without_or_a_buffered_one()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed class Functions
            {
                [LambdaFunction] public static async Task<string> {|#0:Report|}(LambdaResponseStream response) { await response.FlushAsync(); return "done"; }
                [LambdaFunction] public static int {|LK6006:Count|}(string input, LambdaResponseStream response) => 1;
                [LambdaFunction] public static Stream {|LK6006:Raw|}(LambdaResponseStream response) => Stream.Null;
                [LambdaFunction] public static Task Lines(string input, ILambdaContext context, LambdaResponseStream response, CancellationToken token) => response.FlushAsync(token);
                [LambdaFunction] public ValueTask Bytes(LambdaResponseStream response) => response.WriteAsync(new byte[] { 1 });
                [LambdaFunction] public static void Nothing(LambdaResponseStream response) { }
                [LambdaFunction] public static string Buffered(string input) => input;
            }
            """,
            WithRuntime,
            Verify.Diagnostic("LK6006").WithLocation(0).WithMessage("Handler 'Report' writes its response to a LambdaResponseStream and also returns 'System.Threading.Tasks.Task<string>', which would go nowhere; return void, Task or ValueTask"));
    }

    [Fact]
    public async Task LK1006_LK1007_LK1008_overloads_duplicate_names_and_types_without_constructor()
    {
        await Verify.VerifyAsync(
            Usings + """
            public class Functions
            {
                [LambdaFunction] public static void {|#0:Handle|}() { }
                public static void Handle(int value) { }

                [LambdaFunction(Name = "same")] public static void {|#1:One|}() { }
                [LambdaFunction] public static void {|#2:same|}(string input) { }
            }

            public abstract class Abstract
            {
                [LambdaFunction] public void {|LK1008:Run|}() { }
            }

            public sealed class NeedsArguments(string name)
            {
                [LambdaFunction] public string {|LK1008:Name|}() => name;
            }
            """,
            WithRuntime,
            Verify.Diagnostic("LK1006").WithLocation(0).WithMessage("Handler 'Handle' has overloads in 'Functions'; the handler string names a method without a signature, so rename the handler or the other methods"),
            Verify.Diagnostic("LK1007").WithLocation(1).WithMessage("Function name 'same' is also used by 'Functions.same'; give each [LambdaFunction] a distinct Name"),
            Verify.Diagnostic("LK1007").WithLocation(2).WithMessage("Function name 'same' is also used by 'Functions.One'; give each [LambdaFunction] a distinct Name"));
    }

    [Fact]
    public async Task LK1009_types_the_generated_metadata_cannot_describe_name_the_type_and_the_reason()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed class Holder
            {
                public object? Value { get; set; }
            }

            public static class Functions
            {
                [LambdaFunction] public static Task<Holder> {|#0:Untyped|}(string input) => Task.FromResult(new Holder());
                [LambdaFunction] public static string {|#1:Callback|}(Action action) => "";
                [LambdaFunction] public static string Fine(string input) => input;
            }
            """,
            WithRuntime,
            Verify.Diagnostic("LK1009").WithLocation(0).WithMessage("Handler 'Untyped' cannot use 'Holder': 'Holder' the member 'Value' has the unsupported type 'object'; 'object' is object, whose values need run-time type metadata (polymorphism); use a concrete type, JsonElement or JsonNode"),
            Verify.Diagnostic("LK1009").WithLocation(1).WithMessage("Handler 'Callback' cannot use 'System.Action': 'System.Action' is a delegate, which cannot be serialized"));
    }

    [Fact]
    public async Task LK1010_a_type_the_named_context_does_not_register()
    {
        await Verify.VerifyAsync(
            Usings + """
            using System.Text.Json.Serialization;

            [assembly: LambdaSerializerContext(typeof(AppJson))]

            public sealed record Request(string Name);
            public sealed record Reply(string Text);

            [JsonSerializable(typeof(Request))]
            internal sealed partial class AppJson : JsonSerializerContext
            {
                public AppJson() : base(null) { }
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
            }

            public static class Functions
            {
                [LambdaFunction] public static Reply {|#0:Answer|}(Request request) => new(request.Name);
                [LambdaFunction] public static void Accept(Request request) { }
                [LambdaFunction] public static Stream Raw(Stream input) => input;
            }
            """,
            WithRuntime,
            Verify.Diagnostic("LK1010").WithLocation(0).WithMessage("Handler 'Answer' uses 'Reply', which 'AppJson' does not register; add [JsonSerializable(typeof(Reply))] to it"));
    }

    [Fact]
    public async Task LK1010_with_the_context_of_Amazons_source_generator_serializer_and_its_method_level_override()
    {
        // Amazon.Lambda.Core and Amazon.Lambda.Serialization.SystemTextJson are found by metadata name, so declarations
        // with their names stand in for the packages here.
        await Verify.VerifyAsync(
            Usings + """
            using System.Text.Json.Serialization;
            using Amazon.Lambda.Core;
            using Amazon.Lambda.Serialization.SystemTextJson;

            [assembly: LambdaSerializer(typeof(SourceGeneratorLambdaJsonSerializer<AppJson>))]

            namespace Amazon.Lambda.Core
            {
                [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Method)]
                public sealed class LambdaSerializerAttribute(Type serializerType) : Attribute
                {
                    public Type SerializerType { get; } = serializerType;
                }
            }

            namespace Amazon.Lambda.Serialization.SystemTextJson
            {
                public class DefaultLambdaJsonSerializer;
                public class SourceGeneratorLambdaJsonSerializer<TSGContext> where TSGContext : JsonSerializerContext;
            }

            public sealed record Request(string Name);
            public sealed record Reply(string Text);

            [JsonSerializable(typeof(Request))]
            internal sealed partial class AppJson : JsonSerializerContext
            {
                public AppJson() : base(null) { }
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
            }

            public static class Functions
            {
                [LambdaFunction] public static Reply {|#0:Answer|}(Request request) => new(request.Name);
                [LambdaFunction] public static void Accept(Request request) { }

                // The method's reflection-based serializer means LambdaKit's generated metadata: no context to register in.
                [LambdaFunction, LambdaSerializer(typeof(DefaultLambdaJsonSerializer))] public static Reply Generated(Request request) => new(request.Name);
            }
            """,
            WithRuntime,
            Verify.Diagnostic("LK1010").WithLocation(0).WithMessage("Handler 'Answer' uses 'Reply', which 'AppJson' does not register; add [JsonSerializable(typeof(Reply))] to it"));
    }

    [Fact]
    public async Task LK1011_an_own_Main_when_the_project_asks_for_the_generated_one()
    {
        const string Source = Usings + """
            public static class Functions
            {
                [LambdaFunction] public static void Handle() { }
            }

            public static class Program
            {
                public static Task<int> {|LK1011:Main|}() => Task.FromResult(0);
            }
            """;

        await Verify.VerifyAsync(
            Source.Replace("{|LK1011:Main|}", "{|#0:Main|}", StringComparison.Ordinal),
            builder => WithRuntime(builder.WithOutputKind(OutputKind.ConsoleApplication).WithGlobalOption("build_property.LambdaGenerateMain", "true")),
            Verify.Diagnostic("LK1011").WithLocation(0).WithMessage("'Program.Main' is an entry point, but the project sets LambdaGenerateMain to true; remove one of them (an own Main can call LambdaKit.Generated.LambdaFunctions.RunAsync())"));

        // Unset or false: an own Main is how a project opts out of the generated one (this one starts no runtime: LK1012).
        await Verify.VerifyAsync(Source.Replace("{|LK1011:Main|}", "{|LK1012:Main|}", StringComparison.Ordinal), builder => WithRuntime(builder.WithOutputKind(OutputKind.ConsoleApplication)));
        await Verify.VerifyAsync(Source.Replace("{|LK1011:Main|}", "{|LK1012:Main|}", StringComparison.Ordinal), builder => WithRuntime(builder.WithOutputKind(OutputKind.ConsoleApplication).WithGlobalOption("build_property.LambdaGenerateMain", "false")));
    }

    /// <summary>What the generator emits for the registration, reduced to the member an entry point calls.</summary>
    private const string RegistrationStandIn = """

        namespace LambdaKit.Generated
        {
            internal static class LambdaFunctions
            {
                public static System.Threading.Tasks.Task<int> RunAsync(LambdaKit.Runtime.LambdaBootstrapOptions? options = null) => System.Threading.Tasks.Task.FromResult(0);
            }
        }
        """;

    [Fact]
    public async Task LK1012_an_own_Main_that_never_starts_the_runtime_gets_the_one_line_call()
    {
        await Verify.VerifyAsync(
            Usings + """
            public static class Functions
            {
                [LambdaFunction] public static void Handle() { }
            }

            public static class Program
            {
                public static async Task<int> {|#0:Main|}(string[] args)
                {
                    Console.WriteLine(args.Length);
                    await Task.Yield();
                    return 0;
                }
            }
            """ + RegistrationStandIn,
            builder => WithRuntime(builder.WithOutputKind(OutputKind.ConsoleApplication)),
            Verify.Diagnostic("LK1012").WithLocation(0).WithSeverity(DiagnosticSeverity.Warning)
                .WithMessage("The entry point (Program.Main) never starts the Lambda runtime, so the function would answer no event; the generated registration is one line: 'return await global::LambdaKit.Generated.LambdaFunctions.RunAsync();'"));
    }

    [Fact]
    public async Task LK1012_entry_points_that_start_the_runtime_in_any_spelling_are_not_reported()
    {
        foreach (var main in new[]
        {
            "public static Task<int> Main() => LambdaKit.Generated.LambdaFunctions.RunAsync();",
            "public static async Task<int> Main() { var options = new LambdaBootstrapOptions(); return await global::LambdaKit.Generated.LambdaFunctions.RunAsync(options); }",
            "public static Task<int> Main() => LambdaBootstrap.RunAsync(_ => new ValueTask<LambdaHandler>((payload, context, response) => default));",
        })
        {
            await Verify.VerifyAsync(
                Usings + """
                public static class Functions
                {
                    [LambdaFunction] public static void Handle() { }
                }

                public static class Program
                {
                """ + main + """

                }
                """ + RegistrationStandIn,
                builder => WithRuntime(builder.WithOutputKind(OutputKind.ConsoleApplication)));
        }

        await Verify.VerifyAsync(
            """
            using static LambdaKit.Generated.LambdaFunctions;

            return await RunAsync();

            public static class Functions
            {
                [LambdaKit.LambdaFunction] public static void Handle() { }
            }
            """ + RegistrationStandIn,
            builder => WithRuntime(builder.WithOutputKind(OutputKind.ConsoleApplication)));
    }

    [Fact]
    public async Task LK1012_top_level_statements_libraries_and_projects_without_handlers()
    {
        const string TopLevel = """
            {|LK1012:System.Console.WriteLine("no runtime");|}
            System.Console.WriteLine("second statement");

            public static class Functions
            {
                [LambdaKit.LambdaFunction] public static void Handle() { }
            }
            """;
        await Verify.VerifyAsync(TopLevel, builder => WithRuntime(builder.WithOutputKind(OutputKind.ConsoleApplication)));

        // A library has no entry point to check; an executable without a valid handler is not a function.
        await Verify.VerifyAsync(
            Usings + "public static class Program { public static void Main() { } }\npublic static class Functions { [LambdaFunction] public static void Handle() { } }",
            builder => WithRuntime(builder.WithOutputKind(OutputKind.DynamicallyLinkedLibrary)));
        await Verify.VerifyAsync(
            "public static class Program { public static void Main() { } }",
            builder => WithRuntime(builder.WithOutputKind(OutputKind.ConsoleApplication)));
    }

    [Fact]
    public async Task LK1011_top_level_statements_are_reported_once()
    {
        await Verify.VerifyAsync(
            """
            {|LK1011:System.Console.WriteLine("own loop");|}
            System.Console.WriteLine("second statement");

            public static class Functions
            {
                [LambdaKit.LambdaFunction] public static void Handle() { }
            }
            """,
            builder => WithRuntime(builder.WithOutputKind(OutputKind.ConsoleApplication).WithGlobalOption("build_property.LambdaGenerateMain", "true")));
    }

    [Fact]
    public async Task Nothing_is_reported_without_LambdaKit()
    {
        await Verify.VerifyAsync("public static class Program { private static void Main() { } }", builder => builder.WithOutputKind(OutputKind.ConsoleApplication).WithGlobalOption("build_property.LambdaGenerateMain", "true"));
    }
}
