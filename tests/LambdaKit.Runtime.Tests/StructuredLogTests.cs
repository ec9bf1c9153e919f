using System.Globalization;
using System.Text;
using LambdaKit.Runtime.Logging;

namespace LambdaKit.Runtime.Tests;

/// <summary>
/// JSON records of parameterized messages carry each named argument as a field, and every record the tenant id, the
/// way AWS's .NET runtime writes them. Expected records are written out literally.
/// </summary>
public sealed class StructuredLogTests : IDisposable
{
    // Messages format numbers with the current culture, as AWS's runtime does; the expected text is invariant.
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;

    public StructuredLogTests() => CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

    public void Dispose() => CultureInfo.CurrentCulture = _culture;

    private const string Prefix = "{\"timestamp\":\"2026-12-06T08:00:00.000Z\",\"level\":\"INFO\",\"requestId\":\"req-1\",";

    [Fact]
    public void Named_arguments_become_fields_after_the_formatted_message()
    {
        var (logger, output) = JsonLogger();

        logger.LogInformation("Order {OrderId} for {Customer}", 42, "ada");

        Assert.Equal(Prefix + "\"message\":\"Order 42 for ada\",\"OrderId\":42,\"Customer\":\"ada\"}\n", output());
    }

    [Fact]
    public void Values_are_written_by_type_without_reflection()
    {
        var (logger, output) = JsonLogger();
        var when = new DateTime(2026, 12, 6, 8, 30, 0, DateTimeKind.Utc);

        logger.LogInformation(
            "{Paid} {Ratio} {Total} {Missing} {Tags} {Counts} {Bytes} {When} {Letter} {@Item} {Big}",
            true, 0.5, 19.99m, null, new List<string> { "a", "b" }, new Dictionary<string, int> { ["x"] = 1 }, new byte[] { 1, 2, 255 }, when, 'z', new Item("A1"), ulong.MaxValue);

        Assert.Equal(
            Prefix + "\"message\":\"True 0.5 19.99 {Missing} {Tags} {Counts} 0102FF 2026-12-06T08:30:00.000Z z Item { Sku = A1 } 18446744073709551615\","
            + "\"Paid\":true,\"Ratio\":0.5,\"Total\":19.99,\"Tags\":[\"a\",\"b\"],\"Counts\":{\"x\":1},\"Bytes\":\"0102FF\","
            + "\"When\":\"2026-12-06T08:30:00.000Z\",\"Letter\":\"z\",\"Item\":\"Item { Sku = A1 }\",\"Big\":18446744073709551615}\n",
            output());
    }

    [Fact]
    public void A_format_gives_a_string_field_formatted_as_in_the_message()
    {
        var (logger, output) = JsonLogger();

        logger.LogInformation("Total {Total:F2}", 3.14159);

        Assert.Equal(Prefix + "\"message\":\"Total 3.14\",\"Total\":\"3.14\"}\n", output());
    }

    [Fact]
    public void Positional_placeholders_are_named_by_their_index_once_each()
    {
        var (logger, output) = JsonLogger();

        logger.LogInformation("{1} before {0}, then {1}", "a", "b");

        Assert.Equal(Prefix + "\"message\":\"b before a, then b\",\"1\":\"b\",\"0\":\"a\"}\n", output());
    }

    [Fact]
    public void Placeholders_without_arguments_and_the_records_own_field_names_add_no_field()
    {
        var (logger, output) = JsonLogger();

        logger.LogInformation("{message} by {level} for {Who} and {Extra}", "m", "l", "ada");

        Assert.Equal(Prefix + "\"message\":\"m by l for ada and {Extra}\",\"Who\":\"ada\"}\n", output());
    }

    [Fact]
    public void A_message_without_arguments_is_written_unchanged_without_fields()
    {
        var (logger, output) = JsonLogger();

        logger.LogInformation("Order {OrderId} and {{braces}}", []);

        Assert.Equal(Prefix + "\"message\":\"Order {OrderId} and {{braces}}\"}\n", output());
    }

    [Fact]
    public void Text_records_carry_the_formatted_message_only()
    {
        var stream = new MemoryStream();
        var logger = new LambdaLogger(stream, LambdaLogFormat.Text, LambdaLogLevel.Information, new FixedClock()) { RequestId = "req-1" };

        logger.LogWarning("Order {OrderId} for {Customer}", 42, "ada");

        Assert.Equal("2026-12-06T08:00:00.000Z\treq-1\tWARN\tOrder 42 for ada\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Json_records_carry_the_tenant_id_after_the_trace_id()
    {
        var (logger, output) = JsonLogger();
        logger.TraceId = "Root=1-abc";
        logger.TenantId = "blue";

        logger.LogInformation("hello");

        Assert.Equal(Prefix + "\"traceId\":\"Root=1-abc\",\"tenantId\":\"blue\",\"message\":\"hello\"}\n", output());
    }

    private static (LambdaLogger Logger, Func<string> Output) JsonLogger()
    {
        var stream = new MemoryStream();
        var logger = new LambdaLogger(stream, LambdaLogFormat.Json, LambdaLogLevel.Information, new FixedClock()) { RequestId = "req-1" };
        return (logger, () => Encoding.UTF8.GetString(stream.ToArray()));
    }

    private sealed record Item(string Sku);

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
    }
}
