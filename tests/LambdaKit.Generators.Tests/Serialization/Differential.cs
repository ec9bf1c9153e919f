using System.Text;
using System.Text.Json;
using Xunit.Sdk;

namespace LambdaKit.Generators.Tests.Serialization;

/// <summary>
/// The differential assertion: a document read and written with the generated metadata gives exactly what the reflection
/// serializer gives under the same options, and each side's objects write the same bytes through the other side.
/// </summary>
internal static class Differential
{
    /// <summary>Returns whether the document was read (false when both sides refused it alike).</summary>
    public static bool AssertSame(SerializerHarness harness, Type type, string json)
    {
        var (fromReflection, reflectionError) = Read(json, type, harness.Reflection);
        var (fromGenerated, generatedError) = Read(json, type, harness.Generated);
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

        var expected = Write(fromReflection, type, harness.Reflection);
        Equal(expected, Write(fromGenerated, type, harness.Generated), "generated read + generated write", json);
        Equal(expected, Write(fromGenerated, type, harness.Reflection), "generated read + reflection write", json);
        Equal(expected, Write(fromReflection, type, harness.Generated), "reflection read + generated write", json);
        return true;
    }

    /// <summary>Writes a fresh object (no JSON read first) both ways.</summary>
    public static void AssertSameWrite(SerializerHarness harness, Type type, object? value) =>
        Equal(Write(value, type, harness.Reflection), Write(value, type, harness.Generated), "write of a constructed object", "(none)");

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

    private static void Equal(string expected, string actual, string what, string input)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new XunitException($"{what} differs from the reflection serializer.\nexpected: {expected}\nactual:   {actual}\ninput:    {input}");
        }
    }
}
