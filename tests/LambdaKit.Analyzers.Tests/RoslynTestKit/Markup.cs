using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Analyzers.Tests.RoslynTestKit;

/// <summary>A span the test expects a diagnostic on; <see cref="Id"/> is null for <c>[|...|]</c> (the test's default id).</summary>
public sealed record ExpectedSpan(string? Id, TextSpan Span);

/// <summary>Source with the markup removed, and the spans it marked.</summary>
public sealed record MarkupResult(string Source, IReadOnlyList<ExpectedSpan> Spans);

/// <summary>
/// Diagnostic markup in test sources: <c>{|LK4001:text|}</c> expects LK4001 on <c>text</c>, <c>[|text|]</c> the
/// default id of the test. Marks may nest.
/// </summary>
public static class Markup
{
    public static MarkupResult Parse(string markup)
    {
        var source = new System.Text.StringBuilder(markup.Length);
        var open = new Stack<(string? Id, int Start)>();
        var spans = new List<ExpectedSpan>();
        var i = 0;
        while (i < markup.Length)
        {
            if (At(markup, i, "[|"))
            {
                open.Push((null, source.Length));
                i += 2;
            }
            else if (At(markup, i, "{|"))
            {
                var colon = markup.IndexOf(':', i + 2);
                var id = colon < 0 ? string.Empty : markup[(i + 2)..colon];
                if (id.Length == 0 || !id.All(char.IsLetterOrDigit))
                {
                    throw new FormatException($"'{{|' at offset {i} is not followed by 'ID:'.");
                }

                open.Push((id, source.Length));
                i = colon + 1;
            }
            else if (At(markup, i, "|]") || At(markup, i, "|}"))
            {
                if (open.Count == 0)
                {
                    throw new FormatException($"'{markup.Substring(i, 2)}' at offset {i} closes no mark.");
                }

                var (id, start) = open.Pop();
                if ((id is null) != (markup[i + 1] == ']'))
                {
                    throw new FormatException($"'{markup.Substring(i, 2)}' at offset {i} closes a mark of the other kind.");
                }

                spans.Add(new ExpectedSpan(id, TextSpan.FromBounds(start, source.Length)));
                i += 2;
            }
            else
            {
                source.Append(markup[i]);
                i++;
            }
        }

        if (open.Count > 0)
        {
            throw new FormatException($"{open.Count} mark(s) not closed.");
        }

        return new MarkupResult(source.ToString(), spans.OrderBy(span => span.Span.Start).ThenBy(span => span.Span.End).ToList());
    }

    private static bool At(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
