using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>The pipeline's steps re-run only on real changes, and hold plain data.</summary>
public sealed class CachingTests
{
    private static readonly string[] AllSteps = [TrackingNames.AttributedMethods, TrackingNames.Handlers, TrackingNames.HandlerSet, TrackingNames.Settings, TrackingNames.EntryPoint, TrackingNames.Serializer];

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
    public void An_unrelated_edit_does_not_run_the_serializer_step_or_anything_after_the_handlers()
    {
        var (driver, compilation) = RunDefaultModeWithOther();
        var (_, _, second) = GeneratorRunner.Run(driver, EditOther(compilation, "namespace App; public static class Other { public static int Answer => 42; }"));

        // Cached, not Unchanged: the step did not run at all, so no model was rebuilt to find it equal.
        foreach (var step in new[] { TrackingNames.HandlerSet, TrackingNames.Serializer })
        {
            Assert.All(Outputs(second, step), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        IncrementalAssert.AllCached(second, TrackingNames.Handlers);
    }

    [Fact]
    public void The_serializer_model_is_built_from_the_handlers_and_settings_steps_not_from_the_compilation()
    {
        var (driver, compilation) = RunDefaultModeWithOther();
        var (_, _, second) = GeneratorRunner.Run(driver, EditOther(compilation, "namespace App; public static class Other { public static int Answer => 42; }"));

        foreach (var (step, fedBy) in new[] { (TrackingNames.HandlerSet, TrackingNames.Handlers), (TrackingNames.Serializer, TrackingNames.HandlerSet) })
        {
            var feeding = Feeding(second.Results.Single().TrackedSteps[step].Single()).ToList();
            Assert.DoesNotContain("Compilation", feeding);
            Assert.Contains(fedBy, feeding);
        }

        // Settings reads a few compilation-wide facts (assembly name, output kind, attributes); its output is equal after the edit.
        IncrementalAssert.AllCached(second, TrackingNames.Settings);
    }

    [Fact]
    public void Editing_a_type_a_handler_reaches_in_another_file_modifies_the_serializer_model_and_the_context()
    {
        var builder = HandlerTestHost.Builder(DefaultMode.Replace("public sealed record Request(string Name);", string.Empty, StringComparison.Ordinal), OutputKind.ConsoleApplication)
            .WithSource("namespace App; public sealed record Request(string Name);");
        var compilation = builder.BuildCompilation();
        var (driver, _, _) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new LambdaFunctionGenerator()), compilation);

        var (_, _, second) = GeneratorRunner.Run(driver, EditOther(compilation, "namespace App; public sealed record Request(string Name, int Count);"));

        IncrementalAssert.HasReason(second, TrackingNames.Serializer, IncrementalStepRunReason.Modified);
        var context = second.Results.Single().GeneratedSources.Single(s => s.HintName == "LambdaJsonContext.g.cs").SourceText.ToString();
        Assert.Contains("\"Count\"", context, StringComparison.Ordinal);
    }

    private static (GeneratorDriver Driver, Compilation Compilation) RunDefaultModeWithOther()
    {
        var builder = HandlerTestHost.Builder(DefaultMode, OutputKind.ConsoleApplication).WithSource("namespace App; public static class Other { }");
        var compilation = builder.BuildCompilation();
        var (driver, _, _) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new LambdaFunctionGenerator()), compilation);
        return (driver, compilation);
    }

    private static Compilation EditOther(Compilation compilation, string text)
    {
        var other = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/Test1.cs");
        return compilation.ReplaceSyntaxTree(other, other.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text)));
    }

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorDriverRunResult result, string step) =>
        result.Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs);

    /// <summary>The names of every step that feeds <paramref name="step"/>, however indirectly, up to the named steps (handlers, settings).</summary>
    private static IEnumerable<string> Feeding(IncrementalGeneratorRunStep step)
    {
        foreach (var (source, _) in step.Inputs)
        {
            yield return source.Name ?? string.Empty;
            if (!AllSteps.Contains(source.Name))
            {
                foreach (var name in Feeding(source))
                {
                    yield return name;
                }
            }
        }
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
