using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Analyzers.Tests;

public class SourceTextSearchTests
{
    [Fact]
    public void Finds_each_word_once_and_only_words_the_text_has()
    {
        var text = SourceText.From("[LambdaFunction(SnapStart = true)] SnapStart");

        Assert.Equal(["SnapStart"], SourceTextSearch.Found(text, ["MaxConcurrency", "SnapStart"]));
        Assert.False(SourceTextSearch.ContainsAny(text, ["MaxConcurrency", "TenantIsolation"]));
        Assert.False(SourceTextSearch.ContainsAny(SourceText.From(string.Empty), ["SnapStart"]));
    }

    [Fact]
    public void Finds_a_word_across_the_boundary_of_two_chunks()
    {
        for (var padding = 8180; padding < 8200; padding++)
        {
            var text = SourceText.From(new string(' ', padding) + "MaxConcurrency" + new string(' ', 10_000));

            Assert.True(SourceTextSearch.ContainsAny(text, ["MaxConcurrency"]), $"padding {padding}");
        }
    }

    [Fact]
    public void A_Unicode_escape_anywhere_counts_as_every_word()
    {
        var text = SourceText.From("[LambdaFunction(Max\\u0043oncurrency = 4)]");

        Assert.Equal(["MaxConcurrency", "SnapStart"], SourceTextSearch.Found(text, ["MaxConcurrency", "SnapStart"]).OrderBy(w => w, StringComparer.Ordinal));
        Assert.True(SourceTextSearch.ContainsAny(SourceText.From("var s = \"\\U0001F600\";"), ["X86"]));
    }
}
