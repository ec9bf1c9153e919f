using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using LambdaKit.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LambdaKit.Generators.Serialization;

/// <summary>Visits a type graph once per type; the only place that holds symbols.</summary>
internal sealed class GraphBuilder
{
    private const int JsonIgnoreAlways = 1;

    private readonly Compilation _compilation;
    private readonly KnownJsonSymbols _known;
    private readonly JsonNamingPolicyKind _naming;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TypeNameCache _names = new();
    private CancellationToken _cancellationToken;

    public GraphBuilder(Compilation compilation, JsonNamingPolicyKind naming)
    {
        _compilation = compilation;
        _known = new KnownJsonSymbols(compilation);
        _naming = naming;
    }

    /// <summary>
    /// Describes <paramref name="roots"/> and everything they reach. Returns the roots' fully qualified names, in order
    /// and without duplicates, and every reached type, sorted by name. Types described by an earlier call are reused.
    /// </summary>
    public (List<string> Roots, ImmutableEquatableArray<TypeNode> Nodes) Reach(IReadOnlyList<ITypeSymbol> roots, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        var names = new List<string>(roots.Count);
        foreach (var root in roots)
        {
            var name = Visit(root);
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        var reached = new SortedDictionary<string, TypeNode>(StringComparer.Ordinal);
        var pending = new Stack<string>(names);
        while (pending.Count > 0)
        {
            var entry = _entries[pending.Pop()];
            if (reached.ContainsKey(entry.TypeName))
            {
                continue;
            }

            reached.Add(entry.TypeName, entry.ToNode());
            foreach (var (dependency, _) in entry.Dependencies)
            {
                pending.Push(dependency);
            }
        }

        return (names, reached.Values.ToImmutableEquatableArray());
    }

    /// <summary>Describes <paramref name="type"/> and everything it reaches; returns its fully qualified name.</summary>
    private string Visit(ITypeSymbol type)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var name = _names.FullyQualified(type);
        if (_entries.ContainsKey(name))
        {
            return name;
        }

        if (type.IsReferenceType)
        {
            type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        }

        var entry = new Entry(name, type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat), BaseName(type), type.IsValueType);
        _entries.Add(name, entry);
        Describe(entry, type);
        return name;
    }

    private static string BaseName(ITypeSymbol type)
    {
        var name = type switch
        {
            IArrayTypeSymbol array => BaseName(array.ElementType) + "Array",
            INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable => "Nullable" + BaseName(nullable.TypeArguments[0]),
            INamedTypeSymbol named => named.Name + string.Concat(named.TypeArguments.Select(BaseName)),
            _ => type.Name,
        };

        // Pointer and similar types have no usable name; their spec is never emitted as a property anyway.
        name = new string(name.Where(c => char.IsLetterOrDigit(c) || c == '_').ToArray());
        return name.Length == 0 || char.IsDigit(name[0]) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "Type" + name : name;
    }

    private void Describe(Entry entry, ITypeSymbol type)
    {
        if (UnnameableReason(type) is { } unnameable)
        {
            entry.Reason = unnameable;
            entry.CanBeTypeArgument = false;
            return;
        }

        if (!_compilation.IsSymbolAccessibleWithin(type, _compilation.Assembly))
        {
            entry.Reason = "is not accessible from the generated code; make it public or internal";
            entry.CanBeTypeArgument = false;
            return;
        }

        if (_known.BuiltInConverters.TryGetValue(type, out var builtIn))
        {
            entry.Kind = TypeSpecKind.BuiltIn;
            entry.BuiltInConverter = builtIn;
            return;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            entry.Kind = TypeSpecKind.Nullable;
            entry.ElementTypeName = Depend(entry, nullable.TypeArguments[0], "the underlying type");
            return;
        }

        if (FindAttribute(type, _known.JsonConverterAttribute) is { } converterAttribute)
        {
            var (converter, reason) = DescribeConverter(converterAttribute, type);
            entry.Kind = TypeSpecKind.Converter;
            entry.Converter = converter;
            entry.Reason = reason;
            return;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            entry.Kind = TypeSpecKind.Enum;
            return;
        }

        if (type is IArrayTypeSymbol array)
        {
            entry.Kind = TypeSpecKind.Array;
            if (array.Rank != 1)
            {
                entry.Reason = "is a multi-dimensional array, which System.Text.Json does not support; use a jagged array";
                return;
            }

            entry.ElementTypeName = Depend(entry, array.ElementType, "the element type");
            return;
        }

        entry.Reason = UnsupportedReason(type);
        if (entry.Reason is not null || type is not INamedTypeSymbol named)
        {
            entry.Reason ??= "is not a type System.Text.Json can describe";
            return;
        }

        if (DescribeCollection(entry, named))
        {
            return;
        }

        if (named.TypeKind == TypeKind.Interface)
        {
            entry.Reason = "is an interface with no known concrete type to deserialize into";
            return;
        }

        if (_known.NonGenericIEnumerable is not null && named.AllInterfaces.Contains(_known.NonGenericIEnumerable, SymbolEqualityComparer.Default))
        {
            entry.Reason = "is a collection type the generated metadata does not support; use T[], List<T>, IList<T>, ICollection<T>, IEnumerable<T>, "
                + "IReadOnlyList<T>, HashSet<T>, Dictionary<string, T>, IDictionary<string, T> or IReadOnlyDictionary<string, T>";
            return;
        }

        if (named.IsAbstract)
        {
            entry.Reason = "is abstract and cannot be deserialized; use a concrete type";
            return;
        }

        new ObjectDescriber(this, entry, named).Describe();
    }

    private static string? UnnameableReason(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Error } => "could not be resolved",
        IPointerTypeSymbol or IFunctionPointerTypeSymbol => "is a pointer type",
        ITypeParameterSymbol => "is an open generic type parameter",
        { TypeKind: TypeKind.Dynamic } => "is dynamic; use a concrete type, JsonElement or JsonNode",
        { IsRefLikeType: true } => "is a ref struct, which cannot be serialized",
        INamedTypeSymbol { IsUnboundGenericType: true } => "is an open generic type",
        IArrayTypeSymbol array => UnnameableReason(array.ElementType) is null ? null : "has an element type that cannot be serialized",
        INamedTypeSymbol named when named.TypeArguments.Any(a => UnnameableReason(a) is not null) => "has a type argument that cannot be serialized",
        _ => null,
    };

    private string? UnsupportedReason(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_Object)
        {
            return "is object, whose values need run-time type metadata (polymorphism); use a concrete type, JsonElement or JsonNode";
        }

        if (type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
        {
            return "is a native-sized pointer, which System.Text.Json refuses";
        }

        if (type.TypeKind == TypeKind.Delegate || type.SpecialType is SpecialType.System_Delegate or SpecialType.System_MulticastDelegate)
        {
            return "is a delegate, which cannot be serialized";
        }

        if (IsSystemType(type) || IsInReflectionNamespace(type.ContainingNamespace))
        {
            return "is a reflection type, which System.Text.Json refuses";
        }

        if (FindAttribute(type, _known.JsonPolymorphicAttribute) is not null || FindAttribute(type, _known.JsonDerivedTypeAttribute) is not null)
        {
            return "uses [JsonPolymorphic]/[JsonDerivedType] polymorphism, which the generated metadata does not support";
        }

        if (FindAttribute(type, _known.JsonUnmappedMemberHandlingAttribute) is not null)
        {
            return "uses [JsonUnmappedMemberHandling], which the generated metadata does not support";
        }

        if (FindAttribute(type, _known.JsonObjectCreationHandlingAttribute) is not null)
        {
            return "uses [JsonObjectCreationHandling], which the generated metadata does not support";
        }

        return null;
    }

    private static bool IsSystemType(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Type", Arity: 0, ContainingType: null, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    /// <summary>Whether <paramref name="ns"/> is <c>System.Reflection</c> or inside it (compared by name parts: a formatted name per type was costly).</summary>
    private static bool IsInReflectionNamespace(INamespaceSymbol? ns)
    {
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            if (current is { Name: "Reflection", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return true;
            }
        }

        return false;
    }

    private bool DescribeCollection(Entry entry, INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        bool Is(INamedTypeSymbol? known) => known is not null && SymbolEqualityComparer.Default.Equals(definition, known);

        var kind =
            Is(_known.List) ? CollectionKind.List :
            Is(_known.IList) ? CollectionKind.IList :
            Is(_known.ICollection) ? CollectionKind.ICollection :
            Is(_known.IEnumerable) || Is(_known.IReadOnlyList) || Is(_known.IReadOnlyCollection) ? CollectionKind.IEnumerable :
            Is(_known.HashSet) ? CollectionKind.HashSet :
            Is(_known.ISet) ? CollectionKind.ISet :
            Is(_known.Dictionary) ? CollectionKind.Dictionary :
            Is(_known.IDictionary) ? CollectionKind.IDictionary :
            Is(_known.IReadOnlyDictionary) ? CollectionKind.IReadOnlyDictionary :
            CollectionKind.None;
        if (kind == CollectionKind.None)
        {
            return false;
        }

        entry.CollectionKind = kind;
        if (kind is CollectionKind.Dictionary or CollectionKind.IDictionary or CollectionKind.IReadOnlyDictionary)
        {
            entry.Kind = TypeSpecKind.Dictionary;
            if (type.TypeArguments[0].SpecialType != SpecialType.System_String)
            {
                entry.Reason = $"has the key type '{type.TypeArguments[0].ToDisplayString()}'; the generated metadata supports string keys only";
                return true;
            }

            entry.KeyTypeName = Depend(entry, type.TypeArguments[0], "the key type");
            entry.ElementTypeName = Depend(entry, type.TypeArguments[1], "the value type");
        }
        else
        {
            entry.Kind = TypeSpecKind.Collection;
            entry.ElementTypeName = Depend(entry, type.TypeArguments[0], "the element type");
        }

        return true;
    }

    private string Depend(Entry entry, ITypeSymbol type, string via)
    {
        var name = Visit(type);
        entry.Dependencies.Add((name, via));
        return name;
    }

    /// <summary>Reads <c>[JsonConverter(typeof(C))]</c> applied to <paramref name="target"/> (a type, or a member of that type).</summary>
    private (ConverterSpec? Converter, string? Reason) DescribeConverter(AttributeData attribute, ITypeSymbol target)
    {
        if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _known.JsonConverterAttribute))
        {
            return (null, $"uses '{attribute.AttributeClass?.ToDisplayString()}', a custom JsonConverterAttribute, which needs reflection");
        }

        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol converterType)
        {
            return (null, "has a [JsonConverter] without a converter type");
        }

        var underlying = target is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : null;

        // The non-generic JsonStringEnumConverter builds its converter with MakeGenericType (not AOT-safe); its generic
        // form behaves the same with the same defaults, so it is used for both.
        if (SymbolEqualityComparer.Default.Equals(converterType, _known.JsonStringEnumConverter)
            || SymbolEqualityComparer.Default.Equals(converterType.OriginalDefinition, _known.JsonStringEnumConverterOfT))
        {
            var enumType = underlying ?? target;
            if (enumType.TypeKind != TypeKind.Enum)
            {
                return (null, $"has [JsonConverter(typeof({converterType.Name}))] but is not an enum");
            }

            if (converterType.IsGenericType && !SymbolEqualityComparer.Default.Equals(converterType.TypeArguments[0], enumType))
            {
                return (null, $"has [JsonConverter(typeof({converterType.ToDisplayString()}))], which converts another enum");
            }

            var enumName = enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            return (new ConverterSpec($"new global::System.Text.Json.Serialization.JsonStringEnumConverter<{enumName}>()", underlying is null ? null : enumName), null);
        }

        if (converterType.IsAbstract || converterType.IsUnboundGenericType || converterType.TypeKind != TypeKind.Class)
        {
            return (null, $"has [JsonConverter(typeof({converterType.ToDisplayString()}))], which is not a concrete converter class");
        }

        if (!converterType.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public)
            || !_compilation.IsSymbolAccessibleWithin(converterType, _compilation.Assembly))
        {
            return (null, $"has [JsonConverter(typeof({converterType.ToDisplayString()}))], whose converter has no accessible public parameterless constructor");
        }

        var creation = $"new {converterType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)}()";
        if (InheritsFrom(converterType, _known.JsonConverterFactory))
        {
            return (new ConverterSpec(creation, null), null);
        }

        var converted = ConvertedType(converterType);
        if (converted is null)
        {
            return (null, $"has [JsonConverter(typeof({converterType.ToDisplayString()}))], which is not a JsonConverter<T> or JsonConverterFactory");
        }

        if (SymbolEqualityComparer.Default.Equals(converted, target))
        {
            return (new ConverterSpec(creation, null), null);
        }

        if (underlying is not null && SymbolEqualityComparer.Default.Equals(converted, underlying))
        {
            return (new ConverterSpec(creation, underlying.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)), null);
        }

        return (null, $"has [JsonConverter(typeof({converterType.ToDisplayString()}))], which converts '{converted.ToDisplayString()}', not '{target.ToDisplayString()}'");
    }

    private ITypeSymbol? ConvertedType(INamedTypeSymbol converterType)
    {
        for (var current = converterType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, _known.JsonConverterOfT))
            {
                return current.TypeArguments[0];
            }
        }

        return null;
    }

    private static bool InheritsFrom(INamedTypeSymbol type, INamedTypeSymbol? baseType)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null)
        {
            return null;
        }

        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && (SymbolEqualityComparer.Default.Equals(attributeClass, attributeType) || InheritsFrom(attributeClass, attributeType)))
            {
                return attribute;
            }
        }

        return null;
    }

    private static object? FirstArgument(AttributeData? attribute) =>
        attribute is { ConstructorArguments.Length: 1 } ? attribute.ConstructorArguments[0].Value : null;

    private static string FormatDefault(ITypeSymbol type, object? value)
    {
        if (value is null)
        {
            return type.IsValueType && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T ? "default" : "null";
        }

        var target = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : type;
        var typeName = target.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var literal = value switch
        {
            decimal d => d.ToString(CultureInfo.InvariantCulture) + "m",
            float f when float.IsNaN(f) || float.IsInfinity(f) => "float." + (float.IsNaN(f) ? "NaN" : f > 0 ? "PositiveInfinity" : "NegativeInfinity"),
            double d when double.IsNaN(d) || double.IsInfinity(d) => "double." + (double.IsNaN(d) ? "NaN" : d > 0 ? "PositiveInfinity" : "NegativeInfinity"),
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
            double d => d.ToString("R", CultureInfo.InvariantCulture) + "d",
            _ => SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false),
        };

        // The boxed default must have the parameter's exact type: the creator unboxes it with a cast.
        return value is string ? literal : $"({typeName})({literal})";
    }

    /// <summary>Mirrors <c>JsonNamingPolicy.CamelCase</c>, to detect name conflicts and write names the way the run time will.</summary>
    internal static string ToCamelCase(string name)
    {
        if (name.Length == 0 || !char.IsUpper(name[0]))
        {
            return name;
        }

        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (i == 1 && !char.IsUpper(chars[i]))
            {
                break;
            }

            var hasNext = i + 1 < chars.Length;
            if (i > 0 && hasNext && !char.IsUpper(chars[i + 1]))
            {
                if (chars[i + 1] == ' ')
                {
                    chars[i] = char.ToLowerInvariant(chars[i]);
                }

                break;
            }

            chars[i] = char.ToLowerInvariant(chars[i]);
        }

        return new string(chars);
    }

    /// <summary>What is known of one type while the graph is visited.</summary>
    private sealed class Entry(string typeName, string displayName, string baseName, bool isValueType)
    {
        public string TypeName { get; } = typeName;

        public string DisplayName { get; } = displayName;

        public string BaseName { get; } = baseName;

        public bool IsValueType { get; } = isValueType;

        public TypeSpecKind Kind { get; set; } = TypeSpecKind.Object;

        public string? BuiltInConverter { get; set; }

        public string? ElementTypeName { get; set; }

        public string? KeyTypeName { get; set; }

        public CollectionKind CollectionKind { get; set; }

        public ConverterSpec? Converter { get; set; }

        public ObjectSpec? Object { get; set; }

        public bool CanBeTypeArgument { get; set; } = true;

        public string? Reason { get; set; }

        public List<(string TypeName, string Via)> Dependencies { get; } = [];

        private TypeNode? _node;

        /// <summary>Once the entry and everything it reaches are described (the node is kept: handlers share types).</summary>
        public TypeNode ToNode() => _node ??= new TypeNode(
            new TypeSpec(TypeName, BaseName, Kind, IsValueType, BuiltInConverter, ElementTypeName, KeyTypeName, CollectionKind, Converter, Object, CanBeTypeArgument),
            DisplayName,
            BaseName,
            Reason,
            Dependencies.Select(d => new TypeDependency(d.TypeName, d.Via)).ToImmutableEquatableArray());
    }

    /// <summary>One candidate member during conflict resolution.</summary>
    private sealed class Candidate(ISymbol member, string jsonName, bool isIgnored)
    {
        public ISymbol Member { get; } = member;

        public string JsonName { get; } = jsonName;

        public bool IsIgnored { get; } = isIgnored;
    }

    /// <summary>Describes an object: its constructor and its members, in the reflection resolver's order.</summary>
    private sealed class ObjectDescriber(GraphBuilder graph, Entry entry, INamedTypeSymbol type)
    {
        private readonly KnownJsonSymbols _known = graph._known;

        public void Describe()
        {
            entry.Kind = TypeSpecKind.Object;
            var (constructor, constructorReason) = ChooseConstructor();
            if (constructorReason is not null)
            {
                entry.Reason = constructorReason;
                return;
            }

            var candidates = CollectMembers();
            if (entry.Reason is not null)
            {
                return;
            }

            var parameters = constructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
            var setsRequiredMembers = constructor is not null && FindAttribute(constructor, _known.SetsRequiredMembersAttribute) is not null;
            var properties = new List<PropertySpec>();
            var bound = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
            var needsRequiredBypass = false;
            foreach (var candidate in candidates)
            {
                var member = candidate.Member;
                var memberType = member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
                var parameter = parameters.FirstOrDefault(x =>
                    string.Equals(x.Name, member.Name, StringComparison.OrdinalIgnoreCase)
                    && SymbolEqualityComparer.Default.Equals(x.Type, memberType));
                if (parameter is not null)
                {
                    bound.Add(parameter);
                }

                var isCSharpRequired = member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true };
                needsRequiredBypass |= isCSharpRequired && !setsRequiredMembers;
                var spec = DescribeMember(member, memberType, parameter is not null, isCSharpRequired && !setsRequiredMembers);
                if (spec is null)
                {
                    return;
                }

                properties.Add(spec);
            }

            if (parameters.FirstOrDefault(x => !bound.Contains(x)) is { } unbound)
            {
                entry.Reason = $"has a constructor parameter '{unbound.Name}' that matches no serialized property or field of the same type";
                return;
            }

            var constructorAccess = constructor is null ? MemberAccess.None : MemberAccess.Direct;
            if (constructor is not null && (needsRequiredBypass || !graph._compilation.IsSymbolAccessibleWithin(constructor, graph._compilation.Assembly)))
            {
                if (IsGenericOrNestedInGeneric(type))
                {
                    entry.Reason = "needs an accessor to call its constructor (required members or a non-public [JsonConstructor]), which .NET 8 cannot bind on a generic type";
                    return;
                }

                constructorAccess = MemberAccess.UnsafeAccessor;
            }

            var parameterSpecs = parameters.Select(x => new ParameterSpec(
                x.Name,
                graph._names.FullyQualified(x.Type),
                graph._names.Annotated(x.Type),
                x.Ordinal,
                x.HasExplicitDefaultValue ? FormatDefault(x.Type, x.ExplicitDefaultValue) : null)).ToImmutableEquatableArray();
            var hasSerializationCallbacks = type.AllInterfaces.Any(i =>
                SymbolEqualityComparer.Default.Equals(i, _known.IJsonOnSerializing) || SymbolEqualityComparer.Default.Equals(i, _known.IJsonOnSerialized));
            entry.Object = new ObjectSpec(constructorAccess, parameterSpecs, properties.ToImmutableEquatableArray(), NumberHandling(type), hasSerializationCallbacks);
        }

        /// <summary>System.Text.Json 8's choice: [JsonConstructor], else a public parameterless one, else the only public one; structs fall back to default.</summary>
        private (IMethodSymbol? Constructor, string? Reason) ChooseConstructor()
        {
            var attributed = type.InstanceConstructors.Where(c => FindAttribute(c, _known.JsonConstructorAttribute) is not null).ToList();
            if (attributed.Count > 1)
            {
                return (null, "has more than one [JsonConstructor]");
            }

            if (attributed.Count == 1)
            {
                var chosen = attributed[0];
                if (chosen.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType || p.Type is IPointerTypeSymbol))
                {
                    return (null, "has a [JsonConstructor] with ref, out, pointer or ref struct parameters");
                }

                return (chosen, null);
            }

            if (type.IsValueType)
            {
                // Reflection creates structs with Activator, which runs an explicit parameterless constructor if there is one.
                return (type.InstanceConstructors.FirstOrDefault(c => c.Parameters.Length == 0 && !c.IsImplicitlyDeclared && c.DeclaredAccessibility == Accessibility.Public), null);
            }

            var publicConstructors = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
            var parameterless = publicConstructors.FirstOrDefault(c => c.Parameters.Length == 0);
            if (parameterless is not null)
            {
                return (parameterless, null);
            }

            if (publicConstructors.Count == 1)
            {
                var only = publicConstructors[0];
                if (only.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType || p.Type is IPointerTypeSymbol))
                {
                    return (null, "has a constructor with ref, out, pointer or ref struct parameters");
                }

                return (only, null);
            }

            return (null, publicConstructors.Count == 0
                ? "has no public constructor System.Text.Json can use; add one or mark one with [JsonConstructor]"
                : "has several public parameterized constructors and none is parameterless or marked with [JsonConstructor]");
        }

        /// <summary>The members the reflection resolver keeps, derived type first, with its name-conflict rules.</summary>
        private List<Candidate> CollectMembers()
        {
            var kept = new List<Candidate>();
            var byName = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var ignoredByMember = new Dictionary<string, Candidate>(StringComparer.Ordinal);
            for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
            {
                var members = current.GetMembers();
                foreach (var member in members.OfType<IPropertySymbol>().Cast<ISymbol>().Concat(members.OfType<IFieldSymbol>()))
                {
                    if (!IsCandidate(member))
                    {
                        continue;
                    }

                    var ignore = FindAttribute(member, _known.JsonIgnoreAttribute);
                    var isIgnored = ignore is not null && IgnoreCondition(ignore) == JsonIgnoreAlways;
                    var jsonName = FirstArgument(FindAttribute(member, _known.JsonPropertyNameAttribute)) is string explicitName
                        ? explicitName
                        : graph._naming == JsonNamingPolicyKind.CamelCase ? ToCamelCase(member.Name) : member.Name;
                    var candidate = new Candidate(member, jsonName, isIgnored);
                    if (!byName.TryGetValue(jsonName, out var index))
                    {
                        byName[jsonName] = kept.Count;
                        kept.Add(candidate);
                    }
                    else if (kept[index].IsIgnored)
                    {
                        kept[index] = candidate;
                    }
                    else
                    {
                        var hidden = isIgnored
                            || kept[index].Member.Name == member.Name
                            || ignoredByMember.ContainsKey(member.Name);
                        if (!hidden)
                        {
                            entry.Reason = $"has two members with the JSON name '{jsonName}' ('{kept[index].Member.Name}' and '{member.Name}'); names are matched case-insensitively";
                            return kept;
                        }
                    }

                    if (isIgnored)
                    {
                        ignoredByMember[member.Name] = candidate;
                    }
                }
            }

            return kept.Where(c => !c.IsIgnored).ToList();
        }

        private bool IsCandidate(ISymbol member)
        {
            if (member.IsStatic || member.IsImplicitlyDeclared)
            {
                return false;
            }

            var hasInclude = FindAttribute(member, _known.JsonIncludeAttribute) is not null;
            return member switch
            {
                IPropertySymbol property => !property.IsIndexer
                    && property.ExplicitInterfaceImplementations.IsEmpty
                    && (property.GetMethod?.DeclaredAccessibility == Accessibility.Public || property.SetMethod?.DeclaredAccessibility == Accessibility.Public || hasInclude),
                IFieldSymbol field => !field.IsConst && hasInclude,
                _ => false,
            };
        }

        private PropertySpec? DescribeMember(ISymbol member, ITypeSymbol memberType, bool boundToParameter, bool isCSharpRequired)
        {
            var hasInclude = FindAttribute(member, _known.JsonIncludeAttribute) is not null;
            var declaringType = member.ContainingType;
            var compilation = graph._compilation;
            MemberAccess Access(ISymbol? accessor, bool usable, bool forceAccessor = false) =>
                accessor is null || !usable ? MemberAccess.None
                : !forceAccessor && compilation.IsSymbolAccessibleWithin(accessor, compilation.Assembly) ? MemberAccess.Direct
                : MemberAccess.UnsafeAccessor;

            MemberAccess getter, setter;
            if (member is IPropertySymbol property)
            {
                if (property.ReturnsByRef || property.ReturnsByRefReadonly)
                {
                    entry.Reason = $"has the property '{member.Name}' that returns by reference";
                    return null;
                }

                getter = Access(property.GetMethod, property.GetMethod?.DeclaredAccessibility == Accessibility.Public || hasInclude);
                var setMethod = property.SetMethod;
                var settable = setMethod is not null && (setMethod.DeclaredAccessibility == Accessibility.Public || hasInclude) && !(setMethod.IsInitOnly && boundToParameter);
                setter = Access(setMethod, settable, setMethod?.IsInitOnly == true);
            }
            else
            {
                var field = (IFieldSymbol)member;
                getter = Access(field, true);
                setter = Access(field, !field.IsReadOnly);
            }

            if ((getter == MemberAccess.UnsafeAccessor || setter == MemberAccess.UnsafeAccessor) && IsGenericOrNestedInGeneric(declaringType))
            {
                entry.Reason = $"has the member '{member.Name}' that needs an accessor (init-only or non-public), which .NET 8 cannot bind on a generic type";
                return null;
            }

            if (FindAttribute(member, _known.JsonExtensionDataAttribute) is not null)
            {
                entry.Reason = $"has the [JsonExtensionData] member '{member.Name}', which the generated metadata does not support";
                return null;
            }

            if (FindAttribute(member, _known.JsonObjectCreationHandlingAttribute) is not null)
            {
                entry.Reason = $"has the member '{member.Name}' with [JsonObjectCreationHandling], which the generated metadata does not support";
                return null;
            }

            ConverterSpec? converter = null;
            string? describedTypeName = null;
            if (FindAttribute(member, _known.JsonConverterAttribute) is { } converterAttribute)
            {
                var (spec, reason) = graph.DescribeConverter(converterAttribute, memberType);
                if (reason is not null)
                {
                    entry.Reason = $"has the member '{member.Name}' that {reason}";
                    return null;
                }

                converter = spec;
            }
            else
            {
                // A member with its own converter never asks the options for its type's metadata.
                describedTypeName = graph.Depend(entry, memberType, $"the member '{member.Name}'");
            }

            var ignore = FindAttribute(member, _known.JsonIgnoreAttribute);
            var order = FirstArgument(FindAttribute(member, _known.JsonPropertyOrderAttribute)) is int value ? value : 0;
            var typeName = graph._names.Annotated(memberType.IsReferenceType ? memberType.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : memberType);
            var jsonName = FirstArgument(FindAttribute(member, _known.JsonPropertyNameAttribute)) as string;
            return new PropertySpec(
                member.Name,
                jsonName,
                typeName,
                describedTypeName,
                graph._names.FullyQualified(declaringType),
                declaringType.IsValueType,
                IsProperty: member is IPropertySymbol,
                IsPublic: member.DeclaredAccessibility == Accessibility.Public,
                IsVirtual: member is IPropertySymbol { IsVirtual: true } or IPropertySymbol { IsOverride: true } or IPropertySymbol { IsAbstract: true },
                hasInclude,
                getter,
                setter,
                IsRequired: isCSharpRequired || FindAttribute(member, _known.JsonRequiredAttribute) is not null,
                order,
                ignore is null ? null : IgnoreCondition(ignore),
                NumberHandling(member),
                converter);
        }

        private int? NumberHandling(ISymbol symbol) =>
            FirstArgument(FindAttribute(symbol, _known.JsonNumberHandlingAttribute)) is int value ? value : null;

        private static int IgnoreCondition(AttributeData ignore)
        {
            foreach (var argument in ignore.NamedArguments)
            {
                if (argument.Key == "Condition" && argument.Value.Value is int condition)
                {
                    return condition;
                }
            }

            return JsonIgnoreAlways;
        }

        private static bool IsGenericOrNestedInGeneric(INamedTypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.ContainingType)
            {
                if (current.IsGenericType)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
