using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Analyzers;

/// <summary>
/// Ordinal substring search over a file's text, a chunk at a time: far cheaper than reading its tokens, so analyzers use
/// it to rule out files (or whole compilations) that cannot name what they look for. A file whose text has a Unicode
/// escape may spell an identifier without its letters (<c>Snap\u0053tart</c>), so such a file counts as naming anything.
/// </summary>
internal static class SourceTextSearch
{
    private const int ChunkLength = 8192;

    /// <summary>The words of <paramref name="words"/> that <paramref name="text"/> contains (all of them when it has a Unicode escape).</summary>
    public static List<string> Found(SourceText text, IReadOnlyList<string> words)
    {
        var found = new List<string>(words.Count);
        var pending = new List<string>(words);
        var longest = 2;
        foreach (var word in words)
        {
            longest = Math.Max(longest, word.Length);
        }

        // Chunks overlap by one word less a character, so a match across a chunk boundary is found in the earlier chunk.
        var buffer = new char[Math.Min(text.Length, ChunkLength + longest - 1)];
        for (var start = 0; start < text.Length && pending.Count > 0; start += ChunkLength)
        {
            var count = Math.Min(buffer.Length, text.Length - start);
            text.CopyTo(start, buffer, 0, count);
            var chunk = new ReadOnlySpan<char>(buffer, 0, count);
            if (HasUnicodeEscape(chunk))
            {
                found.AddRange(pending);
                return found;
            }

            for (var i = pending.Count - 1; i >= 0; i--)
            {
                if (chunk.IndexOf(pending[i].AsSpan()) >= 0)
                {
                    found.Add(pending[i]);
                    pending.RemoveAt(i);
                }
            }
        }

        return found;
    }

    /// <summary>Whether <paramref name="text"/> contains any of <paramref name="words"/> (or a Unicode escape).</summary>
    public static bool ContainsAny(SourceText text, IReadOnlyList<string> words) => Found(text, words).Count > 0;

    private static bool HasUnicodeEscape(ReadOnlySpan<char> chunk) =>
        chunk.IndexOf("\\u".AsSpan()) >= 0 || chunk.IndexOf("\\U".AsSpan()) >= 0;
}
