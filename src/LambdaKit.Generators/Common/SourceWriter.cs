using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Generators.Common;

/// <summary>
/// The one indentation-aware writer for emitted code. Blocks open and close through <see cref="OpenBlock(string?)"/> and
/// <see cref="CloseBlock"/>; <see cref="ToString"/> refuses unbalanced output, so an emitter bug cannot produce
/// code whose braces silently do not match its indentation.
/// </summary>
/// <remarks>
/// Text is appended in place: an interpolated line (<c>WriteLine($"...")</c>) goes through <see cref="LineHandler"/>,
/// which appends each literal and hole without building the line as a string first. The emitters write megabytes for
/// large functions, and those intermediate strings were most of the generator's garbage.
/// </remarks>
internal sealed class SourceWriter
{
    private const int SpacesPerLevel = 4;
    private readonly ChunkedText _text = new();
    private bool _atLineStart = true;

    public int Indentation { get; private set; }

    /// <summary>Writes <paramref name="line"/>; each <c>'\n'</c>-separated part is indented, empty parts are not.</summary>
    public SourceWriter WriteLine(string line)
    {
        Append(line);
        return EndLine();
    }

    /// <summary>Writes an interpolated line, appending its parts in place.</summary>
    public SourceWriter WriteLine([InterpolatedStringHandlerArgument("")] ref LineHandler line) => EndLine();

    public SourceWriter WriteLine() => EndLine();

    /// <summary>Writes <paramref name="header"/> (if any) then <c>{</c>, and indents.</summary>
    public SourceWriter OpenBlock(string? header = null)
    {
        if (header is not null)
        {
            WriteLine(header);
        }

        return OpenBlockBrace();
    }

    /// <summary>Writes an interpolated header then <c>{</c>, and indents.</summary>
    public SourceWriter OpenBlock([InterpolatedStringHandlerArgument("")] ref LineHandler header)
    {
        EndLine();
        return OpenBlockBrace();
    }

    /// <summary>Unindents and writes <c>}</c> followed by <paramref name="suffix"/> (for example <c>;</c> or <c>,</c>).</summary>
    public SourceWriter CloseBlock(string suffix = "")
    {
        if (Indentation == 0)
        {
            throw new InvalidOperationException("CloseBlock without a matching OpenBlock.");
        }

        Indentation--;
        Append("}");
        Append(suffix);
        return EndLine();
    }

    /// <summary>The written source, for tests and small files.</summary>
    public override string ToString()
    {
        EnsureComplete();
        return _text.ToString();
    }

    /// <summary>The written source as UTF-8 <see cref="SourceText"/>, without copying it into one string; write nothing afterwards.</summary>
    public SourceText ToSourceText()
    {
        EnsureComplete();
        return _text.ToSourceText();
    }

    private void EnsureComplete()
    {
        if (Indentation != 0)
        {
            throw new InvalidOperationException($"Unbalanced blocks: indentation is {Indentation} at the end of the source.");
        }

        if (!_atLineStart)
        {
            throw new InvalidOperationException("The last line was not ended.");
        }
    }

    private SourceWriter OpenBlockBrace()
    {
        Append("{");
        EndLine();
        Indentation++;
        return this;
    }

    /// <summary>Appends <paramref name="text"/> to the current line; a <c>'\n'</c> in it ends the line and starts the next.</summary>
    private void Append(string text)
    {
        var start = 0;
        while (true)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                AppendPart(text, start, text.Length);
                return;
            }

            var partEnd = end;
            while (partEnd > start && text[partEnd - 1] == '\r')
            {
                partEnd--;
            }

            AppendPart(text, start, partEnd);
            EndLine();
            start = end + 1;
        }
    }

    private void AppendPart(string text, int start, int end)
    {
        if (end <= start)
        {
            return;
        }

        if (_atLineStart)
        {
            _text.Append(' ', Indentation * SpacesPerLevel);
            _atLineStart = false;
        }

        _text.Append(text, start, end - start);
    }

    private SourceWriter EndLine()
    {
        // Text written with Windows line endings: the '\r' is dropped.
        while (!_atLineStart && _text.Last == '\r')
        {
            _text.Truncate(1);
        }

        _text.Append('\n');
        _atLineStart = true;
        return this;
    }

    /// <summary>Appends the parts of an interpolated line to its <see cref="SourceWriter"/> as the compiler hands them over.</summary>
    [InterpolatedStringHandler]
    public readonly ref struct LineHandler
    {
        private readonly SourceWriter _writer;

        public LineHandler(int literalLength, int formattedCount, SourceWriter writer)
        {
            _ = literalLength;
            _ = formattedCount;
            _writer = writer;
        }

        public void AppendLiteral(string value) => _writer.Append(value);

        public void AppendFormatted(string? value) => _writer.Append(value ?? string.Empty);

        public void AppendFormatted(int value) => _writer.Append(value.ToString(CultureInfo.InvariantCulture));

        public void AppendFormatted<T>(T value) => _writer.Append(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
    }
}
