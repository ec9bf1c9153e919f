using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Analyzers.Config;

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A JSON value with its span in the file, so a diagnostic can point into it.</summary>
internal sealed class JsonNode
{
    public JsonNode(JsonKind kind, TextSpan span, string? text = null, List<JsonProperty>? properties = null, List<JsonNode>? items = null)
    {
        Kind = kind;
        Span = span;
        Text = text;
        Properties = properties ?? new List<JsonProperty>();
        Items = items ?? new List<JsonNode>();
    }

    public JsonKind Kind { get; }

    public TextSpan Span { get; }

    /// <summary>A string's unescaped value, or a number's text.</summary>
    public string? Text { get; }

    public List<JsonProperty> Properties { get; }

    public List<JsonNode> Items { get; }

    /// <summary>The value of the first property named <paramref name="name"/> (ordinal, as CloudFormation compares), or null.</summary>
    public JsonProperty? Property(string name)
    {
        foreach (var property in Properties)
        {
            if (property.Name == name)
            {
                return property;
            }
        }

        return null;
    }
}

internal sealed class JsonProperty
{
    public JsonProperty(string name, TextSpan nameSpan, JsonNode value)
    {
        Name = name;
        NameSpan = nameSpan;
        Value = value;
    }

    public string Name { get; }

    public TextSpan NameSpan { get; }

    public JsonNode Value { get; }
}
