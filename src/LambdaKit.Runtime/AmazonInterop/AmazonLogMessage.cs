using System.Collections;
using System.Globalization;
using System.Text;
using LambdaKit.Runtime.Logging;

namespace LambdaKit.Runtime.AmazonInterop;

/// <summary>
/// Amazon.Lambda.Core's parameterized log messages (<c>LogInformation("{count} items", count)</c>) as AWS's .NET runtime
/// writes them in the text format, for the generated Amazon.Lambda.Core logger adapter. Placeholders are replaced in
/// order (<c>{name}</c>) or by index when every placeholder is a number and they cover 0..n-1 (<c>{0} {1} {0}</c>);
/// <c>{name:format}</c> applies a .NET format; <c>byte[]</c> is written as hexadecimal (16 bytes, then a count); dates
/// as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>; a null, list or dictionary argument leaves its placeholder as written; a
/// message without arguments is written unchanged.
/// </summary>
public static class AmazonLogMessage
{
    private const int MaxLoggedBytes = 16;

    /// <summary>The level Amazon's level name (<c>LogLevel.ToString()</c>, or Lambda's) stands for; anything else is information.</summary>
    public static LambdaLogLevel Level(string? level) =>
        LambdaLogger.TryParseLevel(level, out var parsed) ? parsed : LambdaLogLevel.Information;

    /// <summary>The message with its placeholders replaced by <paramref name="args"/>.</summary>
    public static string Format(string? template, object?[]? args)
    {
        if (template is null)
        {
            return string.Empty;
        }

        if (args is null || args.Length == 0)
        {
            return template;
        }

        var placeholders = Placeholders(template);
        if (placeholders.Count == 0)
        {
            return template;
        }

        bool positional = IsPositional(placeholders);
        var text = new StringBuilder(template.Length + 16);
        int at = 0;
        for (int i = 0; i < placeholders.Count; i++)
        {
            if (!positional && i >= args.Length)
            {
                break;
            }

            var placeholder = placeholders[i];
            text.Append(template, at, placeholder.Start - at);
            object? argument = positional
                ? (int.Parse(placeholder.Name, NumberStyles.Integer, CultureInfo.InvariantCulture) is var index && index < args.Length ? args[index] : null)
                : args[i];
            text.Append(placeholder.Render(template, argument));
            at = placeholder.End;
        }

        return text.Append(template, at, template.Length - at).ToString();
    }

    /// <summary>The <c>{...}</c> placeholders; <c>{{</c> is not one.</summary>
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
        private const string DateFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

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

            if (_format is not null)
            {
                try
                {
                    return string.Format(CultureInfo.CurrentCulture, "{0:" + _format + "}", value);
                }
                catch (FormatException)
                {
                    return value.ToString() ?? string.Empty;
                }
            }

            return value switch
            {
                DateTime date => date.ToString(DateFormat, CultureInfo.InvariantCulture),
                DateTimeOffset date => date.ToString(DateFormat, CultureInfo.InvariantCulture),
                DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                TimeOnly time => time.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
                _ => value.ToString() ?? string.Empty,
            };
        }
    }
}
