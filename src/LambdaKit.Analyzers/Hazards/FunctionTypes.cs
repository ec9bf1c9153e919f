using System.Collections.Concurrent;
using System.Linq;
using System.Runtime.CompilerServices;
using LambdaKit.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>
/// Which methods are handlers and which types hold them, for one compilation: resolved once, answers cached, safe to
/// call from concurrent actions.
/// </summary>
internal sealed class FunctionTypes
{
    private static readonly ConditionalWeakTable<Compilation, FunctionTypes> Cache = new();

    private readonly INamedTypeSymbol _attribute;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _functionTypes = new(SymbolEqualityComparer.Default);

    private FunctionTypes(INamedTypeSymbol attribute) => _attribute = attribute;

    /// <summary>
    /// Null when the compilation does not reference LambdaKit (then no LK2xxx rule applies). One instance per
    /// compilation, shared by the analyzers, so each type is looked at once however many rules ask.
    /// </summary>
    public static FunctionTypes? For(Compilation compilation) =>
        compilation.GetTypeByMetadataName(HandlerSymbols.LambdaFunctionAttributeName) is { } attribute
            ? Cache.GetValue(compilation, _ => new FunctionTypes(attribute))
            : null;

    public bool IsHandler(ISymbol symbol) =>
        symbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } method
        && method.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _attribute));

    /// <summary>A type declaring at least one handler: its initialisers and constructors run during Lambda's init phase.</summary>
    public bool IsFunctionType(INamedTypeSymbol? type) =>
        type is not null && _functionTypes.GetOrAdd(type, t => t.GetMembers().Any(IsHandler));

    /// <summary>The method or lambda whose body holds <paramref name="operation"/>.</summary>
    public static IMethodSymbol? EnclosingFunction(IOperation operation, ISymbol owner)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda)
            {
                return lambda.Symbol;
            }

            if (current is ILocalFunctionOperation local)
            {
                return local.Symbol;
            }
        }

        return owner as IMethodSymbol;
    }

    /// <summary>Whether <paramref name="operation"/> runs later than its enclosing block (inside a lambda or local function).</summary>
    public static bool IsDeferred(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }
}
