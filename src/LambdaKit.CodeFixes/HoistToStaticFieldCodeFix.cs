using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LambdaKit.CodeFixes;

/// <summary>
/// LK2001: moves an object a handler creates on every invocation into a <c>private static readonly</c> field of the
/// handler's type, created once during init. Offered only where the analyzer marked the creation as movable (it uses
/// nothing of the invocation): a local declared with it (the local's uses then name the field, and a <c>using</c> goes,
/// since the shared object lives as long as the process), or the expression itself.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HoistToStaticFieldCodeFix))]
[Shared]
public sealed class HoistToStaticFieldCodeFix : CodeFixProvider
{
    /// <summary>Diagnostic property set by the analyzer when the creation can move to a static field.</summary>
    public const string HoistProperty = "Hoist";

    private const string Title = "Create it once in a static readonly field";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.CreatedPerInvocation);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create((context, document, diagnostics) => HoistAsync(document, diagnostics, context.CancellationToken));

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics.Where(d => d.Properties.ContainsKey(HoistProperty)))
        {
            context.RegisterCodeFix(
                CodeAction.Create(Title, token => HoistAsync(context.Document, ImmutableArray.Create(diagnostic), token)!, equivalenceKey: nameof(HoistToStaticFieldCodeFix)),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Document?> HoistAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var taken = new Dictionary<TypeDeclarationSyntax, HashSet<string>>();
        foreach (var diagnostic in diagnostics.Where(d => d.Properties.ContainsKey(HoistProperty)).OrderBy(d => d.Location.SourceSpan.Start))
        {
            var creation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as BaseObjectCreationExpressionSyntax;
            var type = creation?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (creation is null || type is null || model.GetTypeInfo(creation, cancellationToken).Type is not { } createdType
                || model.GetDeclaredSymbol(type, cancellationToken) is not { } typeSymbol)
            {
                continue;
            }

            if (!taken.TryGetValue(type, out var names))
            {
                names = new HashSet<string>(typeSymbol.MemberNames) { typeSymbol.Name };
                taken[type] = names;
            }

            var declaration = creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                && declarator.Parent?.Parent is LocalDeclarationStatementSyntax statement
                ? (Declarator: declarator, Statement: statement)
                : default;
            var name = Unique(declaration.Declarator is { } d ? Capitalized(d.Identifier.ValueText) : createdType.Name, names);

            var field = SyntaxFactory.FieldDeclaration(
                    SyntaxFactory.VariableDeclaration(
                        SyntaxFactory.ParseTypeName(createdType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation),
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(creation.WithoutTrivia())))))
                .WithModifiers(SyntaxFactory.TokenList(
                    SyntaxFactory.Token(SyntaxKind.PrivateKeyword),
                    SyntaxFactory.Token(SyntaxKind.StaticKeyword),
                    SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.InsertMembers(type, 0, new SyntaxNode[] { field });

            var reference = SyntaxFactory.IdentifierName(name);
            if (declaration.Statement is { } local && model.GetDeclaredSymbol(declaration.Declarator, cancellationToken) is { } localSymbol)
            {
                var body = local.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)type;
                foreach (var use in body.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (use.Identifier.ValueText == localSymbol.Name
                        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(use, cancellationToken).Symbol, localSymbol))
                    {
                        editor.ReplaceNode(use, reference.WithTriviaFrom(use));
                    }
                }

                editor.RemoveNode(local, SyntaxRemoveOptions.KeepNoTrivia);
            }
            else
            {
                editor.ReplaceNode(creation, reference.WithTriviaFrom(creation));
            }
        }

        var changed = editor.GetChangedDocument();
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static string Capitalized(string name)
    {
        var trimmed = name.TrimStart('_');
        return trimmed.Length == 0 ? "Shared" : char.ToUpperInvariant(trimmed[0]) + trimmed.Substring(1);
    }

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = name;
        for (var i = 2; !taken.Add(candidate); i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
