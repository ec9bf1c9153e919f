using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Serialization;

/// <summary>The framework symbols the model builder recognises, resolved once per build.</summary>
internal sealed class KnownJsonSymbols
{
    public KnownJsonSymbols(Compilation compilation)
    {
        Compilation = compilation;
        JsonPropertyNameAttribute = Get("System.Text.Json.Serialization.JsonPropertyNameAttribute");
        JsonIgnoreAttribute = Get("System.Text.Json.Serialization.JsonIgnoreAttribute");
        JsonIncludeAttribute = Get("System.Text.Json.Serialization.JsonIncludeAttribute");
        JsonConverterAttribute = Get("System.Text.Json.Serialization.JsonConverterAttribute");
        JsonNumberHandlingAttribute = Get("System.Text.Json.Serialization.JsonNumberHandlingAttribute");
        JsonConstructorAttribute = Get("System.Text.Json.Serialization.JsonConstructorAttribute");
        JsonRequiredAttribute = Get("System.Text.Json.Serialization.JsonRequiredAttribute");
        JsonPropertyOrderAttribute = Get("System.Text.Json.Serialization.JsonPropertyOrderAttribute");
        JsonExtensionDataAttribute = Get("System.Text.Json.Serialization.JsonExtensionDataAttribute");
        JsonPolymorphicAttribute = Get("System.Text.Json.Serialization.JsonPolymorphicAttribute");
        JsonDerivedTypeAttribute = Get("System.Text.Json.Serialization.JsonDerivedTypeAttribute");
        JsonObjectCreationHandlingAttribute = Get("System.Text.Json.Serialization.JsonObjectCreationHandlingAttribute");
        JsonUnmappedMemberHandlingAttribute = Get("System.Text.Json.Serialization.JsonUnmappedMemberHandlingAttribute");
        JsonStringEnumConverter = Get("System.Text.Json.Serialization.JsonStringEnumConverter");
        JsonStringEnumConverterOfT = Get("System.Text.Json.Serialization.JsonStringEnumConverter`1");
        JsonConverterOfT = Get("System.Text.Json.Serialization.JsonConverter`1");
        JsonConverterFactory = Get("System.Text.Json.Serialization.JsonConverterFactory");
        IJsonOnSerializing = Get("System.Text.Json.Serialization.IJsonOnSerializing");
        IJsonOnSerialized = Get("System.Text.Json.Serialization.IJsonOnSerialized");
        SetsRequiredMembersAttribute = Get("System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute");
        List = Get("System.Collections.Generic.List`1");
        IList = Get("System.Collections.Generic.IList`1");
        ICollection = Get("System.Collections.Generic.ICollection`1");
        IEnumerable = Get("System.Collections.Generic.IEnumerable`1");
        IReadOnlyList = Get("System.Collections.Generic.IReadOnlyList`1");
        IReadOnlyCollection = Get("System.Collections.Generic.IReadOnlyCollection`1");
        HashSet = Get("System.Collections.Generic.HashSet`1");
        ISet = Get("System.Collections.Generic.ISet`1");
        Dictionary = Get("System.Collections.Generic.Dictionary`2");
        IDictionary = Get("System.Collections.Generic.IDictionary`2");
        IReadOnlyDictionary = Get("System.Collections.Generic.IReadOnlyDictionary`2");
        NonGenericIEnumerable = Get("System.Collections.IEnumerable");
        BuiltInConverters = CreateBuiltIns();
    }

    public Compilation Compilation { get; }

    public INamedTypeSymbol? JsonPropertyNameAttribute { get; }

    public INamedTypeSymbol? JsonIgnoreAttribute { get; }

    public INamedTypeSymbol? JsonIncludeAttribute { get; }

    public INamedTypeSymbol? JsonConverterAttribute { get; }

    public INamedTypeSymbol? JsonNumberHandlingAttribute { get; }

    public INamedTypeSymbol? JsonConstructorAttribute { get; }

    public INamedTypeSymbol? JsonRequiredAttribute { get; }

    public INamedTypeSymbol? JsonPropertyOrderAttribute { get; }

    public INamedTypeSymbol? JsonExtensionDataAttribute { get; }

    public INamedTypeSymbol? JsonPolymorphicAttribute { get; }

    public INamedTypeSymbol? JsonDerivedTypeAttribute { get; }

    public INamedTypeSymbol? JsonObjectCreationHandlingAttribute { get; }

    public INamedTypeSymbol? JsonUnmappedMemberHandlingAttribute { get; }

    public INamedTypeSymbol? JsonStringEnumConverter { get; }

    public INamedTypeSymbol? JsonStringEnumConverterOfT { get; }

    public INamedTypeSymbol? JsonConverterOfT { get; }

    public INamedTypeSymbol? JsonConverterFactory { get; }

    public INamedTypeSymbol? IJsonOnSerializing { get; }

    public INamedTypeSymbol? IJsonOnSerialized { get; }

    public INamedTypeSymbol? SetsRequiredMembersAttribute { get; }

    public INamedTypeSymbol? List { get; }

    public INamedTypeSymbol? IList { get; }

    public INamedTypeSymbol? ICollection { get; }

    public INamedTypeSymbol? IEnumerable { get; }

    public INamedTypeSymbol? IReadOnlyList { get; }

    public INamedTypeSymbol? IReadOnlyCollection { get; }

    public INamedTypeSymbol? HashSet { get; }

    public INamedTypeSymbol? ISet { get; }

    public INamedTypeSymbol? Dictionary { get; }

    public INamedTypeSymbol? IDictionary { get; }

    public INamedTypeSymbol? IReadOnlyDictionary { get; }

    public INamedTypeSymbol? NonGenericIEnumerable { get; }

    /// <summary>Types with a built-in converter, mapped to the <c>JsonMetadataServices</c> property that returns it.</summary>
    public Dictionary<ITypeSymbol, string> BuiltInConverters { get; }

    private INamedTypeSymbol? Get(string metadataName) => Compilation.GetTypeByMetadataName(metadataName);

    private Dictionary<ITypeSymbol, string> CreateBuiltIns()
    {
        var map = new Dictionary<ITypeSymbol, string>(SymbolEqualityComparer.Default);
        void Add(ITypeSymbol? type, string converter)
        {
            if (type is not null)
            {
                map[type] = converter;
            }
        }

        Add(Compilation.GetSpecialType(SpecialType.System_Boolean), "BooleanConverter");
        Add(Compilation.GetSpecialType(SpecialType.System_Byte), "ByteConverter");
        Add(Compilation.GetSpecialType(SpecialType.System_SByte), "SByteConverter");
        Add(Compilation.GetSpecialType(SpecialType.System_Char), "CharConverter");
        Add(Compilation.GetSpecialType(SpecialType.System_Int16), "Int16Converter");
        Add(Compilation.GetSpecialType(SpecialType.System_UInt16), "UInt16Converter");
        Add(Compilation.GetSpecialType(SpecialType.System_Int32), "Int32Converter");
        Add(Compilation.GetSpecialType(SpecialType.System_UInt32), "UInt32Converter");
        Add(Compilation.GetSpecialType(SpecialType.System_Int64), "Int64Converter");
        Add(Compilation.GetSpecialType(SpecialType.System_UInt64), "UInt64Converter");
        Add(Compilation.GetSpecialType(SpecialType.System_Single), "SingleConverter");
        Add(Compilation.GetSpecialType(SpecialType.System_Double), "DoubleConverter");
        Add(Compilation.GetSpecialType(SpecialType.System_Decimal), "DecimalConverter");
        Add(Compilation.GetSpecialType(SpecialType.System_String), "StringConverter");
        Add(Compilation.GetSpecialType(SpecialType.System_DateTime), "DateTimeConverter");
        Add(Get("System.DateTimeOffset"), "DateTimeOffsetConverter");
        Add(Get("System.TimeSpan"), "TimeSpanConverter");
        Add(Get("System.DateOnly"), "DateOnlyConverter");
        Add(Get("System.TimeOnly"), "TimeOnlyConverter");
        Add(Get("System.Guid"), "GuidConverter");
        Add(Get("System.Uri"), "UriConverter");
        Add(Get("System.Version"), "VersionConverter");
        Add(Get("System.Half"), "HalfConverter");
        Add(Get("System.Int128"), "Int128Converter");
        Add(Get("System.UInt128"), "UInt128Converter");
        Add(Compilation.CreateArrayTypeSymbol(Compilation.GetSpecialType(SpecialType.System_Byte)), "ByteArrayConverter");
        Add(Get("System.Text.Json.JsonElement"), "JsonElementConverter");
        Add(Get("System.Text.Json.JsonDocument"), "JsonDocumentConverter");
        Add(Get("System.Text.Json.Nodes.JsonNode"), "JsonNodeConverter");
        Add(Get("System.Text.Json.Nodes.JsonObject"), "JsonObjectConverter");
        Add(Get("System.Text.Json.Nodes.JsonArray"), "JsonArrayConverter");
        Add(Get("System.Text.Json.Nodes.JsonValue"), "JsonValueConverter");
        return map;
    }
}
