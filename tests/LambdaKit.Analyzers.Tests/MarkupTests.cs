using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace LambdaKit.Analyzers.Tests;

public class MarkupTests
{
    [Fact]
    public void Parse_removes_marks_and_records_spans_with_ids()
    {
        var result = Markup.Parse("a {|LK4001:bc|} [|d|]e");

        Assert.Equal("a bc de", result.Source);
        Assert.Equal([new ExpectedSpan("LK4001", new TextSpan(2, 2)), new ExpectedSpan(null, new TextSpan(5, 1))], result.Spans);
    }

    [Fact]
    public void Parse_handles_nested_marks()
    {
        var result = Markup.Parse("{|X1:a[|b|]c|}");

        Assert.Equal("abc", result.Source);
        Assert.Equal([new ExpectedSpan("X1", new TextSpan(0, 3)), new ExpectedSpan(null, new TextSpan(1, 1))], result.Spans);
    }

    [Theory]
    [InlineData("a |] b")]
    [InlineData("{|LK1: a")]
    [InlineData("{|: a |}")]
    [InlineData("{|no colon here")]
    [InlineData("[| a |}")]
    public void Parse_rejects_broken_markup(string markup)
    {
        Assert.Throws<FormatException>(() => Markup.Parse(markup));
    }

    [Fact]
    public async Task Verify_fails_with_a_readable_diff_on_a_missing_and_an_unexpected_diagnostic()
    {
        var error = await Assert.ThrowsAsync<XunitException>(() => AnalyzerVerifier<EveryClassAnalyzer>.VerifyAsync(
            """
            class {|TK0001:A|} { }
            class B { }
            """));

        Assert.Contains("- missing    TK0001 at 1:7 on `A`", error.Message, StringComparison.Ordinal);
        Assert.Contains("+ unexpected TK0001 at 1:9 on `{ }`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_passes_on_exact_spans_and_uses_the_default_id_for_plain_marks()
    {
        var diagnostics = await AnalyzerVerifier<EveryClassAnalyzer>.VerifyAsync("class A [|{ }|]\nclass B {|TK0001:{ }|}", defaultId: "TK0001");

        Assert.Equal(2, diagnostics.Length);
    }

    [Fact]
    public async Task Verify_refuses_a_source_that_does_not_compile()
    {
        var error = await Assert.ThrowsAsync<XunitException>(() => AnalyzerVerifier<EveryClassAnalyzer>.VerifyAsync("class A { int x = \"s\"; }"));

        Assert.Contains("CS0029", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_runner_reports_an_analyzer_that_throws()
    {
        var error = await Assert.ThrowsAsync<XunitException>(() => AnalyzerVerifier<ThrowingAnalyzer>.VerifyAsync("class A { }"));

        Assert.Contains("AD0001", error.Message, StringComparison.Ordinal);
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Reports TK0001 on the body braces of every class: a known, simple analyzer for testing the verifier.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class EveryClassAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TK0001", "t", "m", "Test", DiagnosticSeverity.Warning, true);

        public override System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSyntaxNodeAction(
                c =>
                {
                    var node = (Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax)c.Node;
                    c.ReportDiagnostic(Diagnostic.Create(Rule, Location.Create(node.SyntaxTree, TextSpan.FromBounds(node.OpenBraceToken.SpanStart, node.CloseBraceToken.Span.End))));
                },
                Microsoft.CodeAnalysis.CSharp.SyntaxKind.ClassDeclaration);
        }
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("TK0002", "t", "m", "Test", DiagnosticSeverity.Warning, true);

        public override System.Collections.Immutable.ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationAction(_ => throw new InvalidOperationException("boom"));
        }
    }
}
