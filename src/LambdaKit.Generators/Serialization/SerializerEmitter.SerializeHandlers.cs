using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LambdaKit.Generators.Common;

namespace LambdaKit.Generators.Serialization;

// The serialization fast path: a SerializeHandler (JsonObjectInfoValues<T> and JsonCollectionInfoValues<T>) that writes
// a value straight to the Utf8JsonWriter, as System.Text.Json's own generator does, instead of walking the metadata.
//
// System.Text.Json 8 calls a SerializeHandler only when the options are compatible with GeneratedSerializerOptions
// (JsonSerializerContext's IBuiltInJsonTypeInfoResolver.IsCompatibleWithOptions: no converters, no encoder, no
// WriteAsString or named floating-point literals in NumberHandling, no reference handling, IgnoreNullValues off, the
// same DefaultIgnoreCondition, IgnoreReadOnlyFields, IgnoreReadOnlyProperties, IncludeFields and PropertyNamingPolicy,
// no DictionaryKeyPolicy), when no modifier customized the metadata, and not for resumable (async) writes or under a
// parent's number handling. So a handler may bake in the names and WhenWritingNull of the generated options and write
// dictionary keys as they are; indentation and escaping are the writer's, shared with the metadata path.
internal static partial class SerializerEmitter
{
    private const int JsonIgnoreNever = 0;
    private const int JsonIgnoreAlways = 1;
    private const int JsonIgnoreWhenWritingDefault = 2;
    private const int JsonIgnoreWhenWritingNull = 3;

    /// <summary>
    /// Built-in converters whose whole Write is one <c>Utf8JsonWriter</c> call, by the writer method that also writes the
    /// property name (<c>WriteString</c>); the value-only form adds <c>Value</c> (<c>WriteStringValue</c>).
    /// </summary>
    private static readonly Dictionary<string, string> DirectWriterMethods = new(StringComparer.Ordinal)
    {
        ["StringConverter"] = "WriteString",
        ["DateTimeConverter"] = "WriteString",
        ["DateTimeOffsetConverter"] = "WriteString",
        ["GuidConverter"] = "WriteString",
        ["BooleanConverter"] = "WriteBoolean",
        ["ByteConverter"] = "WriteNumber",
        ["SByteConverter"] = "WriteNumber",
        ["Int16Converter"] = "WriteNumber",
        ["UInt16Converter"] = "WriteNumber",
        ["Int32Converter"] = "WriteNumber",
        ["UInt32Converter"] = "WriteNumber",
        ["Int64Converter"] = "WriteNumber",
        ["UInt64Converter"] = "WriteNumber",

        // Non-finite values throw ArgumentException in the writer, on both paths alike.
        ["SingleConverter"] = "WriteNumber",
        ["DoubleConverter"] = "WriteNumber",
        ["DecimalConverter"] = "WriteNumber",
    };

    private enum ValueWriteKind
    {
        /// <summary>One writer call (<see cref="ValueWrite.WriterMethod"/>).</summary>
        Writer,

        /// <summary>The SerializeHandler of <see cref="ValueWrite.WrittenType"/>.</summary>
        Handler,

        /// <summary><c>JsonSerializer.Serialize</c> with this context's metadata for <see cref="ValueWrite.ValueType"/>.</summary>
        Serializer,
    }

    /// <summary>How a handler writes a value of one type.</summary>
    /// <param name="valueType">The declared type.</param>
    /// <param name="writtenType">The type the writer method or handler takes: the underlying type of a <c>Nullable&lt;T&gt;</c>, else <paramref name="valueType"/>.</param>
    private sealed class ValueWrite(TypeSpec valueType, TypeSpec writtenType, ValueWriteKind kind, string? writerMethod)
    {
        public TypeSpec ValueType { get; } = valueType;

        public TypeSpec WrittenType { get; } = writtenType;

        public ValueWriteKind Kind { get; } = kind;

        public string? WriterMethod { get; } = writerMethod;

        public bool IsNullableValueType => ValueType.Kind == TypeSpecKind.Nullable;

        public bool CanBeNull => !ValueType.IsValueType || IsNullableValueType;
    }

    /// <summary>How an object's handler writes one property.</summary>
    /// <param name="ignoreCondition">The effective <c>JsonIgnoreCondition</c>: the member's, else the options' <c>WhenWritingNull</c> for a value that can be null.</param>
    private sealed class PropertyWrite(PropertySpec property, string jsonName, ValueWrite value, int? ignoreCondition, string nameField)
    {
        public PropertySpec Property { get; } = property;

        public string JsonName { get; } = jsonName;

        public ValueWrite Value { get; } = value;

        public int? IgnoreCondition { get; } = ignoreCondition;

        /// <summary>The static <c>JsonEncodedText</c> field holding the escaped name (empty while the handler is only being planned).</summary>
        public string NameField { get; } = nameField;
    }

    /// <summary>The types that get a SerializeHandler: objects with each property's write, collections with their element's.</summary>
    private sealed class SerializeHandlerPlans
    {
        private readonly Dictionary<string, TypeSpec> _types = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<PropertyWrite>> _objects = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ValueWrite?> _collections = new(StringComparer.Ordinal);
        private readonly HashSet<string> _objectHandlers = new(StringComparer.Ordinal);
        private readonly HashSet<string> _nameFields = new(StringComparer.Ordinal);

        public SerializeHandlerPlans(SerializerModel model)
        {
            foreach (var type in model.Types)
            {
                _types[type.TypeName] = type;
            }

            // Whether another type has a handler changes only how an object writes it (handler or JsonSerializer),
            // never whether the object can have one: first the objects, then the collections of what has a handler,
            // then the objects' writes against both.
            foreach (var type in model.Types)
            {
                if (type is { Kind: TypeSpecKind.Object, CanBeTypeArgument: true, Object: { NumberHandling: null, HasSerializationCallbacks: false } } && PlanProperties(type, model.Naming) is not null)
                {
                    _objectHandlers.Add(type.TypeName);
                }
            }

            // Planned while the objects were incomplete: planned again against all of them.
            _collections.Clear();
            foreach (var type in model.Types)
            {
                _ = PlanCollection(type);
            }

            foreach (var type in model.Types.Where(t => _objectHandlers.Contains(t.TypeName)))
            {
                _objects[type.TypeName] = PlanProperties(type, model.Naming)!
                    .Select(w => new PropertyWrite(w.Property, w.JsonName, w.Value, w.IgnoreCondition, UniqueNameField(type, w.Property)))
                    .ToList();
            }
        }

        public bool Any => _objects.Count > 0 || _collections.Values.Any(element => element is not null);

        public bool Has(string typeName) => _objects.ContainsKey(typeName) || CollectionElement(typeName) is not null;

        /// <summary>The properties the object's handler writes, in order; null when it has no handler.</summary>
        public List<PropertyWrite>? ObjectWrites(string typeName) => _objects.TryGetValue(typeName, out var writes) ? writes : null;

        /// <summary>How the collection's handler writes an element (a dictionary's value); null when it has no handler.</summary>
        public ValueWrite? CollectionElement(string typeName) => _collections.TryGetValue(typeName, out var element) ? element : null;

        /// <summary>How a collection's handler writes an element (a dictionary's value), or null when it gets no handler.</summary>
        private ValueWrite? PlanCollection(TypeSpec type)
        {
            if (type.Kind is not (TypeSpecKind.Array or TypeSpecKind.Collection or TypeSpecKind.Dictionary) || !type.CanBeTypeArgument)
            {
                return null;
            }

            if (_collections.TryGetValue(type.TypeName, out var planned))
            {
                return planned;
            }

            // Only elements written without JsonSerializer: otherwise the metadata path is as fast.
            var element = type.ElementTypeName is not null && _types.TryGetValue(type.ElementTypeName, out var elementType) ? PlanValue(elementType) : null;
            element = element is { Kind: ValueWriteKind.Serializer } ? null : element;
            _collections[type.TypeName] = element;
            return element;
        }

        private bool HasHandler(TypeSpec type) => _objectHandlers.Contains(type.TypeName) || PlanCollection(type) is not null;

        private ValueWrite? PlanValue(TypeSpec valueType)
        {
            if (valueType.Kind == TypeSpecKind.Unsupported)
            {
                return null;
            }

            var writtenType = valueType;
            if (valueType.Kind == TypeSpecKind.Nullable && (valueType.ElementTypeName is null || !_types.TryGetValue(valueType.ElementTypeName, out writtenType)))
            {
                return null;
            }

            if (writtenType.Kind == TypeSpecKind.BuiltIn && writtenType.BuiltInConverter is { } converter && DirectWriterMethods.TryGetValue(converter, out var method))
            {
                return new ValueWrite(valueType, writtenType, ValueWriteKind.Writer, method);
            }

            return HasHandler(writtenType)
                ? new ValueWrite(valueType, writtenType, ValueWriteKind.Handler, null)
                : new ValueWrite(valueType, valueType, ValueWriteKind.Serializer, null);
        }

        /// <summary>The properties an object's handler writes, in order, or null when one cannot be written exactly as the metadata does.</summary>
        private List<PropertyWrite>? PlanProperties(TypeSpec type, JsonNamingPolicyKind naming)
        {
            var writes = new List<PropertyWrite>();

            // The metadata path writes in Order, stably (JsonTypeInfo sorts by JsonPropertyInfo.Order).
            foreach (var property in type.Object!.Properties.OrderBy(p => p.Order))
            {
                if (property.Getter == MemberAccess.None || property.IgnoreCondition == JsonIgnoreAlways)
                {
                    continue;
                }

                // A member converter or number handling changes how the value is written: left to the metadata.
                if (property.Converter is not null || property.NumberHandling is not null
                    || property.DescribedTypeName is null || !_types.TryGetValue(property.DescribedTypeName, out var valueType)
                    || PlanValue(valueType) is not { } value
                    || !TryGetIgnoreCondition(property.IgnoreCondition, value, out var ignoreCondition))
                {
                    return null;
                }

                var jsonName = property.JsonName ?? (naming == JsonNamingPolicyKind.CamelCase ? GraphBuilder.ToCamelCase(property.MemberName) : property.MemberName);
                writes.Add(new PropertyWrite(property, jsonName, value, ignoreCondition, nameField: string.Empty));
            }

            return writes;
        }

        /// <summary>The name of the static field with the escaped JSON name, unique in the context (members of different types can share one).</summary>
        private string UniqueNameField(TypeSpec type, PropertySpec property)
        {
            var name = $"s_{type.PropertyName}_{property.MemberName}";
            var unique = name;
            for (var suffix = 2; !_nameFields.Add(unique); suffix++)
            {
                unique = name + suffix.ToString(CultureInfo.InvariantCulture);
            }

            return unique;
        }

        /// <summary>The effective ignore condition: the member's, else the options' WhenWritingNull where a value can be null.</summary>
        private static bool TryGetIgnoreCondition(int? declared, ValueWrite value, out int? effective)
        {
            effective = declared ?? (value.CanBeNull ? JsonIgnoreWhenWritingNull : null);
            return declared switch
            {
                null or JsonIgnoreWhenWritingDefault => true,

                // A null the metadata path writes itself or hands to the value's converter (HandleNull), without the
                // depth check of JsonSerializer.Serialize: mirrored for writer calls only.
                JsonIgnoreNever => !value.CanBeNull || value.Kind == ValueWriteKind.Writer,

                // On a value type that cannot be null, the metadata refuses the condition when it is configured.
                JsonIgnoreWhenWritingNull => value.CanBeNull,
                _ => false,
            };
        }
    }

    /// <summary>The <c>SerializeHandler</c> entry of the type's <c>JsonObjectInfoValues</c> or <c>JsonCollectionInfoValues</c>, if it has a handler.</summary>
    private static void EmitSerializeHandlerAssignment(SourceWriter writer, TypeSpec type, SerializeHandlerPlans handlers)
    {
        if (handlers.Has(type.TypeName))
        {
            // Only for the options this context is bound to: the handler writes other types through this context's
            // metadata properties, which are bound to them, and reads MaxDepth from them.
            writer.WriteLine($"SerializeHandler = object.ReferenceEquals(options, Options) ? {type.PropertyName}_Serialize : null,");
        }
    }

    private static void EmitSerializeHandler(SourceWriter writer, TypeSpec type, SerializeHandlerPlans handlers)
    {
        if (handlers.ObjectWrites(type.TypeName) is { } writes)
        {
            EmitObjectHandler(writer, type, writes);
        }
        else if (handlers.CollectionElement(type.TypeName) is { } element)
        {
            EmitCollectionHandler(writer, type, element);
        }
    }

    private static void EmitObjectHandler(SourceWriter writer, TypeSpec type, List<PropertyWrite> writes)
    {
        writer.WriteLine();
        foreach (var write in writes)
        {
            writer.WriteLine($"private static readonly {Json}.JsonEncodedText {write.NameField} = {Json}.JsonEncodedText.Encode({Literal(write.JsonName)});");
        }

        OpenHandler(writer, type);
        if (writes.Any(w => w.Value.Kind == ValueWriteKind.Writer))
        {
            writer.WriteLine("bool valuesPastMaxDepth = WriteObjectStart(writer);");
        }
        else
        {
            writer.WriteLine("WriteObjectStart(writer);");
        }

        var locals = new HashSet<string>(StringComparer.Ordinal) { "writer", "value", "valuesPastMaxDepth" };
        foreach (var write in writes)
        {
            EmitPropertyWrite(writer, type, write, locals);
        }

        writer.WriteLine("writer.WriteEndObject();");
        writer.CloseBlock();
    }

    private static void EmitPropertyWrite(SourceWriter writer, TypeSpec type, PropertyWrite write, HashSet<string> locals)
    {
        var access = MemberValue(type, write.Property);
        if (write.IgnoreCondition is null || (write.IgnoreCondition == JsonIgnoreNever && !write.Value.CanBeNull))
        {
            EmitPropertyValueWrite(writer, write, access);
            return;
        }

        var local = "__" + write.Property.MemberName;
        for (var suffix = 2; !locals.Add(local); suffix++)
        {
            local = "__" + write.Property.MemberName + suffix.ToString(CultureInfo.InvariantCulture);
        }

        writer.WriteLine($"var {local} = {access};");
        if (write.IgnoreCondition == JsonIgnoreNever)
        {
            writer.OpenBlock($"if ({local} is null)");
            writer.WriteLine($"writer.WriteNull({write.NameField});");
            writer.CloseBlock();
            writer.OpenBlock("else");
        }
        else if (write.Value.CanBeNull)
        {
            writer.OpenBlock($"if ({local} is not null)");
        }
        else
        {
            // WhenWritingDefault on a value type: the metadata's test, EqualityComparer<T>.Default.Equals(default, value).
            writer.OpenBlock($"if (!global::System.Collections.Generic.EqualityComparer<{write.Property.TypeName}>.Default.Equals(default, {local}))");
        }

        EmitPropertyValueWrite(writer, write, local);
        writer.CloseBlock();
    }

    /// <summary>Writes the name and the value (not null) of a property.</summary>
    private static void EmitPropertyValueWrite(SourceWriter writer, PropertyWrite write, string value)
    {
        var written = write.Value.IsNullableValueType && write.Value.Kind != ValueWriteKind.Serializer ? value + ".GetValueOrDefault()" : value;

        // Nested nullable annotations (List<string?>) differ from the described type (List<string>) the handler or
        // metadata takes: the null-forgiving operator lets the value convert, the type argument keeps inference off the
        // annotated type.
        var annotated = !string.Equals(write.Property.TypeName, write.Value.ValueType.TypeName, StringComparison.Ordinal);
        if (annotated)
        {
            written += "!";
        }

        switch (write.Value.Kind)
        {
            case ValueWriteKind.Writer:
                // A nested handler or JsonSerializer.Serialize refuses a value past MaxDepth itself.
                writer.WriteLine("ThrowIfPastMaxDepth(valuesPastMaxDepth);");
                writer.WriteLine($"writer.{write.Value.WriterMethod}({write.NameField}, {written});");
                break;
            case ValueWriteKind.Handler:
                writer.WriteLine($"writer.WritePropertyName({write.NameField});");
                writer.WriteLine($"{write.Value.WrittenType.PropertyName}_Serialize(writer, {written});");
                break;
            default:
                var typeArgument = annotated ? $"<{write.Value.ValueType.TypeName}>" : string.Empty;
                writer.WriteLine($"writer.WritePropertyName({write.NameField});");
                writer.WriteLine($"{Json}.JsonSerializer.Serialize{typeArgument}(writer, {written}, {write.Value.ValueType.PropertyName});");
                break;
        }
    }

    /// <summary>Reads the member from the handler's <c>value</c>, as the metadata getter does.</summary>
    private static string MemberValue(TypeSpec type, PropertySpec p)
    {
        if (p.Getter == MemberAccess.Direct)
        {
            // Through the declaring type: a member hidden by a derived one (new) is still the one described.
            return string.Equals(p.DeclaringTypeName, type.TypeName, StringComparison.Ordinal)
                ? $"value.{Identifier(p.MemberName)}"
                : $"(({p.DeclaringTypeName})value).{Identifier(p.MemberName)}";
        }

        var target = p.DeclaringTypeIsValueType ? "ref value" : "value";
        return $"{AccessorName(type, p, p.IsProperty ? "Get" : "Field")}({target})";
    }

    /// <summary>
    /// A collection's handler: the metadata path's converters write the elements (dictionary entries) in enumeration
    /// order, each after a depth check (null elements too), keys as they are (no DictionaryKeyPolicy).
    /// </summary>
    private static void EmitCollectionHandler(SourceWriter writer, TypeSpec type, ValueWrite element)
    {
        var isDictionary = type.Kind == TypeSpecKind.Dictionary;
        OpenHandler(writer, type);
        writer.WriteLine($"bool valuesPastMaxDepth = {(isDictionary ? "WriteObjectStart" : "WriteArrayStart")}(writer);");
        writer.OpenBlock($"foreach (var {(isDictionary ? "entry" : "element")} in value)");
        writer.WriteLine("ThrowIfPastMaxDepth(valuesPastMaxDepth);");
        var value = isDictionary ? "entry.Value" : "element";
        if (element.Kind == ValueWriteKind.Writer)
        {
            // WriteString and WriteStringValue write a null string as null.
            var (write, writeNull) = isDictionary
                ? ($"writer.{element.WriterMethod}(entry.Key, ", "writer.WriteNull(entry.Key);")
                : ($"writer.{element.WriterMethod}Value(", "writer.WriteNullValue();");
            EmitElementWrite(writer, element, value, writeNull, unwrapped => writer.WriteLine($"{write}{unwrapped});"));
        }
        else
        {
            if (isDictionary)
            {
                writer.WriteLine("writer.WritePropertyName(entry.Key);");
            }

            // A handler writes a null reference as null itself.
            EmitElementWrite(writer, element, value, "writer.WriteNullValue();", unwrapped => writer.WriteLine($"{element.WrittenType.PropertyName}_Serialize(writer, {unwrapped});"));
        }

        writer.CloseBlock();
        writer.WriteLine(isDictionary ? "writer.WriteEndObject();" : "writer.WriteEndArray();");
        writer.CloseBlock();
    }

    /// <summary>Writes an element through <paramref name="emitWrite"/>, unwrapping a <c>Nullable&lt;T&gt;</c> after writing its null.</summary>
    private static void EmitElementWrite(SourceWriter writer, ValueWrite element, string value, string writeNull, Action<string> emitWrite)
    {
        if (!element.IsNullableValueType)
        {
            emitWrite(value);
            return;
        }

        writer.OpenBlock($"if ({value} is null)");
        writer.WriteLine(writeNull);
        writer.CloseBlock();
        writer.OpenBlock("else");
        emitWrite(value + ".GetValueOrDefault()");
        writer.CloseBlock();
    }

    /// <summary>Opens the handler method; a null reference is written as null, as the metadata path writes it.</summary>
    private static void OpenHandler(SourceWriter writer, TypeSpec type)
    {
        writer.WriteLine();
        writer.WriteLine($"/// <summary>Writes <c>{XmlEscape(type.TypeName)}</c> as its metadata would, without walking it.</summary>");
        writer.OpenBlock($"private void {type.PropertyName}_Serialize({Json}.Utf8JsonWriter writer, {type.TypeName}{(type.IsValueType ? string.Empty : "?")} value)");
        if (!type.IsValueType)
        {
            writer.OpenBlock("if (value is null)");
            writer.WriteLine("writer.WriteNullValue();");
            writer.WriteLine("return;");
            writer.CloseBlock();
            writer.WriteLine();
        }
    }

    private static void EmitSerializeHandlerHelpers(SourceWriter writer, SerializeHandlerPlans handlers)
    {
        if (!handlers.Any)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Starts an object in a SerializeHandler with the metadata path's depth rule: an object past MaxDepth is refused with a");
        writer.WriteLine("/// JsonException; returns whether its values are past it (the handler refuses them the same way).");
        writer.WriteLine("/// </summary>");
        writer.OpenBlock($"private bool WriteObjectStart({Json}.Utf8JsonWriter writer)");
        writer.WriteLine("int maxDepth = Options.MaxDepth == 0 ? 64 : Options.MaxDepth;");
        writer.WriteLine("ThrowIfPastMaxDepth(writer.CurrentDepth >= maxDepth);");
        writer.WriteLine("writer.WriteStartObject();");
        writer.WriteLine("return writer.CurrentDepth >= maxDepth;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("/// <summary>Starts an array as <see cref=\"WriteObjectStart\"/> starts an object.</summary>");
        writer.OpenBlock($"private bool WriteArrayStart({Json}.Utf8JsonWriter writer)");
        writer.WriteLine("int maxDepth = Options.MaxDepth == 0 ? 64 : Options.MaxDepth;");
        writer.WriteLine("ThrowIfPastMaxDepth(writer.CurrentDepth >= maxDepth);");
        writer.WriteLine("writer.WriteStartArray();");
        writer.WriteLine("return writer.CurrentDepth >= maxDepth;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        writer.OpenBlock("private void ThrowIfPastMaxDepth(bool pastMaxDepth)");
        writer.OpenBlock("if (pastMaxDepth)");
        writer.WriteLine("ThrowPastMaxDepth();");
        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();
        writer.OpenBlock("private void ThrowPastMaxDepth()");
        writer.WriteLine("int maxDepth = Options.MaxDepth == 0 ? 64 : Options.MaxDepth;");
        writer.WriteLine($"throw new {Json}.JsonException($\"The object graph is deeper than the maximum depth of {{maxDepth}} (JsonSerializerOptions.MaxDepth), or has a cycle.\");");
        writer.CloseBlock();
    }
}
