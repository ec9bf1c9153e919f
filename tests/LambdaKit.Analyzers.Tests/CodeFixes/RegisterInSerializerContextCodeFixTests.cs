using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace LambdaKit.Analyzers.Tests.CodeFixes;

public class RegisterInSerializerContextCodeFixTests
{
    private const string Functions = """
        using LambdaKit;

        namespace Shop;

        public sealed record Request(string Name);
        public sealed record Reply(string Text);

        public static class Functions
        {
            [LambdaFunction] public static Reply {|LK1010:Answer|}(Request request) => new(request.Name);
        }
        """;

    /// <summary>What System.Text.Json's generator would add to the context, so the test sources compile without it.</summary>
    private static string GeneratedPart(string ns, string name) => $$"""
        namespace {{ns}}
        {
            partial class {{name}}
            {
                public {{name}}() : base(null) { }
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(System.Type type) => null;
            }
        }
        """;

    private static Task VerifyFixAsync(string functions, string context, string fixedContext, string generatedPart)
    {
        var test = new CodeFixTest<HandlerAnalyzer, RegisterInSerializerContextCodeFix>(functions, functions.Replace("{|LK1010:Answer|}", "Answer", StringComparison.Ordinal), new CompilationBuilder().WithLambdaKitRuntime());
        test.TestState.Sources.Add(("/0/AppJson.cs", context));
        test.TestState.Sources.Add(("/0/AppJson.g.cs", generatedPart));
        test.FixedState.Sources.Add(("/0/AppJson.cs", fixedContext));
        test.FixedState.Sources.Add(("/0/AppJson.g.cs", generatedPart));
        return test.RunAsync();
    }

    [Fact]
    public void The_property_names_of_the_analyzer_are_the_ones_the_fix_reads()
    {
        Assert.Equal(CodeFixProperties.ContextId, RegisterInSerializerContextCodeFix.ContextIdProperty);
        Assert.Equal(CodeFixProperties.Type, RegisterInSerializerContextCodeFix.TypeProperty);
    }

    [Fact]
    public async Task Adds_the_line_after_the_other_JsonSerializable_lines_in_the_context_file()
    {
        await VerifyFixAsync(
            Functions,
            """
            using System.Text.Json.Serialization;

            [assembly: LambdaKit.LambdaSerializerContext(typeof(Shop.Json.AppJson))]

            namespace Shop.Json;

            /// <summary>The shop's JSON.</summary>
            [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
            [JsonSerializable(typeof(Request))]
            internal sealed partial class AppJson : JsonSerializerContext;
            """,
            """
            using System.Text.Json.Serialization;

            [assembly: LambdaKit.LambdaSerializerContext(typeof(Shop.Json.AppJson))]

            namespace Shop.Json;

            /// <summary>The shop's JSON.</summary>
            [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
            [JsonSerializable(typeof(Request))]
            [JsonSerializable(typeof(Reply))]
            internal sealed partial class AppJson : JsonSerializerContext;
            """,
            GeneratedPart("Shop.Json", "AppJson"));
    }

    [Fact]
    public async Task A_context_without_attributes_gets_its_first_line_fully_qualified_where_names_are_not_in_scope()
    {
        await VerifyFixAsync(
            Functions.Replace("(Request request) => new(request.Name)", "() => new(\"\")", StringComparison.Ordinal),
            """
            [assembly: LambdaKit.LambdaSerializerContext(typeof(Other.AppJson))]

            namespace Other
            {
                /// <summary>Hand-written options.</summary>
                internal sealed partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext
                {
                }
            }
            """,
            """
            [assembly: LambdaKit.LambdaSerializerContext(typeof(Other.AppJson))]

            namespace Other
            {
                /// <summary>Hand-written options.</summary>
                [System.Text.Json.Serialization.JsonSerializable(typeof(Shop.Reply))]
                internal sealed partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext
                {
                }
            }
            """,
            GeneratedPart("Other", "AppJson"));
    }

    [Fact]
    public async Task The_new_line_does_not_copy_the_trailing_comment_of_the_line_before()
    {
        await VerifyFixAsync(
            Functions,
            """
            using System.Text.Json.Serialization;

            [assembly: LambdaKit.LambdaSerializerContext(typeof(Shop.AppJson))]

            namespace Shop;

            [JsonSerializable(typeof(Request))] // requests from the web shop
            internal sealed partial class AppJson : JsonSerializerContext;
            """,
            """
            using System.Text.Json.Serialization;

            [assembly: LambdaKit.LambdaSerializerContext(typeof(Shop.AppJson))]

            namespace Shop;

            [JsonSerializable(typeof(Request))] // requests from the web shop
            [JsonSerializable(typeof(Reply))]
            internal sealed partial class AppJson : JsonSerializerContext;
            """,
            GeneratedPart("Shop", "AppJson"));
    }
}
