using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>The pipeline's steps re-run only on real changes, and hold plain data.</summary>
public sealed class CachingTests
{
    private static readonly string[] AllSteps = [TrackingNames.Handlers, TrackingNames.HandlerSet, TrackingNames.Settings, TrackingNames.EntryPoint, TrackingNames.Serializer];

    private const string Functions = HandlerTestHost.Usings + """
        using System.Text.Json.Serialization;

        [assembly: LambdaSerializerContext(typeof(App.Json))]

        namespace App
        {
            public sealed record Request(string Name);

            [JsonSerializable(typeof(Request))]
            internal sealed partial class Json : JsonSerializerContext;

            public sealed class Function
            {
                [LambdaFunction]
                public Task Handle(Request request, ILambdaContext context) => Task.CompletedTask;

                [LambdaFunction]
                public static Stream Raw(Stream input) => input;
            }
        }
        """;

    /// <summary>The same functions without a user context: the generated serializer context's model is built.</summary>
    private static readonly string DefaultMode = Functions
        .Replace("[assembly: LambdaSerializerContext(typeof(App.Json))]", string.Empty, StringComparison.Ordinal)
        .Replace("[JsonSerializable(typeof(Request))]", string.Empty, StringComparison.Ordinal)
        .Replace("internal sealed partial class Json : JsonSerializerContext;", string.Empty, StringComparison.Ordinal);

    public static TheoryData<string> Modes() => [Functions, DefaultMode];

    [Theory]
    [MemberData(nameof(Modes))]
    public void An_unrelated_edit_leaves_every_step_cached_and_the_models_hold_no_Roslyn_objects(string functions)
    {
        var builder = HandlerTestHost.Builder(functions, OutputKind.ConsoleApplication).WithSource("namespace App; public static class Other { }");
        var compilation = builder.BuildCompilation();
        var (driver, _, first) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new LambdaFunctionGenerator()), compilation);
        IncrementalAssert.NoRoslynObjects(first, AllSteps);

        var other = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/Test1.cs");
        var edited = compilation.ReplaceSyntaxTree(other, other.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("namespace App; public static class Other { public static int Answer => 42; }")));
        var (_, _, second) = GeneratorRunner.Run(driver, edited);

        IncrementalAssert.AllCached(second, AllSteps);
        Assert.All(second.Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Renaming_a_handler_modifies_its_model_and_the_output()
    {
        var builder = HandlerTestHost.Builder(Functions, OutputKind.ConsoleApplication);
        var compilation = builder.BuildCompilation();
        var (driver, _, _) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new LambdaFunctionGenerator()), compilation);

        var tree = compilation.SyntaxTrees.Single();
        var renamed = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Functions.Replace("Stream Raw(", "Stream Bytes(", StringComparison.Ordinal), builder.ParseOptions, tree.FilePath));
        var (_, _, second) = GeneratorRunner.Run(driver, renamed);

        IncrementalAssert.HasReason(second, TrackingNames.Handlers, IncrementalStepRunReason.Modified);
        IncrementalAssert.HasReason(second, TrackingNames.HandlerSet, IncrementalStepRunReason.Modified);
        Assert.Contains("\"Bytes\"", second.Results.Single().GeneratedSources.Single(s => s.HintName == "LambdaFunctions.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Equivalent_sources_produce_equal_models()
    {
        HandlerSet Models(string source)
        {
            var builder = HandlerTestHost.Builder(source);
            var (_, _, result) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new LambdaFunctionGenerator()), builder.BuildCompilation());
            return (HandlerSet)result.Results.Single().TrackedSteps[TrackingNames.HandlerSet].Single().Outputs.Single().Value;
        }

        var spaced = Functions.Replace("public static Stream Raw(Stream input) => input;", "// a comment\n                public static Stream Raw( Stream input )\n                {\n                    return input;\n                }", StringComparison.Ordinal);

        Assert.Equal(Models(Functions), Models(spaced));
        Assert.Equal(2, Models(Functions).Handlers.Count);
    }
}
