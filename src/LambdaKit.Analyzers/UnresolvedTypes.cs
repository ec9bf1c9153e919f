using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Analyzers;

/// <summary>
/// Whether a handler type reaches a type the compiler could not resolve. The compiler already reports those (CS0246),
/// so LK1009 and LK1010 stay silent rather than describe a type that does not exist.
/// </summary>
internal static class UnresolvedTypes
{
    /// <summary>A parameter or the return type of <paramref name="method"/> is, or is built from, an unresolved type.</summary>
    public static bool InSignature(IMethodSymbol method) =>
        method.Parameters.Any(p => IsOrHasError(p.Type)) || IsOrHasError(method.ReturnType);

    private static bool IsOrHasError(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Error } => true,
        IArrayTypeSymbol array => IsOrHasError(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(IsOrHasError),
        _ => false,
    };

    /// <summary>Looks at the type, its type arguments and array elements, and the fields and properties of source types.</summary>
    public static bool Reached(ITypeSymbol root, CancellationToken cancellationToken)
    {
        var seen = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<ITypeSymbol>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var type = pending.Pop();
            if (!seen.Add(type))
            {
                continue;
            }

            switch (type)
            {
                case { TypeKind: TypeKind.Error }:
                    return true;
                case IArrayTypeSymbol array:
                    pending.Push(array.ElementType);
                    break;
                case INamedTypeSymbol named:
                    foreach (var argument in named.TypeArguments)
                    {
                        pending.Push(argument);
                    }

                    if (named.Locations.Any(l => l.IsInSource))
                    {
                        foreach (var member in named.GetMembers())
                        {
                            if (member is IPropertySymbol { IsStatic: false } property)
                            {
                                pending.Push(property.Type);
                            }
                            else if (member is IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false } field)
                            {
                                pending.Push(field.Type);
                            }
                        }
                    }

                    break;
            }
        }

        return false;
    }
}
