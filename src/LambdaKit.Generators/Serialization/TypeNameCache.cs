using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Serialization;

/// <summary>
/// A graph's type names, each formatted once: the same types are reached again from many handlers and members, and
/// formatting a name (<c>ToDisplayString</c>) is most of what such a revisit costs.
/// </summary>
internal sealed class TypeNameCache
{
    /// <summary>Fully qualified with <c>global::</c> and <c>?</c> on annotated reference types, at any depth.</summary>
    public static readonly SymbolDisplayFormat AnnotatedFormat =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    // Keyed by the comparer under which equal types format alike: a fully qualified name shows no nullable annotation,
    // an annotated one does.
    private readonly Dictionary<ITypeSymbol, string> _fullyQualified = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, string> _annotated = new(SymbolEqualityComparer.IncludeNullability);

    /// <summary><paramref name="type"/> in <see cref="SymbolDisplayFormat.FullyQualifiedFormat"/>.</summary>
    public string FullyQualified(ITypeSymbol type)
    {
        if (!_fullyQualified.TryGetValue(type, out var name))
        {
            name = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            _fullyQualified.Add(type, name);
        }

        return name;
    }

    /// <summary><paramref name="type"/> in <see cref="AnnotatedFormat"/>.</summary>
    public string Annotated(ITypeSymbol type)
    {
        if (!_annotated.TryGetValue(type, out var name))
        {
            name = type.ToDisplayString(AnnotatedFormat);
            _annotated.Add(type, name);
        }

        return name;
    }
}
