using LambdaKit.Generators.Common;

namespace LambdaKit.Generators.Serialization;

// The model is plain equatable data: no symbols, syntax, locations or compilations, so incremental steps that carry it
// can be cached. Records declare their properties get-only so they need no IsExternalInit polyfill on netstandard2.0.

/// <summary>How property names are written and matched when no <c>[JsonPropertyName]</c> is present.</summary>
internal enum JsonNamingPolicyKind
{
    /// <summary>As declared in C#, like AWS's System.Text.Json Lambda serializer.</summary>
    AsDeclared,

    /// <summary><see cref="System.Text.Json.JsonNamingPolicy.CamelCase"/>.</summary>
    CamelCase,
}

/// <summary>The serializer metadata of one type graph (or several, sharing their types).</summary>
/// <param name="Types">Every type of the graph, sorted ordinally by <see cref="TypeSpec.TypeName"/>.</param>
/// <param name="RootTypeNames">The fully qualified names of the roots, in the order they were given, without duplicates.</param>
/// <param name="Naming">The naming policy of the generated options.</param>
/// <param name="Unsupported">Types the metadata cannot describe, each with the reason; sorted ordinally.</param>
internal sealed record SerializerModel(
    ImmutableEquatableArray<TypeSpec> Types,
    ImmutableEquatableArray<string> RootTypeNames,
    JsonNamingPolicyKind Naming,
    ImmutableEquatableArray<UnsupportedType> Unsupported)
{
    public ImmutableEquatableArray<TypeSpec> Types { get; } = Types;

    public ImmutableEquatableArray<string> RootTypeNames { get; } = RootTypeNames;

    public JsonNamingPolicyKind Naming { get; } = Naming;

    public ImmutableEquatableArray<UnsupportedType> Unsupported { get; } = Unsupported;

    public bool IsFullySupported => Unsupported.Count == 0;
}

/// <summary>A type the generated metadata cannot describe, named as C# error messages name it.</summary>
internal sealed record UnsupportedType(string TypeDisplayName, string Reason)
{
    public string TypeDisplayName { get; } = TypeDisplayName;

    public string Reason { get; } = Reason;
}

internal enum TypeSpecKind
{
    /// <summary>A type with a built-in <c>JsonMetadataServices</c> converter (primitives, string, Guid, JsonElement, ...).</summary>
    BuiltIn,
    Enum,
    Nullable,

    /// <summary>A type carrying <c>[JsonConverter]</c>.</summary>
    Converter,
    Array,
    Collection,
    Dictionary,
    Object,

    /// <summary>Listed in <see cref="SerializerModel.Unsupported"/>; emitted as a converter that refuses, if it can be a type argument at all.</summary>
    Unsupported,
}

/// <summary>Which <c>JsonMetadataServices.Create*Info</c> builds a collection.</summary>
internal enum CollectionKind
{
    None,
    List,
    IList,
    ICollection,
    IEnumerable,
    HashSet,
    ISet,
    Dictionary,
    IDictionary,
    IReadOnlyDictionary,
}

/// <summary>One type of the graph.</summary>
/// <param name="TypeName">Fully qualified (<c>global::</c>) name without nullable reference annotations.</param>
/// <param name="PropertyName">The context property exposing its <c>JsonTypeInfo</c>.</param>
/// <param name="BuiltInConverter">For <see cref="TypeSpecKind.BuiltIn"/>: the <c>JsonMetadataServices</c> converter property.</param>
/// <param name="ElementTypeName">Element (arrays, collections), value (dictionaries) or underlying (nullable) type.</param>
/// <param name="KeyTypeName">Dictionary key type.</param>
/// <param name="CanBeTypeArgument">False for pointers, ref structs and open types: no <c>JsonTypeInfo&lt;T&gt;</c> can exist.</param>
internal sealed record TypeSpec(
    string TypeName,
    string PropertyName,
    TypeSpecKind Kind,
    bool IsValueType,
    string? BuiltInConverter,
    string? ElementTypeName,
    string? KeyTypeName,
    CollectionKind CollectionKind,
    ConverterSpec? Converter,
    ObjectSpec? Object,
    bool CanBeTypeArgument)
{
    public string TypeName { get; } = TypeName;

    public string PropertyName { get; } = PropertyName;

    public TypeSpecKind Kind { get; } = Kind;

    public bool IsValueType { get; } = IsValueType;

    public string? BuiltInConverter { get; } = BuiltInConverter;

    public string? ElementTypeName { get; } = ElementTypeName;

    public string? KeyTypeName { get; } = KeyTypeName;

    public CollectionKind CollectionKind { get; } = CollectionKind;

    public ConverterSpec? Converter { get; } = Converter;

    public ObjectSpec? Object { get; } = Object;

    public bool CanBeTypeArgument { get; } = CanBeTypeArgument;
}

/// <summary>A <c>[JsonConverter]</c> converter.</summary>
/// <param name="CreationExpression">Creates the converter or factory (<c>JsonStringEnumConverter</c> becomes its AOT-safe generic form).</param>
/// <param name="NullableUnderlyingTypeName">Set when the converter handles <c>T</c> and is applied to a <c>T?</c> member.</param>
internal sealed record ConverterSpec(string CreationExpression, string? NullableUnderlyingTypeName)
{
    public string CreationExpression { get; } = CreationExpression;

    public string? NullableUnderlyingTypeName { get; } = NullableUnderlyingTypeName;
}

/// <summary>How generated code reads or writes a member.</summary>
internal enum MemberAccess
{
    None,

    /// <summary>Plain C# member access.</summary>
    Direct,

    /// <summary>Through an <c>[UnsafeAccessor]</c> (init-only setters, non-public <c>[JsonInclude]</c> members): no reflection, AOT-safe.</summary>
    UnsafeAccessor,
}

/// <summary>How the object is created.</summary>
/// <param name="ConstructorAccess"><see cref="MemberAccess.None"/> for a struct created as <c>default</c> (it has no parameterless constructor to run).</param>
/// <param name="Parameters">Constructor parameters, in order (empty for a parameterless constructor).</param>
/// <param name="Properties">Members in the order the reflection serializer uses.</param>
/// <param name="NumberHandling">The type's <c>[JsonNumberHandling]</c> value.</param>
/// <param name="HasSerializationCallbacks">Implements <c>IJsonOnSerializing</c> or <c>IJsonOnSerialized</c>, which the metadata path calls.</param>
internal sealed record ObjectSpec(
    MemberAccess ConstructorAccess,
    ImmutableEquatableArray<ParameterSpec> Parameters,
    ImmutableEquatableArray<PropertySpec> Properties,
    int? NumberHandling,
    bool HasSerializationCallbacks)
{
    public MemberAccess ConstructorAccess { get; } = ConstructorAccess;

    public ImmutableEquatableArray<ParameterSpec> Parameters { get; } = Parameters;

    public ImmutableEquatableArray<PropertySpec> Properties { get; } = Properties;

    public int? NumberHandling { get; } = NumberHandling;

    public bool HasSerializationCallbacks { get; } = HasSerializationCallbacks;
}

/// <summary>A constructor parameter.</summary>
/// <param name="TypeName">Fully qualified, without nullable reference annotations (for <c>typeof</c>).</param>
/// <param name="AnnotatedTypeName">Fully qualified, with nullable annotations as declared (for casts and accessors).</param>
/// <param name="DefaultValueExpression">A C# constant of the parameter's type, when it has a default value.</param>
internal sealed record ParameterSpec(string Name, string TypeName, string AnnotatedTypeName, int Position, string? DefaultValueExpression)
{
    public string Name { get; } = Name;

    public string TypeName { get; } = TypeName;

    public string AnnotatedTypeName { get; } = AnnotatedTypeName;

    public int Position { get; } = Position;

    public string? DefaultValueExpression { get; } = DefaultValueExpression;
}

/// <summary>A serialized property or field.</summary>
/// <param name="MemberName">The C# name.</param>
/// <param name="JsonName">From <c>[JsonPropertyName]</c>; null lets the naming policy apply.</param>
/// <param name="TypeName">Fully qualified, with nested nullable annotations as declared but not the top-level one.</param>
/// <param name="DescribedTypeName">The member type's <see cref="TypeSpec.TypeName"/>; null for a member with its own converter, whose type is not described.</param>
/// <param name="DeclaringTypeName">Fully qualified declaring type (the cast target of accessors).</param>
/// <param name="DeclaringTypeIsValueType">Value-type members are written through the unboxed reference.</param>
/// <param name="AccessorName">Metadata name used by <c>[UnsafeAccessor]</c> (<c>get_X</c>/<c>set_X</c> are derived for properties).</param>
/// <param name="IgnoreCondition">The <c>JsonIgnoreCondition</c> value of <c>[JsonIgnore(Condition = ...)]</c>.</param>
internal sealed record PropertySpec(
    string MemberName,
    string? JsonName,
    string TypeName,
    string? DescribedTypeName,
    string DeclaringTypeName,
    bool DeclaringTypeIsValueType,
    bool IsProperty,
    bool IsPublic,
    bool IsVirtual,
    bool HasJsonInclude,
    MemberAccess Getter,
    MemberAccess Setter,
    bool IsRequired,
    int Order,
    int? IgnoreCondition,
    int? NumberHandling,
    ConverterSpec? Converter)
{
    public string MemberName { get; } = MemberName;

    public string? JsonName { get; } = JsonName;

    public string TypeName { get; } = TypeName;

    public string? DescribedTypeName { get; } = DescribedTypeName;

    public string DeclaringTypeName { get; } = DeclaringTypeName;

    public bool DeclaringTypeIsValueType { get; } = DeclaringTypeIsValueType;

    public bool IsProperty { get; } = IsProperty;

    public bool IsPublic { get; } = IsPublic;

    public bool IsVirtual { get; } = IsVirtual;

    public bool HasJsonInclude { get; } = HasJsonInclude;

    public MemberAccess Getter { get; } = Getter;

    public MemberAccess Setter { get; } = Setter;

    public bool IsRequired { get; } = IsRequired;

    public int Order { get; } = Order;

    public int? IgnoreCondition { get; } = IgnoreCondition;

    public int? NumberHandling { get; } = NumberHandling;

    public ConverterSpec? Converter { get; } = Converter;
}
