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
    public const string LambdaFunctionDefaultsAttributeName = "LambdaKit.LambdaFunctionDefaultsAttribute";
    public const string LambdaSerializerContextAttributeName = "LambdaKit.LambdaSerializerContextAttribute";
    public const string LambdaJsonOptionsAttributeName = "LambdaKit.LambdaJsonOptionsAttribute";
    public const string LambdaKitContextName = "LambdaKit.Runtime.ILambdaContext";
    public const string AmazonContextName = "Amazon.Lambda.Core.ILambdaContext";
    public const string AmazonSerializerAttributeName = "Amazon.Lambda.Core.LambdaSerializerAttribute";
    public const string AmazonStaticLoggerName = "Amazon.Lambda.Core.LambdaLogger";

    /// <summary>Amazon.Lambda.Core's SnapStart hook registry (Core for .NET 8 and later).</summary>
    public const string AmazonSnapshotRestoreName = "Amazon.Lambda.Core.SnapshotRestore";

    /// <summary>The AWS SDK constant classes AWS's <c>ConstantClassConverter</c> converts (by these names, no others).</summary>
    public static readonly string[] AmazonConstantClassNames = ["Amazon.S3.EventType", "Amazon.DynamoDBv2.OperationType", "Amazon.DynamoDBv2.StreamViewType"];

    public const string AmazonSourceGeneratorSerializerName = "Amazon.Lambda.Serialization.SystemTextJson.SourceGeneratorLambdaJsonSerializer`1";
    public const string AmazonCamelCaseSerializerName = "Amazon.Lambda.Serialization.SystemTextJson.CamelCaseLambdaJsonSerializer";
    public const string AmazonDefaultSerializerName = "Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer";

    public const string ResponseStreamName = "LambdaKit.Runtime.LambdaResponseStream";

    private HandlerSymbols(Compilation compilation)
    {
        LambdaFunctionAttribute = compilation.GetTypeByMetadataName(LambdaFunctionAttributeName);
        Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        ResponseStream = compilation.GetTypeByMetadataName(ResponseStreamName);
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
        AmazonSerializerAttribute = compilation.GetTypeByMetadataName(AmazonSerializerAttributeName);
        AmazonSourceGeneratorSerializer = compilation.GetTypeByMetadataName(AmazonSourceGeneratorSerializerName);
        AmazonCamelCaseSerializer = compilation.GetTypeByMetadataName(AmazonCamelCaseSerializerName);
        AmazonDefaultSerializer = compilation.GetTypeByMetadataName(AmazonDefaultSerializerName);

        bool? camelCase = null;
        INamedTypeSymbol? amazonSerializer = null;
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
                        camelCase = naming == 1;
                    }
                }
            }
            else if (AmazonSerializerType(attribute) is { } serializer)
            {
                amazonSerializer = serializer;
            }
        }

        // LambdaKit's own attributes are explicit about LambdaKit; Amazon's assembly-level serializer fills in what they leave unset.
        UserContextIsAmazons = UserContext is null && ContextOf(amazonSerializer) is not null;
        AssemblySerializerIsAmazonsDefault = amazonSerializer is not null && DerivesFrom(amazonSerializer, AmazonDefaultSerializer);
        UserContext ??= ContextOf(amazonSerializer);
        CamelCase = camelCase ?? (amazonSerializer is not null && DerivesFrom(amazonSerializer, AmazonCamelCaseSerializer));
    }

    public INamedTypeSymbol? LambdaFunctionAttribute { get; }

    public INamedTypeSymbol? Stream { get; }

    /// <summary><c>LambdaKit.Runtime.LambdaResponseStream</c>: a parameter of this type makes a streaming handler.</summary>
    public INamedTypeSymbol? ResponseStream { get; }

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

    /// <summary><c>Amazon.Lambda.Core.LambdaSerializerAttribute</c>, when the compilation references Amazon.Lambda.Core.</summary>
    public INamedTypeSymbol? AmazonSerializerAttribute { get; }

    public INamedTypeSymbol? AmazonSourceGeneratorSerializer { get; }

    public INamedTypeSymbol? AmazonCamelCaseSerializer { get; }

    /// <summary>Amazon's reflection-based <c>DefaultLambdaJsonSerializer</c> (which <c>CamelCaseLambdaJsonSerializer</c> derives from).</summary>
    public INamedTypeSymbol? AmazonDefaultSerializer { get; }

    /// <summary>The assembly's <c>[LambdaSerializer]</c> names <c>DefaultLambdaJsonSerializer</c> or a class deriving from it.</summary>
    public bool AssemblySerializerIsAmazonsDefault { get; }

    /// <summary>
    /// The assembly's user context: named by <c>[assembly: LambdaSerializerContext(typeof(X))]</c>, else by
    /// <c>[assembly: LambdaSerializer(typeof(SourceGeneratorLambdaJsonSerializer&lt;X&gt;))]</c> (Amazon.Lambda.Core).
    /// </summary>
    public INamedTypeSymbol? UserContext { get; }

    public AttributeData? UserContextAttribute { get; }

    /// <summary>The assembly's user context is named by Amazon's <c>SourceGeneratorLambdaJsonSerializer&lt;X&gt;</c>, not LambdaKit's attribute.</summary>
    public bool UserContextIsAmazons { get; }

    /// <summary><c>[assembly: LambdaJsonOptions(PropertyNaming = LambdaPropertyNaming.CamelCase)]</c>.</summary>
    public bool CamelCase { get; }

    /// <summary>
    /// The user context of one handler: a method-level <c>[LambdaSerializer(typeof(X))]</c> (Amazon.Lambda.Core)
    /// overrides the assembly's setting, as it does in Amazon's runtime. X deriving from
    /// <c>SourceGeneratorLambdaJsonSerializer&lt;TContext&gt;</c> names TContext; any other serializer (the reflection-based
    /// <c>DefaultLambdaJsonSerializer</c>, a custom one) means LambdaKit's generated metadata.
    /// </summary>
    public INamedTypeSymbol? ContextFor(IMethodSymbol method)
    {
        if (AmazonSerializerAttribute is not null)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (AmazonSerializerType(attribute) is { } serializer)
                {
                    return ContextOf(serializer);
                }
            }
        }

        return UserContext;
    }

    /// <summary>
    /// Whether the user context of <paramref name="method"/> (<see cref="ContextFor"/>) comes from Amazon's
    /// <c>SourceGeneratorLambdaJsonSerializer&lt;X&gt;</c>, which builds X over its own options rather than using X.Default.
    /// </summary>
    public bool ContextIsAmazons(IMethodSymbol method)
    {
        if (AmazonSerializerAttribute is not null)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (AmazonSerializerType(attribute) is { } serializer)
                {
                    return ContextOf(serializer) is not null;
                }
            }
        }

        return UserContextIsAmazons;
    }

    /// <summary>
    /// Whether <paramref name="method"/>'s <c>[LambdaSerializer]</c> (its own, else the assembly's) names Amazon's
    /// <c>DefaultLambdaJsonSerializer</c> or a class deriving from it: the generated metadata then runs over AWS's options
    /// and converters.
    /// </summary>
    public bool SerializerIsAmazonsDefault(IMethodSymbol method)
    {
        if (AmazonSerializerAttribute is not null)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (AmazonSerializerType(attribute) is { } serializer)
                {
                    return DerivesFrom(serializer, AmazonDefaultSerializer);
                }
            }
        }

        return AssemblySerializerIsAmazonsDefault;
    }

    private INamedTypeSymbol? AmazonSerializerType(AttributeData attribute) =>
        AmazonSerializerAttribute is not null
        && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, AmazonSerializerAttribute)
        && attribute.ConstructorArguments.Length == 1
        && attribute.ConstructorArguments[0].Value is INamedTypeSymbol serializer
            ? serializer
            : null;

    /// <summary>TContext of a serializer deriving from <c>SourceGeneratorLambdaJsonSerializer&lt;TContext&gt;</c>.</summary>
    private INamedTypeSymbol? ContextOf(INamedTypeSymbol? serializer)
    {
        for (var type = serializer; type is not null && AmazonSourceGeneratorSerializer is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, AmazonSourceGeneratorSerializer)
                && type.TypeArguments[0] is INamedTypeSymbol context)
            {
                return context;
            }
        }

        return null;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol? baseType)
    {
        for (INamedTypeSymbol? current = type; current is not null && baseType is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly ConditionalWeakTable<Compilation, HandlerSymbols> Cache = new();

    /// <summary>The symbols of <paramref name="compilation"/>, resolved once however many handlers ask.</summary>
    public static HandlerSymbols For(Compilation compilation) => Cache.GetValue(compilation, static c => new HandlerSymbols(c));
}
