using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Xunit.Sdk;

namespace LambdaKit.Generators.Tests.Serialization;

/// <summary>
/// The differential assertion: a document read and written with the generated metadata gives exactly what the reflection
/// serializer gives under the same options, and each side's objects write the same bytes through the other side. The
/// generated write goes through the root type's SerializeHandler when System.Text.Json uses it (and through the nested
/// handlers either way); the handler is also called directly, so it is compared even where System.Text.Json would not call it.
/// </summary>
internal static class Differential
{
    /// <summary>Returns whether the document was read (false when both sides refused it alike).</summary>
    public static bool AssertSame(SerializerHarness harness, Type type, string json) => AssertSame(harness.Reflection, harness.Generated, type, json, callHandler: true);

    /// <summary>
    /// As <see cref="AssertSame(SerializerHarness, Type, string)"/>, with options of the caller's (the same settings on both
    /// sides); the handler is called directly only when <paramref name="callHandler"/> says the options are compatible with it.
    /// </summary>
    public static bool AssertSame(JsonSerializerOptions reflection, JsonSerializerOptions generated, Type type, string json, bool callHandler)
    {
        var (fromReflection, reflectionError) = Read(json, type, reflection);
        var (fromGenerated, generatedError) = Read(json, type, generated);
        if (reflectionError is not null || generatedError is not null)
        {
            if (reflectionError?.GetType() != generatedError?.GetType())
            {
                throw new XunitException(
                    $"Reading {type} failed differently.\nreflection: {reflectionError?.GetType().Name}: {reflectionError?.Message}\n"
                    + $"generated: {generatedError?.GetType().Name}: {generatedError?.Message}\ninput: {json}");
            }

            return false;
        }

        var expected = Write(fromReflection, type, reflection);
        Equal(expected, Write(fromGenerated, type, generated), "generated read + generated write", json);
        Equal(expected, Write(fromGenerated, type, reflection), "generated read + reflection write", json);
        Equal(expected, Write(fromReflection, type, generated), "reflection read + generated write", json);
        if (callHandler && WriteThroughHandler(fromGenerated, type, generated) is { } handlerWritten)
        {
            Equal(expected, handlerWritten, "generated read + SerializeHandler write", json);
        }

        return true;
    }

    /// <summary>Writes a fresh object (no JSON read first) both ways.</summary>
    public static void AssertSameWrite(SerializerHarness harness, Type type, object? value) => AssertSameWrite(harness.Reflection, harness.Generated, type, value, callHandler: true);

    /// <summary>As <see cref="AssertSameWrite(SerializerHarness, Type, object?)"/>, with options of the caller's (see <see cref="AssertSame(JsonSerializerOptions, JsonSerializerOptions, Type, string, bool)"/>).</summary>
    public static void AssertSameWrite(JsonSerializerOptions reflection, JsonSerializerOptions generated, Type type, object? value, bool callHandler)
    {
        var expected = Write(value, type, reflection);
        Equal(expected, Write(value, type, generated), "write of a constructed object", "(none)");
        if (callHandler && WriteThroughHandler(value, type, generated) is { } handlerWritten)
        {
            Equal(expected, handlerWritten, "SerializeHandler write of a constructed object", "(none)");
        }
    }

    /// <summary>The type's SerializeHandler, if the generated metadata has one.</summary>
    public static Delegate? SerializeHandler(JsonSerializerOptions options, Type type)
    {
        var typeInfo = options.GetTypeInfo(type);
        return (Delegate?)typeInfo.GetType().GetProperty(nameof(JsonTypeInfo<int>.SerializeHandler))!.GetValue(typeInfo);
    }

    private static (object? Value, Exception? Error) Read(string json, Type type, JsonSerializerOptions options)
    {
        try
        {
            return (JsonSerializer.Deserialize(json, type, options), null);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            return (null, e);
        }
    }

    /// <summary>The bytes written, or the exception type when writing is refused (both sides must refuse alike).</summary>
    private static string Write(object? value, Type type, JsonSerializerOptions options)
    {
        try
        {
            return Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(value, type, options));
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return "refused: " + e.GetType().Name;
        }
    }

    /// <summary>
    /// What the type's SerializeHandler writes when called directly, or null if it has none; the writer validates its
    /// output and has the depth limit the serializer would give it.
    /// </summary>
    private static string? WriteThroughHandler(object? value, Type type, JsonSerializerOptions options)
    {
        if (SerializeHandler(options, type) is not { } handler)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, MaxDepth = options.MaxDepth == 0 ? 64 : options.MaxDepth }))
        {
            try
            {
                handler.DynamicInvoke(writer, value);
            }
            catch (TargetInvocationException e) when (e.InnerException is JsonException or NotSupportedException or InvalidOperationException)
            {
                return "refused: " + e.InnerException.GetType().Name;
            }
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Equal(string expected, string actual, string what, string input)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new XunitException($"{what} differs from the reflection serializer.\nexpected: {expected}\nactual:   {actual}\ninput:    {input}");
        }
    }
}
