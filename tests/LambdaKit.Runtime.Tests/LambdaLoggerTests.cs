using System.Text.Json;
using LambdaKit.Runtime.Logging;

namespace LambdaKit.Runtime.Tests;

public sealed class LambdaLoggerTests
{
    [Fact]
    public void Text_records_are_tab_separated_with_the_request_id_on_every_line()
    {
        var log = new TestLog(LambdaLogFormat.Text, LambdaLogLevel.Information);
        log.Logger.RequestId = "req-1";

        log.Logger.Log(LambdaLogLevel.Warning, "first\nsecond");

        Assert.Equal(2, log.Lines.Length);
        foreach (var line in log.Lines)
        {
            var fields = line.Split('\t');
            Assert.Equal(4, fields.Length);
            Assert.True(DateTime.TryParseExact(fields[0], "yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out _));
            Assert.Equal("req-1", fields[1]);
            Assert.Equal("WARN", fields[2]);
        }

        Assert.EndsWith("\tfirst", log.Lines[0], StringComparison.Ordinal);
        Assert.EndsWith("\tsecond", log.Lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Text_exceptions_carry_type_and_stack_and_the_request_id_on_each_line()
    {
        var log = new TestLog(LambdaLogFormat.Text);
        log.Logger.RequestId = "req-2";

        log.Logger.LogError(Thrown(), "failed");

        Assert.True(log.Lines.Length >= 3);
        Assert.All(log.Lines, line => Assert.Equal("req-2", line.Split('\t')[1]));
        Assert.Contains(log.Lines, line => line.EndsWith("\tSystem.InvalidOperationException: boom", StringComparison.Ordinal));
        Assert.Contains(log.Lines, line => line.Contains(nameof(Thrown), StringComparison.Ordinal));
    }

    [Fact]
    public void Outside_an_invocation_the_request_id_is_a_dash()
    {
        var log = new TestLog(LambdaLogFormat.Text);

        log.Logger.LogInformation("init");

        Assert.Equal("-", Assert.Single(log.Lines).Split('\t')[1]);
    }

    [Fact]
    public void Json_records_carry_level_request_id_trace_id_and_error_fields()
    {
        var log = new TestLog(LambdaLogFormat.Json);
        log.Logger.RequestId = "req-3";
        log.Logger.TraceId = "Root=1-abc";

        log.Logger.LogError(Thrown(), "failed \"quoted\"\nsecond line");

        using var document = JsonDocument.Parse(Assert.Single(log.Lines));
        var root = document.RootElement;
        Assert.Equal("ERROR", root.GetProperty("level").GetString());
        Assert.Equal("req-3", root.GetProperty("requestId").GetString());
        Assert.Equal("Root=1-abc", root.GetProperty("traceId").GetString());
        Assert.Equal("failed \"quoted\"\nsecond line", root.GetProperty("message").GetString());
        Assert.Equal("System.InvalidOperationException", root.GetProperty("errorType").GetString());
        Assert.Equal("boom", root.GetProperty("errorMessage").GetString());
        Assert.Contains(root.GetProperty("stackTrace").EnumerateArray(), e => e.GetString()!.Contains(nameof(Thrown), StringComparison.Ordinal));
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public void Records_below_the_minimum_level_are_dropped()
    {
        var log = new TestLog(LambdaLogFormat.Text, LambdaLogLevel.Warning);

        log.Logger.LogDebug("d");
        log.Logger.LogInformation("i");
        log.Logger.Log("compat");
        log.Logger.LogWarning("w");
        log.Logger.LogCritical("c");

        Assert.Equal(["WARN", "FATAL"], log.Lines.Select(l => l.Split('\t')[2]));
        Assert.False(log.Logger.IsEnabled(LambdaLogLevel.Information));
        Assert.True(log.Logger.IsEnabled(LambdaLogLevel.Error));
    }

    [Theory]
    [InlineData("TRACE", LambdaLogLevel.Trace)]
    [InlineData("debug", LambdaLogLevel.Debug)]
    [InlineData("INFO", LambdaLogLevel.Information)]
    [InlineData("Warn", LambdaLogLevel.Warning)]
    [InlineData("ERROR", LambdaLogLevel.Error)]
    [InlineData("FATAL", LambdaLogLevel.Critical)]
    [InlineData("Critical", LambdaLogLevel.Critical)]
    [InlineData(null, LambdaLogLevel.Information)]
    public void Lambda_log_levels_parse(string? value, LambdaLogLevel expected)
    {
        Assert.True(LambdaLogger.TryParseLevel(value, out var level));
        Assert.Equal(expected, level);
    }

    [Fact]
    public void The_environment_selects_format_and_level()
    {
        var variables = new Dictionary<string, string> { ["AWS_LAMBDA_LOG_FORMAT"] = "JSON", ["AWS_LAMBDA_LOG_LEVEL"] = "DEBUG" };

        var logger = LambdaLogger.FromEnvironment(name => variables.GetValueOrDefault(name), Stream.Null);

        Assert.Equal(LambdaLogFormat.Json, logger.Format);
        Assert.Equal(LambdaLogLevel.Debug, logger.MinimumLevel);
    }

    [Fact]
    public void Unknown_environment_values_fall_back_and_say_so()
    {
        var variables = new Dictionary<string, string> { ["AWS_LAMBDA_LOG_FORMAT"] = "xml", ["AWS_LAMBDA_LOG_LEVEL"] = "LOUD" };
        using var output = new MemoryStream();

        var logger = LambdaLogger.FromEnvironment(name => variables.GetValueOrDefault(name), output);

        Assert.Equal(LambdaLogFormat.Text, logger.Format);
        Assert.Equal(LambdaLogLevel.Information, logger.MinimumLevel);
        string text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains("AWS_LAMBDA_LOG_FORMAT='xml'", text, StringComparison.Ordinal);
        Assert.Contains("AWS_LAMBDA_LOG_LEVEL='LOUD'", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrent_records_never_interleave()
    {
        var log = new TestLog(LambdaLogFormat.Json);

        Parallel.For(0, 200, i => log.Logger.LogInformation(new string((char)('a' + (i % 26)), 500)));

        Assert.Equal(200, log.Lines.Length);
        Assert.All(log.Lines, line =>
        {
            using var document = JsonDocument.Parse(line);
            var message = document.RootElement.GetProperty("message").GetString()!;
            Assert.Equal(500, message.Length);
            Assert.All(message, c => Assert.Equal(message[0], c));
        });
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException ex)
        {
            return ex;
        }
    }
}
