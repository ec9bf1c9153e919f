using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Generators.Handlers;

/// <summary>
/// Finds the <c>[LambdaFunction]</c> methods with a syntax provider rather than <c>ForAttributeWithMetadataName</c>:
/// after any edit that call binds every candidate's attributes again before calling the transform, where this transform
/// reuses what it found while the compilation declares the same (<see cref="Common.DeclarationModelCache{TModel}"/>).
/// </summary>
internal static class LambdaFunctionMethods
{
    /// <summary>
    /// Every method with an attribute: an attribute's name alone cannot tell its type (a using alias, a global one in
    /// another file), so the attribute is checked once bound.
    /// </summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
        node is MethodDeclarationSyntax { AttributeLists.Count: > 0 };

    /// <summary>The method with its model when it carries <c>[LambdaFunction]</c>; <see langword="null"/> for any other method.</summary>
    public static LambdaFunctionMethod? Find(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (MethodDeclarationSyntax)context.Node;

        // On the return value too (an error, CS0592), as ForAttributeWithMetadataName finds it: the output stays the same.
        if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not { } method
            || (Applied(declaration, method.GetAttributes()) ?? Applied(declaration, method.GetReturnTypeAttributes())) is not { } attribute)
        {
            return null;
        }

        return new LambdaFunctionMethod(HandlerParser.Parse(method, attribute, context.SemanticModel.Compilation, cancellationToken));
    }

    /// <summary>
    /// The first <c>LambdaKit.LambdaFunctionAttribute</c> written on this declaration: a partial method's other part
    /// has its own declaration, found on its own when it carries the attribute.
    /// </summary>
    private static AttributeData? Applied(MethodDeclarationSyntax declaration, ImmutableArray<AttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (IsLambdaFunctionAttribute(attribute.AttributeClass)
                && attribute.ApplicationSyntaxReference is { } reference
                && reference.SyntaxTree == declaration.SyntaxTree
                && IsInAttributeLists(declaration, reference.Span))
            {
                return attribute;
            }
        }

        return null;
    }

    private static bool IsInAttributeLists(MethodDeclarationSyntax declaration, TextSpan span)
    {
        foreach (var list in declaration.AttributeLists)
        {
            if (list.Span.Contains(span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <see cref="HandlerSymbols.LambdaFunctionAttributeName"/> by name, as <c>ForAttributeWithMetadataName</c> matches
    /// it: whichever assembly declares it.
    /// </summary>
    private static bool IsLambdaFunctionAttribute(INamedTypeSymbol? type) =>
        type is { MetadataName: "LambdaFunctionAttribute", ContainingType: null, ContainingNamespace: { Name: "LambdaKit", ContainingNamespace.IsGlobalNamespace: true } };
}

/// <summary>A <c>[LambdaFunction]</c> method: its model, or <see langword="null"/> when it is not a valid handler.</summary>
internal sealed record LambdaFunctionMethod
{
    public LambdaFunctionMethod(HandlerModel? handler)
    {
        Handler = handler;
    }

    public HandlerModel? Handler { get; }
}
