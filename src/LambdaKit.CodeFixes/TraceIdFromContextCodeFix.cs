using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LambdaKit.CodeFixes;

/// <summary>
/// LK6004: replaces <c>Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID")</c> with the handler's
/// <c>context.TraceId</c>. Offered only when the analyzer found a LambdaKit context parameter and named it.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TraceIdFromContextCodeFix))]
[Shared]
public sealed class TraceIdFromContextCodeFix : CodeFixProvider
{
    /// <summary>The analyzer's diagnostic property with the context parameter's name.</summary>
    public const string ContextProperty = "Context";

    private const string TraceId = "TraceId";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.TraceIdFromEnvironment);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(ContextProperty, out var parameter) && parameter is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Use " + parameter + "." + TraceId, token => FixAsync(context.Document, diagnostic, parameter, token), equivalenceKey: nameof(TraceIdFromContextCodeFix)),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, string parameter, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call)
        {
            return document;
        }

        var traceId = SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxFactory.IdentifierName(parameter),
            SyntaxFactory.IdentifierName(TraceId));
        return document.WithSyntaxRoot(root.ReplaceNode(call, traceId.WithTriviaFrom(call)));
    }
}
