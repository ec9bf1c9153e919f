using System;
using System.Text;

namespace LambdaKit.Generators.Common;

/// <summary>
/// The one indentation-aware writer for emitted code. Blocks open and close through <see cref="OpenBlock"/> and
/// <see cref="CloseBlock"/>; <see cref="ToString"/> refuses unbalanced output, so an emitter bug cannot produce
/// code whose braces silently do not match its indentation.
/// </summary>
internal sealed class SourceWriter
{
    private const int SpacesPerLevel = 4;
    private readonly StringBuilder _text = new();

    public int Indentation { get; private set; }

    public SourceWriter WriteLine(string line)
    {
        if (line.Length == 0)
        {
            _text.Append('\n');
            return this;
        }

        foreach (var part in line.Split('\n'))
        {
            if (part.Length > 0)
            {
                _text.Append(' ', Indentation * SpacesPerLevel);
                _text.Append(part.TrimEnd('\r'));
            }

            _text.Append('\n');
        }

        return this;
    }

    public SourceWriter WriteLine() => WriteLine(string.Empty);

    /// <summary>Writes <paramref name="header"/> (if any) then <c>{</c>, and indents.</summary>
    public SourceWriter OpenBlock(string? header = null)
    {
        if (header is not null)
        {
            WriteLine(header);
        }

        WriteLine("{");
        Indentation++;
        return this;
    }

    /// <summary>Unindents and writes <c>}</c> followed by <paramref name="suffix"/> (for example <c>;</c> or <c>,</c>).</summary>
    public SourceWriter CloseBlock(string suffix = "")
    {
        if (Indentation == 0)
        {
            throw new InvalidOperationException("CloseBlock without a matching OpenBlock.");
        }

        Indentation--;
        return WriteLine("}" + suffix);
    }

    public override string ToString()
    {
        if (Indentation != 0)
        {
            throw new InvalidOperationException($"Unbalanced blocks: indentation is {Indentation} at the end of the source.");
        }

        return _text.ToString();
    }
}
