using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Generators.Common;
using LambdaKit.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>
/// An edit that changes no declaration leaves every step's outputs Cached or Unchanged and reuses the handlers' models
/// without binding them again; an edit that changes a declaration (anywhere), an option or a reference builds them again.
/// </summary>
public sealed class UnchangedDeclarationsTests
{
    private static readonly string[] AllSteps = [TrackingNames.AttributedMethods, TrackingNames.Handlers, TrackingNames.HandlerSet, TrackingNames.Settings, TrackingNames.EntryPoint, TrackingNames.Serializer];

    // Keyed by node: each test's compilation has nodes of its own, so tests share it safely.
    private static readonly DeclarationModelCache<string> Cache = new();

    private const string Functions = HandlerTestHost.Usings + """
        namespace App;

        public sealed record Request(string Name, Details Details);

        public sealed class Function
        {
            [LambdaFunction]
            public static Task<Request> Handle(Request request, ILambdaContext context) => Task.FromResult(request);

            [LambdaFunction]
            public static Stream Raw(Stream input) => input;

            [Obsolete]
            public static void Plain() { }
        }
        """;

    private const string Other = """
        namespace App;

        public sealed record Details(int Count);

        public static class Other
        {
            // The answer.
            public static int Answer => 41;

            public static int Twice(int value)
            {
                return value * 2;
            }
        }
        """;

    public static TheoryData<string, string> EditsWithoutDeclarations() => new()
    {
        { "a comment", Other.Replace("// The answer.", "// The answer, edited.", StringComparison.Ordinal) },
        { "an expression body", Other.Replace("=> 41", "=> 42", StringComparison.Ordinal) },
        { "a method body", Other.Replace("return value * 2;", "var twice = value + value;\n        return twice;", StringComparison.Ordinal) },
        { "whitespace", Other.Replace("public static int Twice", "public  static   int Twice", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(EditsWithoutDeclarations))]
    public void An_edit_without_declarations_leaves_every_step_cached_or_unchanged_and_regenerates_nothing(string edit, string edited)
    {
        var second = RunAndEdit(edited);

        Assert.True(edit.Length > 0);
        IncrementalAssert.AllCached(second, AllSteps);
        Assert.All(second.Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Theory]
    [MemberData(nameof(EditsWithoutDeclarations))]
    public void An_edit_without_declarations_reuses_the_model_without_building_it_again(string edit, string edited)
    {
        var (builds, compilation, handler) = BuildOnce();

        Assert.True(edit.Length > 0);
        Assert.Equal("model", Cache.GetOrBuild(handler, Edit(compilation, edited), () => $"model {++builds.Count}", CancellationToken.None));
        Assert.Equal(1, builds.Count);
    }

    [Fact]
    public void An_edit_without_declarations_reuses_that_a_method_is_no_handler_without_building_it_again()
    {
        var compilation = HandlerTestHost.Builder(Functions).WithSource(Other).BuildCompilation();
        var method = compilation.SyntaxTrees.SelectMany(t => t.GetRoot().DescendantNodes()).OfType<MethodDeclarationSyntax>().First(m => m.Identifier.Text == "Plain");
        var builds = new BuildCount();
        string? NoHandler()
        {
            builds.Count++;
            return null;
        }

        Assert.Null(Cache.GetOrBuild(method, compilation, NoHandler, CancellationToken.None));
        Assert.Null(Cache.GetOrBuild(method, Edit(compilation, Other.Replace("// The answer.", "// The answer, edited.", StringComparison.Ordinal)), NoHandler, CancellationToken.None));
        Assert.Equal(1, builds.Count);
    }

    public static TheoryData<string, string> EditsOfDeclarations() => new()
    {
        { "a member of a type a handler reaches", Other.Replace("record Details(int Count)", "record Details(int Count, string Unit)", StringComparison.Ordinal) },
        { "an unrelated member", Other.Replace("public static int Answer => 41;", "public static int Answer => 41;\n\n    public static int Question => 6;", StringComparison.Ordinal) },
        { "an expression body made a block (no longer an auto-property)", Other.Replace("public static int Answer => 41;", "public static int Answer { get; }", StringComparison.Ordinal) },
        { "a directive", "#nullable disable\n" + Other },
        { "a directive in a method body", Other.Replace("return value * 2;", "#nullable disable\n        return value * 2;", StringComparison.Ordinal) },
        { "a namespace", Other + "\nnamespace App.Inner { }\n" },
    };

    [Theory]
    [MemberData(nameof(EditsOfDeclarations))]
    public void An_edit_of_a_declaration_builds_the_model_again(string edit, string edited)
    {
        var (builds, compilation, handler) = BuildOnce();

        Assert.True(edit.Length > 0);
        Assert.Equal("model 2", Cache.GetOrBuild(handler, Edit(compilation, edited), () => $"model {++builds.Count}", CancellationToken.None));
    }

    [Fact]
    public void Another_assembly_name_options_or_references_build_the_model_again()
    {
        var (builds, compilation, handler) = BuildOnce();
        var otherOptimization = compilation.Options.OptimizationLevel == OptimizationLevel.Debug ? OptimizationLevel.Release : OptimizationLevel.Debug;

        foreach (var other in new[]
        {
            compilation.WithAssemblyName("Renamed"),
            compilation.WithOptions(compilation.Options.WithOptimizationLevel(otherOptimization)),
            compilation.RemoveReferences(compilation.References.Last()),
        })
        {
            var count = builds.Count;
            Cache.GetOrBuild(handler, other, () => $"model {++builds.Count}", CancellationToken.None);
            Assert.Equal(count + 1, builds.Count);
        }
    }

    [Fact]
    public void A_type_declared_in_another_file_that_a_handler_now_binds_to_changes_its_model()
    {
        // The handler's file does not change, but after the edit its `Request` binds to a type another file declares.
        var functions = Functions.Replace("namespace App;", "namespace App.Handlers;\n\nusing App;", StringComparison.Ordinal)
            .Replace("public sealed record Request(string Name, Details Details);", string.Empty, StringComparison.Ordinal);
        var builder = HandlerTestHost.Builder(functions).WithSource("namespace App; public sealed record Request(string Name, Details Details);").WithSource(Other);
        var compilation = builder.BuildCompilation();
        var (driver, _, _) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new LambdaFunctionGenerator()), compilation);

        var requestFile = compilation.SyntaxTrees.Single(t => t.ToString().Contains("record Request", StringComparison.Ordinal));
        var moved = compilation.ReplaceSyntaxTree(requestFile, requestFile.WithChangedText(SourceText.From(
            "namespace App { public sealed record Request(string Name, Details Details); }\nnamespace App.Handlers { public sealed record Request(int Id); }")));
        var (_, _, second) = GeneratorRunner.Run(driver, moved);

        IncrementalAssert.HasReason(second, TrackingNames.Handlers, IncrementalStepRunReason.Modified);
        var models = second.Results.Single().TrackedSteps[TrackingNames.Handlers].SelectMany(s => s.Outputs).Select(o => (HandlerModel)o.Value);
        Assert.Contains(models, m => m.InputType == "global::App.Handlers.Request");
    }

    private static GeneratorDriverRunResult RunAndEdit(string editedOther)
    {
        var builder = HandlerTestHost.Builder(Functions).WithSource(Other);
        var compilation = builder.BuildCompilation();
        var (driver, _, _) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new LambdaFunctionGenerator()), compilation);
        return GeneratorRunner.Run(driver, Edit(compilation, editedOther)).Result;
    }

    /// <summary>A cache holding the handler method's model, built once on the unedited compilation.</summary>
    private static (BuildCount Builds, Compilation Compilation, SyntaxNode Handler) BuildOnce()
    {
        var compilation = HandlerTestHost.Builder(Functions).WithSource(Other).BuildCompilation();
        var handler = compilation.SyntaxTrees.SelectMany(t => t.GetRoot().DescendantNodes()).OfType<MethodDeclarationSyntax>().First(m => m.Identifier.Text == "Handle");
        var builds = new BuildCount();
        Assert.Equal("model", Cache.GetOrBuild(handler, compilation, () => { builds.Count++; return "model"; }, CancellationToken.None));
        return (builds, compilation, handler);
    }

    private static Compilation Edit(Compilation compilation, string editedOther)
    {
        var other = compilation.SyntaxTrees.Single(t => t.ToString().Contains("class Other", StringComparison.Ordinal));
        return compilation.ReplaceSyntaxTree(other, other.WithChangedText(SourceText.From(editedOther)));
    }

    private sealed class BuildCount
    {
        public int Count { get; set; }
    }
}
