using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Analyzers.ExecutionModels;

/// <summary>The types LK6002 calls not thread-safe, and the APIs LK6003/LK6004 look for, resolved once per compilation.</summary>
internal sealed class ConcurrencyHazardTypes
{
    private static readonly string[] NotThreadSafeNames =
    {
        "System.Collections.Generic.Dictionary`2",
        "System.Collections.Generic.List`1",
        "System.Random",
        "System.Text.StringBuilder",
    };

    private readonly ImmutableArray<INamedTypeSymbol> _notThreadSafe;
    private readonly INamedTypeSymbol? _dbConnection;

    public ConcurrencyHazardTypes(Compilation compilation)
    {
        _notThreadSafe = NotThreadSafeNames
            .Select(compilation.GetTypeByMetadataName)
            .Where(t => t is not null)
            .ToImmutableArray()!;
        _dbConnection = compilation.GetTypeByMetadataName("System.Data.Common.DbConnection");
        Environment = compilation.GetTypeByMetadataName("System.Environment");
        Path = compilation.GetTypeByMetadataName("System.IO.Path");
    }

    public INamedTypeSymbol? Environment { get; }

    public INamedTypeSymbol? Path { get; }

    /// <summary>The not thread-safe type <paramref name="type"/> is or derives from, or null.</summary>
    public INamedTypeSymbol? NotThreadSafe(ITypeSymbol type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            var definition = current.OriginalDefinition;
            if (_notThreadSafe.Contains(definition, SymbolEqualityComparer.Default) || SymbolEqualityComparer.Default.Equals(definition, _dbConnection))
            {
                return definition;
            }
        }

        return null;
    }
}
