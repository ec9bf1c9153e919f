using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>The types that are expensive to create and meant to be reused across invocations, resolved once per compilation.</summary>
internal sealed class CostlyTypes
{
    private readonly List<CostlyKind> _kinds;

    private CostlyTypes(Compilation compilation)
    {
        _kinds = new[]
        {
            Kind(compilation, "System.Net.Http.HttpClient", "each one opens its own connections (and, created often, exhausts sockets)", hoistable: true),
            Kind(compilation, "Amazon.Runtime.AmazonServiceClient", "each one resolves its configuration and credentials and opens its own connections again", hoistable: true, prefix: "AWS SDK client "),
            Kind(compilation, "System.Data.Common.DbConnection", "each one opens a new connection to the database", hoistable: false, prefix: "database connection "),
            Kind(compilation, "System.Text.Json.JsonSerializerOptions", "each one builds its serialization metadata cache again", hoistable: true),
            Kind(compilation, "System.Text.RegularExpressions.Regex", "each one parses and compiles its pattern again", hoistable: true),
        }.Where(k => k is not null).Select(k => k!).ToList();
        ServiceProviderBuilder = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions");
        Lazy = compilation.GetTypeByMetadataName("System.Lazy`1");
    }

    public static CostlyTypes For(Compilation compilation) => new(compilation);

    public bool IsEmpty => _kinds.Count == 0 && ServiceProviderBuilder is null;

    public INamedTypeSymbol? ServiceProviderBuilder { get; }

    public INamedTypeSymbol? Lazy { get; }

    /// <summary>The kind <paramref name="type"/> is (itself or by derivation), or null.</summary>
    public CostlyKind? Match(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            foreach (var kind in _kinds)
            {
                if (SymbolEqualityComparer.Default.Equals(current, kind.Type))
                {
                    return kind;
                }
            }
        }

        return null;
    }

    private static CostlyKind? Kind(Compilation compilation, string metadataName, string cost, bool hoistable, string prefix = "") =>
        compilation.GetTypeByMetadataName(metadataName) is { } type ? new CostlyKind(type, cost, hoistable, prefix) : null;
}

internal sealed class CostlyKind
{
    public CostlyKind(INamedTypeSymbol type, string cost, bool hoistable, string prefix)
    {
        Type = type;
        Cost = cost;
        Hoistable = hoistable;
        Prefix = prefix;
    }

    public INamedTypeSymbol Type { get; }

    public string Cost { get; }

    /// <summary>A static readonly instance is safe to share (not so a database connection, which is not thread-safe).</summary>
    public bool Hoistable { get; }

    private string Prefix { get; }

    public string Describe(ITypeSymbol created) => Prefix + "'" + created.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + "'";
}
