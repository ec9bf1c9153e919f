using System.Globalization;
using LambdaKit.Runtime.AmazonInterop;
using LambdaKit.Runtime.Logging;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>Amazon.Lambda.Core's parameterized messages, formatted as AWS's .NET runtime writes them in the text format.</summary>
public sealed class AmazonLogMessageTests
{
    [Theory]
    [InlineData("no arguments {0}", new object[0], "no arguments {0}")]
    [InlineData("{name} bought {count}", new object[] { "Ann", 3 }, "Ann bought 3")]
    [InlineData("{0} {1} {0}", new object[] { "a", "b" }, "a b a")]
    [InlineData("{1} then {0}", new object[] { "a", "b" }, "b then a")]
    [InlineData("{0} and {2}", new object[] { "a", "b", "c" }, "a and b")]
    [InlineData("{first} {second} {third}", new object[] { 1 }, "1 {second} {third}")]
    [InlineData("{a} {b}", new object[] { 1, 2, 3 }, "1 2")]
    [InlineData("{{literal}} {x}", new object[] { 5 }, "{{literal}} 5")]
    [InlineData("{ spaced } and {@structured}", new object[] { 1, 2 }, "1 and 2")]
    [InlineData("{missing}", new object?[] { null }, "{missing}")]
    [InlineData("unclosed {x", new object[] { 1 }, "unclosed {x")]
    [InlineData("{} empty {x}", new object[] { 1 }, "{} empty 1")]
    public void Placeholders_are_replaced_in_order_or_by_position(string template, object?[] args, string expected)
    {
        Assert.Equal(expected, AmazonLogMessage.Format(template, args));
    }

    [Fact]
    public void Values_are_written_as_AWS_writes_them()
    {
        var date = new DateTime(2026, 12, 5, 13, 4, 5, 678, DateTimeKind.Utc);
        var list = new List<int> { 1 };
        byte[] bytes = [0x0A, 0xFF];
        byte[] many = Enumerable.Range(0, 20).Select(i => (byte)i).ToArray();

        Assert.Equal("2026-12-05T13:04:05.678Z", AmazonLogMessage.Format("{when}", [date]));
        Assert.Equal("0AFF", AmazonLogMessage.Format("{data}", [bytes]));
        Assert.Equal("000102030405060708090A0B0C0D0E0F... (20 bytes)", AmazonLogMessage.Format("{data}", [many]));
        Assert.Equal("{items}", AmazonLogMessage.Format("{items}", [list]));
        Assert.Equal("{@items:x}", AmazonLogMessage.Format("{@items:x}", [list]));
        Assert.Equal(12.5.ToString("N2", CultureInfo.CurrentCulture), AmazonLogMessage.Format("{amount:N2}", [12.5]));
        Assert.Equal("7", AmazonLogMessage.Format("{amount:Q}", [7]));
    }

    // Amazon's and Lambda's names are LambdaLogger.TryParseLevel's (tested with it); what it refuses is information here.
    [Theory]
    [InlineData("Critical", LambdaLogLevel.Critical)]
    [InlineData("custom", LambdaLogLevel.Information)]
    [InlineData(null, LambdaLogLevel.Information)]
    public void Level_names_are_Amazons_and_anything_else_is_information(string? name, LambdaLogLevel expected)
    {
        Assert.Equal(expected, AmazonLogMessage.Level(name));
    }
}
