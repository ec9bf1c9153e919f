using System.Collections.Concurrent;
using System.Threading;
using LambdaKit.Generators.Common;
using LambdaKit.Generators.Handlers;
using LambdaKit.Generators.Serialization;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Analyzers;

/// <summary>
/// What LK1009 reports about one handler type of a compilation: the unsupported types it reaches in the generator's
/// type graph. Found once per type however many handlers use it (an event type is often shared by all of a function's
/// handlers, and its graph is large); safe to call from concurrent actions.
/// </summary>
internal sealed class UnsupportedHandlerTypes
{
    private readonly Compilation _compilation;
    private readonly JsonNamingPolicyKind _naming;

    // Types equal but for nullability are one entry: the graph describes a reference type without its annotation.
    private readonly ConcurrentDictionary<ITypeSymbol, ImmutableEquatableArray<UnsupportedType>> _found = new(SymbolEqualityComparer.Default);

    public UnsupportedHandlerTypes(Compilation compilation, HandlerSymbols symbols)
    {
        _compilation = compilation;
        _naming = symbols.CamelCase ? JsonNamingPolicyKind.CamelCase : JsonNamingPolicyKind.AsDeclared;
    }

    /// <summary>The unsupported types <paramref name="type"/> reaches; none when it reaches an unresolved type (the compiler reports that).</summary>
    public ImmutableEquatableArray<UnsupportedType> Of(ITypeSymbol type, CancellationToken cancellationToken)
    {
        if (_found.TryGetValue(type, out var found))
        {
            return found;
        }

        found = UnresolvedTypes.Reached(type, cancellationToken)
            ? ImmutableEquatableArray<UnsupportedType>.Empty
            : SerializerGraph.Unsupported(CompilationGraphs.Reach(_compilation, _naming, new[] { type }, cancellationToken).Nodes);
        return _found.GetOrAdd(type, found);
    }
}
