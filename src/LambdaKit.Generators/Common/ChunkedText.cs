using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Generators.Common;

/// <summary>
/// Append-only text in chunks, and a <see cref="SourceText"/> over those same chunks. The generated context of a large
/// function is megabytes of code, kept alive by the compiler: built in a <c>StringBuilder</c> it would be written twice
/// (builder, then string) and its builder's garbage collected; here it is written once. Full chunks are 64 Ki chars
/// (128 KiB), so they go straight to the large object heap instead of being copied from generation to generation;
/// the first chunk starts small and doubles, so a small file stays small.
/// </summary>
internal sealed class ChunkedText
{
    private const int ChunkShift = 16;
    private const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;
    private const int FirstChunkSize = 1024;

    private readonly List<char[]> _chunks = [];

    public int Length { get; private set; }

    /// <summary>The last character, or <c>'\0'</c> when the text is empty.</summary>
    public char Last => Length == 0 ? '\0' : this[Length - 1];

    public char this[int position] => _chunks[position >> ChunkShift][position & ChunkMask];

    public void Append(char c) => Append(c, 1);

    public void Append(char c, int count)
    {
        while (count > 0)
        {
            var chunk = Writable(out var offset, out var n, count);
            for (var i = offset; i < offset + n; i++)
            {
                chunk[i] = c;
            }

            Length += n;
            count -= n;
        }
    }

    public void Append(string text, int start, int count)
    {
        while (count > 0)
        {
            var chunk = Writable(out var offset, out var n, count);
            text.CopyTo(start, chunk, offset, n);
            Length += n;
            start += n;
            count -= n;
        }
    }

    /// <summary>The chunk the next character goes to, where in it, and how many of <paramref name="wanted"/> fit there.</summary>
    private char[] Writable(out int offset, out int available, int wanted)
    {
        offset = Length & ChunkMask;
        var index = Length >> ChunkShift;
        if (index == _chunks.Count)
        {
            _chunks.Add(new char[index == 0 ? FirstChunkSize : ChunkSize]);
        }
        else if (offset == _chunks[index].Length)
        {
            var grown = new char[Math.Min(offset * 2, ChunkSize)];
            Array.Copy(_chunks[index], grown, offset);
            _chunks[index] = grown;
        }

        available = Math.Min(wanted, _chunks[index].Length - offset);
        return _chunks[index];
    }

    /// <summary>Drops the last <paramref name="count"/> characters.</summary>
    public void Truncate(int count) => Length -= Math.Min(count, Length);

    public void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
    {
        if (sourceIndex < 0 || count < 0 || sourceIndex > Length - count)
        {
            throw new ArgumentOutOfRangeException(nameof(sourceIndex));
        }

        while (count > 0)
        {
            var offset = sourceIndex & ChunkMask;
            var n = Math.Min(count, ChunkSize - offset);
            Array.Copy(_chunks[sourceIndex >> ChunkShift], offset, destination, destinationIndex, n);
            sourceIndex += n;
            destinationIndex += n;
            count -= n;
        }
    }

    public override string ToString()
    {
        var chars = new char[Length];
        CopyTo(0, chars, 0, Length);
        return new string(chars);
    }

    /// <summary>The text as UTF-8 source, sharing these chunks: nothing may be appended afterwards.</summary>
    public SourceText ToSourceText() => new Text(this, Length);

    private sealed class Text : SourceText
    {
        private readonly ChunkedText _text;
        private readonly int _length;

        public Text(ChunkedText text, int length)
        {
            _text = text;
            _length = length;
        }

        public override Encoding Encoding => Encoding.UTF8;

        public override int Length => _length;

        public override char this[int position] =>
            (uint)position < (uint)_length ? _text[position] : throw new ArgumentOutOfRangeException(nameof(position));

        public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
        {
            if (sourceIndex > _length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            _text.CopyTo(sourceIndex, destination, destinationIndex, count);
        }
    }
}
