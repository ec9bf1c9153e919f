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
        // Appends each '\n'-separated part in place (trailing '\r' dropped): the emitters write tens of thousands of
        // lines, and splitting and trimming copies of each one was most of the writer's garbage.
        var start = 0;
        while (true)
        {
            var end = line.IndexOf('\n', start);
            var next = end < 0 ? line.Length : end;
            AppendIndented(line, start, next);
            _text.Append('\n');
            if (end < 0)
            {
                return this;
            }

            start = end + 1;
        }
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

    private void AppendIndented(string line, int start, int end)
    {
        while (end > start && line[end - 1] == '\r')
        {
            end--;
        }

        if (end > start)
        {
            _text.Append(' ', Indentation * SpacesPerLevel);
            _text.Append(line, start, end - start);
        }
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
