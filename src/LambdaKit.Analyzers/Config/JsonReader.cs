using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Analyzers.Config;

/// <summary>
/// A small JSON reader for configuration files, with the position of every value. Analyzers cannot rely on
/// System.Text.Json (not every compiler host loads it for them), so this one depends on nothing. Never throws: a
/// malformed document gives the position and a description of the first error.
/// </summary>
internal sealed class JsonReader
{
    private const int MaxDepth = 128;

    private readonly string _text;
    private int _position;

    private JsonReader(string text) => _text = text;

    /// <summary>The document's root value, or null with <paramref name="error"/> set.</summary>
    public static JsonNode? Parse(string text, out JsonError? error)
    {
        var reader = new JsonReader(text);
        try
        {
            var root = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (reader._position < text.Length)
            {
                throw reader.Error("unexpected text after the end of the document");
            }

            error = null;
            return root;
        }
        catch (JsonException e)
        {
            error = e.Error;
            return null;
        }
    }

    private JsonNode ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("nesting deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
        }

        SkipWhitespace();
        if (_position >= _text.Length)
        {
            throw Error("unexpected end of the document");
        }

        var start = _position;
        switch (_text[_position])
        {
            case '{':
                return ReadObject(depth);
            case '[':
                return ReadArray(depth);
            case '"':
                var value = ReadString();
                return new JsonNode(JsonKind.String, TextSpan.FromBounds(start, _position), value);
            case 't':
                return ReadLiteral("true", JsonKind.True);
            case 'f':
                return ReadLiteral("false", JsonKind.False);
            case 'n':
                return ReadLiteral("null", JsonKind.Null);
            default:
                return ReadNumber();
        }
    }

    private JsonNode ReadObject(int depth)
    {
        var start = _position++;
        var properties = new List<JsonProperty>();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _position++;
            return new JsonNode(JsonKind.Object, TextSpan.FromBounds(start, _position), properties: properties);
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Error("expected a property name in double quotes");
            }

            var nameStart = _position;
            var name = ReadString();
            var nameSpan = TextSpan.FromBounds(nameStart, _position);
            SkipWhitespace();
            Expect(':', "expected ':'");
            properties.Add(new JsonProperty(name, nameSpan, ReadValue(depth + 1)));
            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            Expect('}', "expected ',' or '}'");
            return new JsonNode(JsonKind.Object, TextSpan.FromBounds(start, _position), properties: properties);
        }
    }

    private JsonNode ReadArray(int depth)
    {
        var start = _position++;
        var items = new List<JsonNode>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _position++;
            return new JsonNode(JsonKind.Array, TextSpan.FromBounds(start, _position), items: items);
        }

        while (true)
        {
            items.Add(ReadValue(depth + 1));
            SkipWhitespace();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            Expect(']', "expected ',' or ']'");
            return new JsonNode(JsonKind.Array, TextSpan.FromBounds(start, _position), items: items);
        }
    }

    private string ReadString()
    {
        _position++;
        var value = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error("unterminated string");
            }

            var c = _text[_position++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c < ' ')
            {
                throw Error("control character in a string");
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            var escape = Peek();
            _position++;
            switch (escape)
            {
                case '"': value.Append('"'); break;
                case '\\': value.Append('\\'); break;
                case '/': value.Append('/'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'n': value.Append('\n'); break;
                case 'r': value.Append('\r'); break;
                case 't': value.Append('\t'); break;
                case 'u' when _position + 4 <= _text.Length
                    && int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    value.Append((char)code);
                    _position += 4;
                    break;
                default:
                    _position--;
                    throw Error("invalid escape sequence in a string");
            }
        }
    }

    private JsonNode ReadLiteral(string literal, JsonKind kind)
    {
        var start = _position;
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            throw Error("unexpected character");
        }

        _position += literal.Length;
        return new JsonNode(kind, TextSpan.FromBounds(start, _position));
    }

    private JsonNode ReadNumber()
    {
        var start = _position;
        while (_position < _text.Length && "+-0123456789.eE".IndexOf(_text[_position]) >= 0)
        {
            _position++;
        }

        var number = _text.Substring(start, _position - start);
        if (number.Length == 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            _position = start;
            throw Error("unexpected character");
        }

        return new JsonNode(JsonKind.Number, TextSpan.FromBounds(start, _position), number);
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && _text[_position] is ' ' or '\t' or '\r' or '\n')
        {
            _position++;
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void Expect(char expected, string message)
    {
        if (_position >= _text.Length)
        {
            throw Error("unexpected end of the document");
        }

        if (Peek() != expected)
        {
            throw Error(message);
        }

        _position++;
    }

    private JsonException Error(string message) => new(new JsonError(_position, message));

    /// <summary>Internal control flow of the reader only; <see cref="Parse"/> turns it into a <see cref="JsonError"/>.</summary>
    private sealed class JsonException : System.Exception
    {
        public JsonException(JsonError error)
            : base(error.Message) => Error = error;

        public JsonError Error { get; }
    }
}

/// <summary>Where a document stops being JSON, and why.</summary>
internal sealed class JsonError
{
    public JsonError(int position, string message)
    {
        Position = position;
        Message = message;
    }

    public int Position { get; }

    public string Message { get; }
}
