using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LambdaKit.Generators.Tests.Serialization;

/// <summary>
/// Random documents shaped like a type, property-based style: the shape comes from the reflection resolver (the oracle),
/// values include unicode and escapes, numbers at their extremes, nulls, empty and nested collections, and property names
/// in random letter case (reads are case-insensitive).
/// </summary>
internal sealed class RandomJson(JsonSerializerOptions reflection, int seed)
{
    private const int MaxDepth = 5;

    private static readonly string[] Strings =
    [
        "", "plain", "quote \" and backslash \\", "slash / and tab \t and newline \n", "\u0000\u0001\u001f controls",
        "é ß 中文 🎉 emoji", "<script>alert('x')</script> & more", "\u2028\u2029 separators", "+", new string('x', 300),
    ];

    private static readonly string[] Uris = ["https://example.com/a?b=c#d", "/relative/path", "urn:isbn:0451450523", "http://[::1]:8080/", "mailto:a@b.c"];

    private readonly Random _random = new(seed);

    public string Document(Type type)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Value(writer, type, 0, stringEnum: false);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private void Value(Utf8JsonWriter writer, Type type, int depth, bool stringEnum)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            if (Chance(0.2))
            {
                writer.WriteNullValue();
            }
            else
            {
                Value(writer, underlying, depth, stringEnum);
            }

            return;
        }

        if (!type.IsValueType && (Chance(0.1) || depth > MaxDepth))
        {
            writer.WriteNullValue();
            return;
        }

        if (Scalar(writer, type, stringEnum || type.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonConverterAttribute), false).Length > 0))
        {
            return;
        }

        var info = reflection.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                writer.WriteStartArray();
                for (int i = 0, count = Count(depth); i < count; i++)
                {
                    Value(writer, info.ElementType!, depth + 1, stringEnum: false);
                }

                writer.WriteEndArray();
                break;
            case JsonTypeInfoKind.Dictionary:
                writer.WriteStartObject();
                var keys = new HashSet<string>(StringComparer.Ordinal);
                for (int i = 0, count = Count(depth); i < count; i++)
                {
                    var key = RandomString();
                    if (keys.Add(key))
                    {
                        writer.WritePropertyName(key);
                        Value(writer, info.ElementType!, depth + 1, stringEnum: false);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonTypeInfoKind.Object:
                writer.WriteStartObject();
                foreach (var property in info.Properties)
                {
                    if (property.IsRequired || Chance(0.75))
                    {
                        writer.WritePropertyName(Chance(0.3) ? FlipCase(property.Name) : property.Name);
                        Value(writer, property.PropertyType, depth + 1, property.CustomConverter is not null);
                    }
                }

                writer.WriteEndObject();
                break;
            default:
                // A type with its own converter (in the shapes: a temperature) reads numbers.
                writer.WriteNumberValue(Math.Round((_random.NextDouble() - 0.5) * 200, 2));
                break;
        }
    }

    private bool Scalar(Utf8JsonWriter writer, Type type, bool stringEnum)
    {
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            if (stringEnum && Chance(0.8))
            {
                writer.WriteStringValue(names[_random.Next(names.Length)]);
            }
            else
            {
                writer.WriteNumberValue(Convert.ToInt64(Enum.GetValues(type).GetValue(_random.Next(names.Length)), CultureInfo.InvariantCulture));
            }

            return true;
        }

        switch (Type.GetTypeCode(type))
        {
            case TypeCode.String: writer.WriteStringValue(RandomString()); return true;
            case TypeCode.Boolean: writer.WriteBooleanValue(Chance(0.5)); return true;
            case TypeCode.Char: writer.WriteStringValue(((char)_random.Next(0x20, 0xD7FF)).ToString()); return true;
            case TypeCode.Byte: writer.WriteNumberValue(Pick<byte>(byte.MinValue, byte.MaxValue, (byte)_random.Next(256))); return true;
            case TypeCode.SByte: writer.WriteNumberValue(Pick<sbyte>(sbyte.MinValue, sbyte.MaxValue, (sbyte)_random.Next(-128, 128))); return true;
            case TypeCode.Int16: writer.WriteNumberValue(Pick<short>(short.MinValue, short.MaxValue, (short)_random.Next(short.MinValue, short.MaxValue))); return true;
            case TypeCode.UInt16: writer.WriteNumberValue(Pick<ushort>(ushort.MinValue, ushort.MaxValue, (ushort)_random.Next(ushort.MaxValue))); return true;
            case TypeCode.Int32: writer.WriteNumberValue(Pick(int.MinValue, int.MaxValue, _random.Next(int.MinValue, int.MaxValue))); return true;
            case TypeCode.UInt32: writer.WriteNumberValue(Pick(uint.MinValue, uint.MaxValue, (uint)_random.NextInt64(uint.MaxValue))); return true;
            case TypeCode.Int64: writer.WriteNumberValue(Pick(long.MinValue, long.MaxValue, _random.NextInt64(long.MinValue, long.MaxValue))); return true;
            case TypeCode.UInt64: writer.WriteNumberValue(Pick(ulong.MinValue, ulong.MaxValue, (ulong)_random.NextInt64(long.MaxValue) * 2)); return true;
            case TypeCode.Single: writer.WriteNumberValue(Pick(float.MaxValue, float.Epsilon, (float)((_random.NextDouble() - 0.5) * 1e6))); return true;
            case TypeCode.Double: writer.WriteNumberValue(Pick(double.MaxValue, -double.Epsilon, (_random.NextDouble() - 0.5) * Math.Pow(10, _random.Next(-20, 300)))); return true;
            case TypeCode.Decimal: writer.WriteNumberValue(Pick(decimal.MaxValue, decimal.MinValue, new decimal(_random.Next(), _random.Next(), 0, Chance(0.5), (byte)_random.Next(0, 28)))); return true;
            case TypeCode.DateTime: writer.WriteStringValue(RandomDateTime().ToString(Pick("yyyy-MM-ddTHH:mm:ss.fffffffK", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss"), CultureInfo.InvariantCulture)); return true;
        }

        if (type == typeof(DateTimeOffset))
        {
            writer.WriteStringValue(new DateTimeOffset(RandomDateTime().Ticks, TimeSpan.FromMinutes(_random.Next(-14 * 60, 14 * 60 + 1))).ToString("O", CultureInfo.InvariantCulture));
        }
        else if (type == typeof(TimeSpan))
        {
            writer.WriteStringValue(Pick(TimeSpan.MaxValue, TimeSpan.MinValue, TimeSpan.FromTicks(_random.NextInt64(-TimeSpan.TicksPerDay * 1000, TimeSpan.TicksPerDay * 1000))).ToString("c", CultureInfo.InvariantCulture));
        }
        else if (type == typeof(Guid))
        {
            writer.WriteStringValue(Pick(Guid.Empty, Guid.NewGuid(), new Guid(Bytes(16))).ToString("D"));
        }
        else if (type == typeof(Uri))
        {
            writer.WriteStringValue(Uris[_random.Next(Uris.Length)]);
        }
        else if (type == typeof(byte[]))
        {
            writer.WriteBase64StringValue(Bytes(_random.Next(0, 40)));
        }
        else if (type == typeof(DateOnly))
        {
            writer.WriteStringValue(Pick(DateOnly.MinValue, DateOnly.MaxValue, DateOnly.FromDateTime(RandomDateTime())).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else if (type == typeof(TimeOnly))
        {
            var time = Pick(TimeOnly.MinValue, TimeOnly.MaxValue, new TimeOnly(_random.NextInt64(TimeOnly.MaxValue.Ticks)));
            writer.WriteStringValue(time.ToString(Pick("HH:mm:ss.fffffff", "HH:mm:ss", "HH:mm"), CultureInfo.InvariantCulture));
        }
        else if (type == typeof(Half))
        {
            // Beyond ±65504 the text overflows a Half; "NaN" and "Infinity" need AllowNamedFloatingPointLiterals.
            Number(writer, Pick(Half.MaxValue, Half.MinValue, Half.Epsilon, Half.NegativeZero, (Half)((_random.NextDouble() - 0.5) * 1000)).ToString(CultureInfo.InvariantCulture), "70000", "NaN", "-Infinity");
        }
        else if (type == typeof(Int128))
        {
            Number(writer, Pick(Int128.MinValue, Int128.MaxValue, (Int128)_random.NextInt64() * _random.NextInt64()).ToString(CultureInfo.InvariantCulture), "170141183460469231731687303715884105728", "1.5", "-0");
        }
        else if (type == typeof(UInt128))
        {
            Number(writer, Pick(UInt128.MinValue, UInt128.MaxValue, (UInt128)(ulong)_random.NextInt64() * (ulong)_random.NextInt64()).ToString(CultureInfo.InvariantCulture), "340282366920938463463374607431768211456", "-1", "1e3");
        }
        else if (type == typeof(Version))
        {
            // Rarely one Version.Parse refuses: a collection of them must still read now and then.
            writer.WriteStringValue(Chance(0.03)
                ? Pick("1", "1.-2", " 1.2 ", "v1.0")
                : Pick("1.2", "1.2.3", "1.2.3.4", "2147483647.2147483647.2147483647.2147483647", $"{_random.Next()}.{_random.Next()}.{_random.Next(100)}"));
        }
        else if (type == typeof(JsonElement) || type == typeof(JsonDocument) || typeof(System.Text.Json.Nodes.JsonNode).IsAssignableFrom(type))
        {
            Any(writer, 0, type);
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>Any JSON value (or, for JsonObject/JsonArray, a value of that kind).</summary>
    private void Any(Utf8JsonWriter writer, int depth, Type type)
    {
        var kind = type == typeof(System.Text.Json.Nodes.JsonObject) ? 0
            : type == typeof(System.Text.Json.Nodes.JsonArray) ? 1
            : type == typeof(System.Text.Json.Nodes.JsonValue) ? 2 + _random.Next(3)
            : depth > 2 ? 2 + _random.Next(4) : _random.Next(6);
        switch (kind)
        {
            case 0:
                writer.WriteStartObject();
                for (int i = 0, count = Count(depth); i < count; i++)
                {
                    writer.WritePropertyName($"k{i}{RandomString()}");
                    Any(writer, depth + 1, typeof(object));
                }

                writer.WriteEndObject();
                break;
            case 1:
                writer.WriteStartArray();
                for (int i = 0, count = Count(depth); i < count; i++)
                {
                    Any(writer, depth + 1, typeof(object));
                }

                writer.WriteEndArray();
                break;
            case 2: writer.WriteStringValue(RandomString()); break;
            case 3: writer.WriteNumberValue((_random.NextDouble() - 0.5) * 1e10); break;
            case 4: writer.WriteBooleanValue(Chance(0.5)); break;
            default: writer.WriteNullValue(); break;
        }
    }

    /// <summary>Mostly <paramref name="text"/> as a JSON number; rarely an out-of-range or odd number, or a quoted one (read only with number handling).</summary>
    private void Number(Utf8JsonWriter writer, string text, params string[] odd)
    {
        var oddOne = odd[_random.Next(odd.Length)];
        switch (_random.Next(40))
        {
            case 0: writer.WriteStringValue(text); break;
            case 1: writer.WriteStringValue(oddOne); break;
            case 2 when char.IsAsciiDigit(oddOne[^1]): writer.WriteRawValue(oddOne); break; // a JSON number token, unlike NaN
            default: writer.WriteRawValue(text); break;
        }
    }

    private string RandomString()
    {
        if (Chance(0.5))
        {
            return Strings[_random.Next(Strings.Length)];
        }

        var builder = new StringBuilder();
        for (int i = 0, length = _random.Next(0, 12); i < length; i++)
        {
            var c = _random.Next(4) switch
            {
                0 => (char)_random.Next(0x20, 0x7F),
                1 => (char)_random.Next(0, 0x20),
                2 => (char)_random.Next(0xA0, 0xD7FF),
                _ => '"',
            };
            builder.Append(c);
        }

        if (Chance(0.2))
        {
            builder.Append("\U0001F600");
        }

        return builder.ToString();
    }

    private DateTime RandomDateTime() =>
        new(Pick(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay, _random.NextInt64(DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay)), Pick(DateTimeKind.Utc, DateTimeKind.Local, DateTimeKind.Unspecified));

    private string FlipCase(string name) =>
        string.Concat(name.Select(c => Chance(0.5) ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));

    private int Count(int depth) => depth > MaxDepth - 2 ? _random.Next(2) : _random.Next(4);

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];

    private bool Chance(double probability) => _random.NextDouble() < probability;
}
