using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LambdaKit.Runtime;

/// <summary>
/// A JSON document that names every property a LambdaKit event type reaches, each with a sample value: the generated
/// registration reads it (and writes what it read) during init, so that the first invocation's JSON work is not the
/// first use of that code (under JIT and ReadyToRun: compiling it). For generated code.
/// </summary>
/// <remarks>
/// Only for the types declared in LambdaKit.Runtime (the events): reading a sample creates instances, and for those no
/// user code runs. The values are shapes, not data: a string is <c>"s"</c>, a number <c>1</c>, a list holds one item,
/// a dictionary one entry; a type met again on the way down, and anything deeper than <see cref="MaxDepth"/>, is left out.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LambdaJsonSample
{
    private const int MaxDepth = 8;

    /// <summary>
    /// Reads the sample document of <typeparamref name="T"/> with <paramref name="typeInfo"/>; <see langword="default"/>
    /// for a type not declared in LambdaKit.Runtime, or when reading fails (a warm-up only: the invocation that meets
    /// the same problem reports it).
    /// </summary>
    public static T? Read<T>(JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return For(typeInfo) is { } sample ? JsonSerializer.Deserialize(sample, typeInfo) : default;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return default;
        }
    }

    /// <summary>The sample document for <paramref name="typeInfo"/>'s type, or <see langword="null"/> for a type not declared in LambdaKit.Runtime.</summary>
    internal static byte[]? For(JsonTypeInfo typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (typeInfo.Type.Assembly != typeof(LambdaJsonSample).Assembly)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, typeInfo, new HashSet<Type>(), 0);
        }

        return stream.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonTypeInfo typeInfo, HashSet<Type> path, int depth)
    {
        var type = Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type;
        if (typeInfo.Kind == JsonTypeInfoKind.None)
        {
            WriteValue(writer, type);
            return;
        }

        if (!path.Add(type))
        {
            writer.WriteNullValue();
            return;
        }

        switch (typeInfo.Kind)
        {
            case JsonTypeInfoKind.Object:
                writer.WriteStartObject();
                if (depth < MaxDepth)
                {
                    foreach (var property in typeInfo.Properties)
                    {
                        writer.WritePropertyName(property.Name);
                        Write(writer, typeInfo.Options.GetTypeInfo(property.PropertyType), path, depth + 1);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonTypeInfoKind.Enumerable:
                writer.WriteStartArray();
                if (depth < MaxDepth && ItemType(type) is { } element)
                {
                    Write(writer, typeInfo.Options.GetTypeInfo(element), path, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartObject();
                if (depth < MaxDepth && type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string))
                {
                    writer.WritePropertyName("k");
                    Write(writer, typeInfo.Options.GetTypeInfo(value), path, depth + 1);
                }

                writer.WriteEndObject();
                break;
        }

        path.Remove(type);
    }

    /// <summary>
    /// The item type of the events' collections (arrays, <c>List&lt;T&gt;</c> and its interfaces), from the type itself:
    /// JsonTypeInfo names it only from .NET 9.
    /// </summary>
    private static Type? ItemType(Type collection) =>
        collection.IsArray ? collection.GetElementType() : collection.IsGenericType && collection.GetGenericArguments() is [var item] ? item : null;

    /// <summary>A value of a type without properties of its own; JSON <c>null</c> for one not listed (a converter's own shape).</summary>
    private static void WriteValue(Utf8JsonWriter writer, Type type)
    {
        if (type == typeof(string) || type == typeof(char))
        {
            writer.WriteStringValue("s");
        }
        else if (type == typeof(bool))
        {
            writer.WriteBooleanValue(true);
        }
        else if (type.IsEnum || type.IsPrimitive || type == typeof(decimal))
        {
            writer.WriteNumberValue(1);
        }
        else if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            writer.WriteStringValue("2024-01-02T03:04:05Z");
        }
        else if (type == typeof(Guid))
        {
            writer.WriteStringValue(Guid.Empty);
        }
        else if (type == typeof(byte[]))
        {
            writer.WriteBase64StringValue("s"u8);
        }
        else if (type == typeof(JsonElement) || type == typeof(object))
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
