using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using LambdaKit.Generators.Common;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Serialization;

/// <summary>
/// One <see cref="GraphBuilder"/> per compilation and naming policy, so the handlers of a compilation (generator) and
/// their types (analyzer) describe each shared type once, however many handlers reach it.
/// </summary>
internal static class CompilationGraphs
{
    private static readonly ConditionalWeakTable<Compilation, GraphBuilder?[]> Builders = new();

    /// <inheritdoc cref="GraphBuilder.Reach"/>
    public static (List<string> Roots, ImmutableEquatableArray<TypeNode> Nodes) Reach(
        Compilation compilation, JsonNamingPolicyKind naming, IReadOnlyList<ITypeSymbol> roots, CancellationToken cancellationToken)
    {
        var builders = Builders.GetValue(compilation, static _ => new GraphBuilder?[2]);
        lock (builders)
        {
            var builder = builders[(int)naming] ??= new GraphBuilder(compilation, naming);
            try
            {
                return builder.Reach(roots, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // A type whose description was interrupted must not be reused.
                builders[(int)naming] = null;
                throw;
            }
        }
    }
}
