using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.CodeFixes;

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
            [LambdaFunction] public static Reply Answer(Request request) => new(request.Name);
        }
        """;

    [Fact]
    public void The_property_names_of_the_analyzer_are_the_ones_the_fix_reads()
    {
        Assert.Equal(CodeFixProperties.ContextId, RegisterInSerializerContextCodeFix.ContextIdProperty);
        Assert.Equal(CodeFixProperties.Type, RegisterInSerializerContextCodeFix.TypeProperty);
    }

    [Fact]
    public async Task Adds_the_line_after_the_other_JsonSerializable_lines_in_the_context_file()
    {
        const string Context = """
            using System.Text.Json.Serialization;

            [assembly: LambdaKit.LambdaSerializerContext(typeof(Shop.Json.AppJson))]

            namespace Shop.Json;

            /// <summary>The shop's JSON.</summary>
            [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
            [JsonSerializable(typeof(Request))]
            internal sealed partial class AppJson : JsonSerializerContext;
            """;

        var result = await CodeFixRunner.ApplyAsync(
            new HandlerAnalyzer(),
            new RegisterInSerializerContextCodeFix(),
            RuleIdentifiers.HandlerTypeNotInSerializerContext,
            [("/src/Functions.cs", Functions), ("/src/AppJson.cs", Context)],
            [CompilationBuilder.LambdaKitRuntime]);

        Assert.Equal(Functions, result["/src/Functions.cs"]);
        Assert.Equal(
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
            result["/src/AppJson.cs"]);
    }

    [Fact]
    public async Task A_context_without_attributes_gets_its_first_line_fully_qualified_where_names_are_not_in_scope()
    {
        const string Context = """
            [assembly: LambdaKit.LambdaSerializerContext(typeof(Other.AppJson))]

            namespace Other
            {
                /// <summary>Hand-written options.</summary>
                internal sealed partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext
                {
                }
            }
            """;

        var result = await CodeFixRunner.ApplyAsync(
            new HandlerAnalyzer(),
            new RegisterInSerializerContextCodeFix(),
            RuleIdentifiers.HandlerTypeNotInSerializerContext,
            [("/src/Functions.cs", Functions.Replace("(Request request) => new(request.Name)", "() => new(\"\")", StringComparison.Ordinal)), ("/src/AppJson.cs", Context)],
            [CompilationBuilder.LambdaKitRuntime]);

        Assert.Equal(
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
            result["/src/AppJson.cs"]);
    }
}
