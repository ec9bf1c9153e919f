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
using Microsoft.CodeAnalysis.Simplification;

namespace LambdaKit.CodeFixes;

/// <summary>
/// LK1010: adds <c>[JsonSerializable(typeof(T))]</c> for the handler's type to the user-named
/// <c>JsonSerializerContext</c>, next to its other <c>[JsonSerializable]</c> lines.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RegisterInSerializerContextCodeFix))]
[Shared]
public sealed class RegisterInSerializerContextCodeFix : CodeFixProvider
{
    /// <summary>Diagnostic property: the documentation id of the context type (set by the analyzer).</summary>
    public const string ContextIdProperty = "ContextId";

    /// <summary>Diagnostic property: the type to register, fully qualified (set by the analyzer).</summary>
    public const string TypeProperty = "Type";

    private const string JsonSerializableAttribute = "global::System.Text.Json.Serialization.JsonSerializable";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.HandlerTypeNotInSerializerContext);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ContextIdProperty, out var contextId) || contextId is null
                || !diagnostic.Properties.TryGetValue(TypeProperty, out var type) || type is null)
            {
                continue;
            }

            var compilation = await context.Document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
            if (compilation is null
                || DocumentationCommentId.GetFirstSymbolForDeclarationId(contextId, compilation) is not INamedTypeSymbol contextType
                || contextType.DeclaringSyntaxReferences.IsEmpty)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Add [JsonSerializable] for the handler type to " + contextType.Name,
                    cancellationToken => AddAttributeAsync(context.Document.Project.Solution, contextType, type, cancellationToken),
                    equivalenceKey: nameof(RegisterInSerializerContextCodeFix) + type),
                diagnostic);
        }
    }

    private static async Task<Solution> AddAttributeAsync(Solution solution, INamedTypeSymbol contextType, string type, CancellationToken cancellationToken)
    {
        // The declaration that already lists types, so the new line joins them; otherwise the first one.
        ClassDeclarationSyntax? target = null;
        foreach (var reference in contextType.DeclaringSyntaxReferences)
        {
            if (await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is ClassDeclarationSyntax declaration)
            {
                target ??= declaration;
                if (declaration.AttributeLists.SelectMany(l => l.Attributes).Any(IsJsonSerializable))
                {
                    target = declaration;
                    break;
                }
            }
        }

        var document = target is null ? null : solution.GetDocument(target.SyntaxTree);
        if (target is null || document is null)
        {
            return solution;
        }

        var attribute = SyntaxFactory.Attribute(
                SyntaxFactory.ParseName(JsonSerializableAttribute),
                SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.AttributeArgument(SyntaxFactory.TypeOfExpression(SyntaxFactory.ParseTypeName(type))))))
            .WithAdditionalAnnotations(Simplifier.Annotation);
        var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute));
        var lists = target.AttributeLists;
        var anchor = lists.LastOrDefault(l => l.Attributes.Any(IsJsonSerializable)) ?? lists.LastOrDefault();
        ClassDeclarationSyntax updated;
        if (anchor is not null)
        {
            // On its own line after the anchor, indented like it; the anchor's comments stay with the anchor only.
            list = list
                .WithLeadingTrivia(anchor.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                .WithTrailingTrivia(anchor.GetTrailingTrivia().Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
            updated = target.WithAttributeLists(lists.Insert(lists.IndexOf(anchor) + 1, list));
        }
        else
        {
            // Before the modifiers, taking over the declaration's leading trivia (doc comments, indentation).
            var indentation = target.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).LastOrDefault();
            var text = await target.SyntaxTree.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var newLine = text.ToString().Contains("\r\n") ? "\r\n" : "\n";
            list = list.WithLeadingTrivia(target.GetLeadingTrivia()).WithTrailingTrivia(SyntaxFactory.EndOfLine(newLine));
            updated = target.WithoutLeadingTrivia().WithLeadingTrivia(indentation).WithAttributeLists(lists.Add(list));
        }

        var root = await target.SyntaxTree.GetRootAsync(cancellationToken).ConfigureAwait(false);
        var changed = document.WithSyntaxRoot(root.ReplaceNode(target, updated));
        var simplified = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return simplified.Project.Solution;
    }

    private static bool IsJsonSerializable(AttributeSyntax attribute)
    {
        var name = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        };
        return name is "JsonSerializable" or "JsonSerializableAttribute";
    }
}
