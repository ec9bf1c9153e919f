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
