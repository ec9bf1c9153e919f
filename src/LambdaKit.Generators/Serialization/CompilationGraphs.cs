using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using LambdaKit.Generators.Common;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Serialization;

/// <summary>
/// <see cref="GraphBuilder"/>s kept per compilation and naming policy, so the handlers of a compilation (generator)
/// and their types (analyzer) describe a shared type once per builder, however many handlers reach it. A builder is not
/// thread-safe: each call takes one from the pool (or makes one) and gives it back, so concurrent analyzer actions
/// never wait for each other and a compilation has about as many builders as threads that asked at once.
/// </summary>
internal static class CompilationGraphs
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentBag<GraphBuilder>[]> Pools = new();

    /// <inheritdoc cref="GraphBuilder.Reach"/>
    public static (List<string> Roots, ImmutableEquatableArray<TypeNode> Nodes) Reach(
        Compilation compilation, JsonNamingPolicyKind naming, IReadOnlyList<ITypeSymbol> roots, CancellationToken cancellationToken)
    {
        var pool = Pools.GetValue(compilation, static _ => new[] { new ConcurrentBag<GraphBuilder>(), new ConcurrentBag<GraphBuilder>() })[(int)naming];
        if (!pool.TryTake(out var builder))
        {
            builder = new GraphBuilder(compilation, naming);
        }

        // A builder whose call threw (cancelled mid-description) is not given back: its half-described type must not be reused.
        var reached = builder.Reach(roots, cancellationToken);
        pool.Add(builder);
        return reached;
    }
}
