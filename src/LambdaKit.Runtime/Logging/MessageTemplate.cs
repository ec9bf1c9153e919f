using System.Collections;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace LambdaKit.Runtime.Logging;

/// <summary>
/// A parameterized log message (<c>"Order {OrderId} for {Customer}"</c>) as AWS's .NET runtime reads it: placeholders
/// are filled in order (<c>{name}</c>), or by index when every placeholder is a number and they cover 0..n-1
/// (<c>{0} {1} {0}</c>); <c>{name:format}</c> applies a .NET format; <c>{@name}</c> asks for the value as JSON;
/// <c>{{</c> is not a placeholder. No reflection: values are written from their runtime type (docs/runtime.md).
/// </summary>
internal sealed class MessageTemplate
{
    private const int MaxLoggedBytes = 16;
    private const string DateFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    // The record's own fields: an argument of the same name is not written, so it cannot shadow them.
    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        "timestamp", "level", "requestId", "traceId", "tenantId", "message", "errorType", "errorMessage", "stackTrace",
    };

    private readonly string _template;
    private readonly List<Placeholder> _placeholders;
    private readonly bool _positional;

    private MessageTemplate(string template, List<Placeholder> placeholders)
    {
        _template = template;
        _placeholders = placeholders;
        _positional = IsPositional(placeholders);
    }

    public static MessageTemplate Parse(string template) => new(template, Placeholders(template));

    /// <summary>The message with its placeholders replaced by <paramref name="args"/>; a null, list or dictionary argument leaves its placeholder as written.</summary>
    public string Format(object?[] args)
    {
        if (_placeholders.Count == 0 || args.Length == 0)
        {
            return _template;
        }

        var text = new StringBuilder(_template.Length + 16);
        int at = 0;
        for (int i = 0; i < _placeholders.Count; i++)
        {
            if (!_positional && i >= args.Length)
            {
                break;
            }

            var placeholder = _placeholders[i];
            text.Append(_template, at, placeholder.Start - at);
            text.Append(placeholder.Render(_template, Argument(i, args)));
            at = placeholder.End;
        }

        return text.Append(_template, at, _template.Length - at).ToString();
    }

    /// <summary>
    /// Writes each placeholder's argument as a field of the JSON record, named as the placeholder: numbers and booleans
    /// as JSON values, lists as arrays, dictionaries as objects, anything else as its invariant text. Null arguments,
    /// names already written and the record's own field names are skipped.
    /// </summary>
    public void WriteFields(Utf8JsonWriter json, object?[] args)
    {
        HashSet<string>? written = null;
        for (int i = 0; i < _placeholders.Count; i++)
        {
            if (!_positional && i >= args.Length)
            {
                break;
            }

            var placeholder = _placeholders[i];
            if (Argument(i, args) is not { } value || ReservedNames.Contains(placeholder.Name) || !(written ??= new(StringComparer.Ordinal)).Add(placeholder.Name))
            {
                continue;
            }

            json.WritePropertyName(placeholder.Name);
            switch (value)
            {
                case IList list when value is not IList<byte>:
                    json.WriteStartArray();
                    foreach (var item in list)
                    {
                        placeholder.WriteValue(json, item);
                    }

                    json.WriteEndArray();
                    break;
                case IDictionary dictionary:
                    json.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        json.WritePropertyName(entry.Key.ToString() ?? string.Empty);
                        placeholder.WriteValue(json, entry.Value);
                    }

                    json.WriteEndObject();
                    break;
                default:
                    placeholder.WriteValue(json, value);
                    break;
            }
        }
    }

    private object? Argument(int placeholder, object?[] args)
    {
        if (!_positional)
        {
            return args[placeholder];
        }

        int index = int.Parse(_placeholders[placeholder].Name, NumberStyles.Integer, CultureInfo.InvariantCulture);
        return index < args.Length ? args[index] : null;
    }

    private static List<Placeholder> Placeholders(string template)
    {
        var found = new List<Placeholder>();
        for (int i = 0; i < template.Length; i++)
        {
            if (template[i] != '{')
            {
                continue;
            }

            if (i + 1 < template.Length && template[i + 1] == '{')
            {
                i++;
                continue;
            }

            int close = template.IndexOf('}', i + 1);
            if (close < 0)
            {
                break;
            }

            if (close > i + 1)
            {
                found.Add(new Placeholder(template, i, close + 1));
            }

            i = close;
        }

        return found;
    }

    private static bool IsPositional(List<Placeholder> placeholders)
    {
        if (placeholders.Count == 0)
        {
            return false;
        }

        var seen = new HashSet<int>();
        int max = -1;
        foreach (var placeholder in placeholders)
        {
            if (!int.TryParse(placeholder.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index) || index < 0)
            {
                return false;
            }

            seen.Add(index);
            max = Math.Max(max, index);
        }

        return seen.Count == max + 1;
    }

    private static string Hex(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(2 * Math.Min(bytes.Length, MaxLoggedBytes) + 16);
        for (int i = 0; i < bytes.Length; i++)
        {
            if (i == MaxLoggedBytes)
            {
                text.Append("... (").Append(bytes.Length.ToString(CultureInfo.InvariantCulture)).Append(" bytes)");
                break;
            }

            text.Append(bytes[i].ToString("X2", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>One placeholder: <c>{[@]name[:format]}</c> from <see cref="Start"/> to <see cref="End"/> (exclusive).</summary>
    private readonly struct Placeholder
    {
        private readonly string? _format;

        public Placeholder(string template, int start, int end)
        {
            Start = start;
            End = end;
            var token = template.AsSpan(start + 1, end - start - 2);
            if (token.Length > 0 && token[0] == '@')
            {
                token = token[1..];
            }

            int colon = token.IndexOf(':');
            Name = (colon < 0 ? token : token[..colon]).Trim().ToString();
            var format = colon < 0 ? default : token[(colon + 1)..].Trim();
            _format = format.IsEmpty ? null : format.ToString();
        }

        public int Start { get; }

        public int End { get; }

        public string Name { get; }

        public string Render(string template, object? value)
        {
            switch (value)
            {
                case byte[] bytes: return Hex(bytes);
                case ReadOnlyMemory<byte> memory: return Hex(memory.Span);
                case Memory<byte> memory: return Hex(memory.Span);
                case null or IList or IDictionary: return template.Substring(Start, End - Start);
            }

            return _format is not null ? Formatted(value, _format) : value switch
            {
                DateTime date => date.ToString(DateFormat, CultureInfo.InvariantCulture),
                DateTimeOffset date => date.ToString(DateFormat, CultureInfo.InvariantCulture),
                DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                TimeOnly time => time.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
                _ => value.ToString() ?? string.Empty,
            };
        }

        /// <summary>One JSON value; <c>{@name}</c> of an object is its text, as AWS's runtime writes it under Native AOT.</summary>
        public void WriteValue(Utf8JsonWriter json, object? value)
        {
            if (value is null)
            {
                json.WriteNullValue();
                return;
            }

            if (_format is not null)
            {
                json.WriteStringValue(Formatted(value, _format));
                return;
            }

            switch (value)
            {
                case bool flag: json.WriteBooleanValue(flag); break;
                case byte number: json.WriteNumberValue(number); break;
                case sbyte number: json.WriteNumberValue(number); break;
                case short number: json.WriteNumberValue(number); break;
                case ushort number: json.WriteNumberValue(number); break;
                case int number: json.WriteNumberValue(number); break;
                case uint number: json.WriteNumberValue(number); break;
                case long number: json.WriteNumberValue(number); break;
                case ulong number: json.WriteNumberValue(number); break;
                case float number when float.IsFinite(number): json.WriteNumberValue(number); break;
                case double number when double.IsFinite(number): json.WriteNumberValue(number); break;
                case decimal number: json.WriteNumberValue(number); break;
                case char character: json.WriteStringValue(MemoryMarshal.CreateReadOnlySpan(ref character, 1)); break;
                case DateTime date: json.WriteStringValue(date.ToString(DateFormat, CultureInfo.InvariantCulture)); break;
                case DateTimeOffset date: json.WriteStringValue(date.ToString(DateFormat, CultureInfo.InvariantCulture)); break;
                case DateOnly date: json.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                case TimeOnly time: json.WriteStringValue(time.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)); break;
                case byte[] bytes: json.WriteStringValue(Hex(bytes)); break;
                case ReadOnlyMemory<byte> memory: json.WriteStringValue(Hex(memory.Span)); break;
                case Memory<byte> memory: json.WriteStringValue(Hex(memory.Span)); break;
                default: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }
        }

        private static string Formatted(object value, string format)
        {
            try
            {
                return string.Format(CultureInfo.CurrentCulture, "{0:" + format + "}", value);
            }
            catch (FormatException)
            {
                return value.ToString() ?? string.Empty;
            }
        }
    }
}
