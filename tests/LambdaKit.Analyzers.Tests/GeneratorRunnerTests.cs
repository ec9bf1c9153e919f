using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Sdk;

namespace LambdaKit.Analyzers.Tests;

/// <summary>The generator helpers, proven on small generators defined here (the real ones come with issue 3).</summary>
public class GeneratorRunnerTests
{
    private const string Handlers = """
        public class OrdersHandler { public int Count() => 1; }
        public class Other { }
        """;

    [Fact]
    public void The_generator_output_is_in_the_compilation()
    {
        var builder = new CompilationBuilder().WithSource(Handlers);
        var (_, output, result) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new HandlerListGenerator()), builder.BuildCompilation());

        var generated = Assert.Single(Assert.Single(result.Results).GeneratedSources);
        Assert.Contains("\"OrdersHandler\"", generated.SourceText.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.NotNull(output.GetTypeByMetadataName("HandlerList"));
    }

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached_and_a_rename_modifies()
    {
        var builder = new CompilationBuilder().WithSource(Handlers);
        var compilation = builder.BuildCompilation();
        var (driver, _, first) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new HandlerListGenerator()), compilation);
        IncrementalAssert.HasReason(first, HandlerListGenerator.NamesStep, IncrementalStepRunReason.New);

        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Handlers.Replace("=> 1", "=> 2", StringComparison.Ordinal))));
        var (driver2, _, second) = GeneratorRunner.Run(driver, edited);
        IncrementalAssert.AllCached(second, HandlerListGenerator.NamesStep, HandlerListGenerator.CollectedStep);

        var renamed = edited.ReplaceSyntaxTree(edited.SyntaxTrees.Single(), tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Handlers.Replace("OrdersHandler", "PaymentsHandler", StringComparison.Ordinal))));
        var (_, _, third) = GeneratorRunner.Run(driver2, renamed);
        IncrementalAssert.HasReason(third, HandlerListGenerator.NamesStep, IncrementalStepRunReason.Modified);
        Assert.Throws<XunitException>(() => IncrementalAssert.AllCached(third, HandlerListGenerator.NamesStep));
    }

    [Fact]
    public void NoRoslynObjects_passes_plain_models_and_catches_a_syntax_node_in_a_model()
    {
        var builder = new CompilationBuilder().WithSource(Handlers);
        var (_, _, good) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new HandlerListGenerator()), builder.BuildCompilation());
        IncrementalAssert.NoRoslynObjects(good, HandlerListGenerator.NamesStep, HandlerListGenerator.CollectedStep);

        var (_, _, bad) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new LeakyGenerator()), builder.BuildCompilation());
        var error = Assert.Throws<XunitException>(() => IncrementalAssert.NoRoslynObjects(bad, LeakyGenerator.Step));
        Assert.Contains("ClassDeclarationSyntax", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_a_step_that_did_not_run_fails()
    {
        var builder = new CompilationBuilder().WithSource(Handlers);
        var (_, _, result) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new HandlerListGenerator()), builder.BuildCompilation());

        Assert.Throws<XunitException>(() => IncrementalAssert.AllCached(result, "NoSuchStep"));
    }

    /// <summary>Lists classes named *Handler, through an equatable model.</summary>
    private sealed class HandlerListGenerator : IIncrementalGenerator
    {
        public const string NamesStep = "Names";
        public const string CollectedStep = "Collected";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var names = context.SyntaxProvider
                .CreateSyntaxProvider(
                    static (node, _) => node is ClassDeclarationSyntax c && c.Identifier.Text.EndsWith("Handler", StringComparison.Ordinal),
                    static (ctx, _) => new HandlerModel(((ClassDeclarationSyntax)ctx.Node).Identifier.Text))
                .WithTrackingName(NamesStep);
            var collected = names.Collect().WithTrackingName(CollectedStep);
            context.RegisterSourceOutput(collected, static (output, models) =>
                output.AddSource("HandlerList.g.cs", "public static class HandlerList { public static readonly string[] Names = { " + string.Join(", ", models.Select(m => "\"" + m.Name + "\"")) + " }; }"));
        }
    }

    private sealed record HandlerModel(string Name);

    /// <summary>Puts syntax in its model: what NoRoslynObjects must catch.</summary>
    private sealed class LeakyGenerator : IIncrementalGenerator
    {
        public const string Step = "Leaky";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var models = context.SyntaxProvider
                .CreateSyntaxProvider(static (node, _) => node is ClassDeclarationSyntax, static (ctx, _) => new LeakyModel((ClassDeclarationSyntax)ctx.Node))
                .WithTrackingName(Step);
            context.RegisterSourceOutput(models, static (_, _) => { });
        }
    }

    private sealed record LeakyModel(ClassDeclarationSyntax Syntax);
}
