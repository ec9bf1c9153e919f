using LambdaKit.Generators.Common;

namespace LambdaKit.Generators.Tests;

public sealed class SourceWriterTests
{
    [Fact]
    public void Blocks_indent_by_four_spaces_and_multi_line_text_keeps_the_indentation()
    {
        var writer = new SourceWriter();
        writer.OpenBlock("class C");
        writer.WriteLine("int A;\nint B;");
        writer.WriteLine();
        writer.CloseBlock();

        Assert.Equal("class C\n{\n    int A;\n    int B;\n\n}\n", writer.ToString());
    }

    [Fact]
    public void Interpolated_lines_append_in_place_with_the_same_indentation_rules_as_plain_lines()
    {
        var name = "Order";
        var count = 3;
        var writer = new SourceWriter();
        writer.OpenBlock($"class {name}");
        writer.WriteLine($"int {name}Count = {count};\r\n{name} Next;");
        writer.WriteLine($"");
        writer.WriteLine($"{null}");
        writer.WriteLine($"long Total = {12_345_678_901L};");
        writer.CloseBlock(";");

        Assert.Equal("class Order\n{\n    int OrderCount = 3;\n    Order Next;\n\n\n    long Total = 12345678901;\n};\n", writer.ToString());
        Assert.Equal(writer.ToString(), writer.ToSourceText().ToString());
    }

    [Fact]
    public void Unbalanced_blocks_are_refused()
    {
        var open = new SourceWriter();
        open.OpenBlock("class C");

        Assert.Throws<InvalidOperationException>(() => open.ToString());
        Assert.Throws<InvalidOperationException>(() => new SourceWriter().CloseBlock());
    }

    [Fact]
    public void Equatable_arrays_compare_by_elements()
    {
        var a = new List<string> { "x", "y" }.ToImmutableEquatableArray();
        var b = new List<string> { "x", "y" }.ToImmutableEquatableArray();
        var c = new List<string> { "y", "x" }.ToImmutableEquatableArray();

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.Equal(ImmutableEquatableArray<string>.Empty, Array.Empty<string>().ToImmutableEquatableArray());
    }
}

public sealed class ChunkedTextTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1023)]
    [InlineData(1024)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(300_001)]
    public void Text_of_any_length_reads_back_the_same_through_every_accessor(int length)
    {
        var expected = Text(length);
        var text = new ChunkedText();

        // Uneven pieces, so appends straddle the first chunk's growth and the full chunks' boundaries.
        for (int start = 0, piece = 1; start < length; start += piece, piece = piece * 7 % 9973 + 1)
        {
            var count = Math.Min(piece, length - start);
            text.Append(expected, start, count);
        }

        var source = text.ToSourceText();
        Assert.Equal(length, text.Length);
        Assert.Equal(expected, text.ToString());
        Assert.Equal(expected, source.ToString());
        Assert.Equal(System.Text.Encoding.UTF8, source.Encoding);
        Assert.True(source.ContentEquals(Microsoft.CodeAnalysis.Text.SourceText.From(expected, System.Text.Encoding.UTF8)));
        foreach (var position in new[] { 0, 1023, 1024, 65535, 65536, 65537, length - 1 })
        {
            if (position >= 0 && position < length)
            {
                Assert.Equal(expected[position], source[position]);
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => source[length]);
        if (length > 70_000)
        {
            var window = new char[10_000];
            source.CopyTo(60_000, window, 0, window.Length);
            Assert.Equal(expected.Substring(60_000, 10_000), new string(window));
            Assert.Equal(expected.Substring(65_530, 20), source.ToString(new Microsoft.CodeAnalysis.Text.TextSpan(65_530, 20)));
        }
    }

    [Fact]
    public void Repeated_characters_and_truncation_cross_chunk_boundaries()
    {
        var text = new ChunkedText();
        text.Append('a', 65_530);
        text.Append('b', 10);
        Assert.Equal(65_540, text.Length);
        Assert.Equal('b', text.Last);

        text.Truncate(12);
        text.Append("xyz", 0, 3);

        var result = text.ToString();
        Assert.Equal(65_531, result.Length);
        Assert.Equal(new string('a', 65_528) + "xyz", result);
    }

    private static string Text(int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char)('!' + (i * 31 % 90));
        }

        return new string(chars);
    }
}
