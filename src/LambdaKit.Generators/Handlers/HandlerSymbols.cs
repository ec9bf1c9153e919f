using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Handlers;

/// <summary>
/// The types a handler check needs, resolved once per compilation by metadata name (never by reference to the
/// assemblies that define them: the user's compilation references them, the generator does not).
/// </summary>
internal sealed class HandlerSymbols
{
    public const string LambdaFunctionAttributeName = "LambdaKit.LambdaFunctionAttribute";
    public const string LambdaSerializerContextAttributeName = "LambdaKit.LambdaSerializerContextAttribute";
    public const string LambdaJsonOptionsAttributeName = "LambdaKit.LambdaJsonOptionsAttribute";
    public const string LambdaKitContextName = "LambdaKit.Runtime.ILambdaContext";
    public const string AmazonContextName = "Amazon.Lambda.Core.ILambdaContext";

    private HandlerSymbols(Compilation compilation)
    {
        Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        LambdaKitContext = compilation.GetTypeByMetadataName(LambdaKitContextName);
        AmazonContext = compilation.GetTypeByMetadataName(AmazonContextName);
        JsonSerializerContext = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializerContext");
        JsonTypeInfoOfT = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.Metadata.JsonTypeInfo`1");
        JsonSerializableAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializableAttribute");
        LambdaSerializerContextAttribute = compilation.GetTypeByMetadataName(LambdaSerializerContextAttributeName);
        LambdaJsonOptionsAttribute = compilation.GetTypeByMetadataName(LambdaJsonOptionsAttributeName);

        foreach (var attribute in compilation.Assembly.GetAttributes())
        {
            if (LambdaSerializerContextAttribute is not null
                && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, LambdaSerializerContextAttribute)
                && attribute.ConstructorArguments.Length == 1
                && attribute.ConstructorArguments[0].Value is INamedTypeSymbol context)
            {
                UserContext = context;
                UserContextAttribute = attribute;
            }
            else if (LambdaJsonOptionsAttribute is not null
                && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, LambdaJsonOptionsAttribute))
            {
                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == "PropertyNaming" && argument.Value.Value is int naming)
                    {
                        CamelCase = naming == 1;
                    }
                }
            }
        }
    }

    public INamedTypeSymbol? Stream { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? LambdaKitContext { get; }

    /// <summary><c>Amazon.Lambda.Core.ILambdaContext</c>, when the compilation references Amazon.Lambda.Core.</summary>
    public INamedTypeSymbol? AmazonContext { get; }

    public INamedTypeSymbol? JsonSerializerContext { get; }

    public INamedTypeSymbol? JsonTypeInfoOfT { get; }

    public INamedTypeSymbol? JsonSerializableAttribute { get; }

    public INamedTypeSymbol? LambdaSerializerContextAttribute { get; }

    public INamedTypeSymbol? LambdaJsonOptionsAttribute { get; }

    /// <summary>The context named by <c>[assembly: LambdaSerializerContext(typeof(X))]</c>, if any.</summary>
    public INamedTypeSymbol? UserContext { get; }

    public AttributeData? UserContextAttribute { get; }

    /// <summary><c>[assembly: LambdaJsonOptions(PropertyNaming = LambdaPropertyNaming.CamelCase)]</c>.</summary>
    public bool CamelCase { get; }

    private static readonly ConditionalWeakTable<Compilation, HandlerSymbols> Cache = new();

    /// <summary>The symbols of <paramref name="compilation"/>, resolved once however many handlers ask.</summary>
    public static HandlerSymbols For(Compilation compilation) => Cache.GetValue(compilation, static c => new HandlerSymbols(c));
}
