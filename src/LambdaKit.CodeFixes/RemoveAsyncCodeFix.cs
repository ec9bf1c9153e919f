using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LambdaKit.CodeFixes;

/// <summary>
/// LK2010: removes <c>async</c> from a handler that never awaits and returns its results as completed tasks:
/// <c>return x;</c> becomes <c>return Task.FromResult(x);</c>, and a <c>Task</c> handler returns
/// <c>Task.CompletedTask</c> where it ended or returned. Offered only where the analyzer marked it mechanical (a
/// <c>Task</c> or <c>Task&lt;T&gt;</c> handler with no throw of its own). Returns in nested lambdas and local functions
/// are theirs and stay.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveAsyncCodeFix))]
[Shared]
public sealed class RemoveAsyncCodeFix : CodeFixProvider
{
    /// <summary>Diagnostic property set by the analyzer when the fix is mechanical.</summary>
    public const string FixableProperty = "Fixable";

    private const string Title = "Remove 'async' and return completed tasks";

    private const string TaskType = "global::System.Threading.Tasks.Task";

    private static readonly SymbolDisplayFormat FullyQualifiedWithNullability =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.AsyncHandlerWithoutAwait);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics.Where(d => d.Properties.ContainsKey(FixableProperty)))
        {
            context.RegisterCodeFix(
                CodeAction.Create(Title, token => FixAsync(context.Document, diagnostic, token), equivalenceKey: nameof(RemoveAsyncCodeFix)),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not MethodDeclarationSyntax method
            || model?.GetDeclaredSymbol(method, cancellationToken) is not { ReturnType: INamedTypeSymbol returnType })
        {
            return document;
        }

        var result = returnType.IsGenericType ? returnType.TypeArguments[0] : null;
        var updated = method;
        if (method.ExpressionBody is { } arrow)
        {
            updated = result is null
                ? method.WithExpressionBody(null).WithSemicolonToken(default)
                    .WithBody(SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(arrow.Expression.WithoutTrivia()), CompletedTaskReturn()))
                : method.WithExpressionBody(arrow.WithExpression(FromResult(arrow.Expression, result, model, cancellationToken)));
        }
        else if (method.Body is { } body)
        {
            var returns = body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<ReturnStatementSyntax>().ToList();
            var newBody = body.ReplaceNodes(returns, (original, _) => original.WithExpression(
                original.Expression is { } value && result is not null
                    ? FromResult(value, result, model, cancellationToken)
                    : CompletedTask()).WithAdditionalAnnotations(Formatter.Annotation));
            if (result is null && EndIsReachable(body, model))
            {
                newBody = newBody.AddStatements(CompletedTaskReturn());
            }

            updated = method.WithBody(newBody);
        }

        updated = RemoveAsync(updated).WithAdditionalAnnotations(Formatter.Annotation);
        var changed = document.WithSyntaxRoot(root.ReplaceNode(method, updated));
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static MethodDeclarationSyntax RemoveAsync(MethodDeclarationSyntax method)
    {
        var index = method.Modifiers.IndexOf(SyntaxKind.AsyncKeyword);
        var asyncKeyword = method.Modifiers[index];
        var modifiers = method.Modifiers.RemoveAt(index);
        if (index < modifiers.Count)
        {
            // The next modifier takes the removed one's leading trivia (indentation, comments).
            modifiers = modifiers.Replace(modifiers[index], modifiers[index].WithLeadingTrivia(asyncKeyword.LeadingTrivia));
            return method.WithModifiers(modifiers);
        }

        return method.WithModifiers(modifiers).WithReturnType(method.ReturnType.WithLeadingTrivia(asyncKeyword.LeadingTrivia));
    }

    private static bool EndIsReachable(BlockSyntax body, SemanticModel model) =>
        body.Statements.Count == 0 || model.AnalyzeControlFlow(body.Statements.First(), body.Statements.Last()) is not { Succeeded: true, EndPointIsReachable: false };

    /// <summary><c>Task.FromResult(value)</c>, with the type argument spelled out when the value's type is not exactly the result type (null, default, a derived type).</summary>
    private static InvocationExpressionSyntax FromResult(ExpressionSyntax value, ITypeSymbol result, SemanticModel model, CancellationToken cancellationToken)
    {
        var exact = model.GetTypeInfo(value, cancellationToken).Type is { } type && type.Equals(result, SymbolEqualityComparer.IncludeNullability);
        SimpleNameSyntax name = exact
            ? SyntaxFactory.IdentifierName("FromResult")
            : SyntaxFactory.GenericName(SyntaxFactory.Identifier("FromResult"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.ParseTypeName(result.ToDisplayString(FullyQualifiedWithNullability)).WithAdditionalAnnotations(Simplifier.Annotation))));
        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TaskName(), name),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(value.WithoutTrivia()))))
            .WithTriviaFrom(value);
    }

    private static TypeSyntax TaskName() => SyntaxFactory.ParseTypeName(TaskType).WithAdditionalAnnotations(Simplifier.Annotation);

    private static MemberAccessExpressionSyntax CompletedTask() =>
        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TaskName(), SyntaxFactory.IdentifierName("CompletedTask")).WithLeadingTrivia(SyntaxFactory.Space);

    private static ReturnStatementSyntax CompletedTaskReturn() =>
        SyntaxFactory.ReturnStatement(CompletedTask()).WithAdditionalAnnotations(Formatter.Annotation);
}
