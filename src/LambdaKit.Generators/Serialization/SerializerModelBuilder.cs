using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Serialization;

/// <summary>
/// Turns handler input/output types into a <see cref="SerializerModel"/>. The rules mirror System.Text.Json 8's reflection
/// resolver (member selection, constructor choice, name conflicts), because the generated metadata must behave exactly
/// like it; whatever cannot be described that way goes into <see cref="SerializerModel.Unsupported"/>.
/// </summary>
internal static class SerializerModelBuilder
{
    /// <summary>Builds the model of every type reachable from <paramref name="rootTypes"/>. Never throws (except on cancellation).</summary>
    public static SerializerModel Build(Compilation compilation, IReadOnlyList<ITypeSymbol> rootTypes, JsonNamingPolicyKind naming, CancellationToken cancellationToken)
    {
        var (roots, nodes) = new GraphBuilder(compilation, naming).Reach(rootTypes, cancellationToken);
        return SerializerGraph.Complete(nodes, roots, naming);
    }
}
