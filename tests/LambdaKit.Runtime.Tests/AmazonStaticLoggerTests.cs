using System.Reflection;
using System.Text.Json;
using LambdaKit.Runtime.AmazonInterop;
using LambdaKit.Runtime.Logging;
using AmazonLogger = Amazon.Lambda.Core.LambdaLogger;
using AmazonLogLevel = Amazon.Lambda.Core.LogLevel;

namespace LambdaKit.Runtime.Tests;

/// <summary>
/// Amazon.Lambda.Core's static <c>LambdaLogger</c> (the 3.x stand-in, linked from the generator tests) redirected to
/// LambdaKit's logger: its records get the request id, their level, the minimum level and the JSON format.
/// </summary>
public sealed class AmazonStaticLoggerTests : IDisposable
{
    private static readonly string[] Fields = ["_loggingAction", "_loggingWithLevelAction", "_loggingWithLevelAndExceptionAction"];

    // The redirect is process-wide: what the stand-in had is put back after each test.
    private readonly object?[] _saved = Fields.Select(name => Field(typeof(AmazonLogger), name).GetValue(null)).ToArray();

    public void Dispose()
    {
        for (var i = 0; i < Fields.Length; i++)
        {
            Field(typeof(AmazonLogger), Fields[i]).SetValue(null, _saved[i]);
        }
    }

    [Fact]
    public void Every_static_log_method_writes_a_record_of_the_runtime_logger_with_the_request_id_and_its_level()
    {
        var log = new TestLog(LambdaLogFormat.Json, LambdaLogLevel.Debug);
        log.Logger.RequestId = "req-7";

        Assert.Equal(3, AmazonStaticLogger.Redirect(typeof(AmazonLogger), log.Logger));
        AmazonLogger.Log("plain {0}");
        AmazonLogger.Log("Warning", "{count} items", 3);
        AmazonLogger.Log(AmazonLogLevel.Debug, "{1} before {0}", "a", "b");
        AmazonLogger.Log("Error", new InvalidOperationException("boom"), "order {id} failed", 42);
        AmazonLogger.Log(AmazonLogLevel.Critical, new InvalidOperationException("bang"), "fatal");
        AmazonLogger.Log(AmazonLogLevel.Trace, "below the minimum");

        var records = log.Lines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.Equal(
            ["INFO plain {0}", "WARN 3 items", "DEBUG b before a", "ERROR order 42 failed", "FATAL fatal"],
            records.Select(record => record.GetProperty("level").GetString() + " " + record.GetProperty("message").GetString()));
        Assert.All(records, record => Assert.Equal("req-7", record.GetProperty("requestId").GetString()));
        Assert.Equal("System.InvalidOperationException", records[3].GetProperty("errorType").GetString());
        Assert.Equal("bang", records[4].GetProperty("errorMessage").GetString());
    }

    [Fact]
    public void Amazon_static_logger_arguments_become_fields_too()
    {
        var log = new TestLog(LambdaLogFormat.Json);
        log.Logger.RequestId = "req-8";
        AmazonStaticLogger.Redirect(typeof(AmazonLogger), log.Logger);

        AmazonLogger.Log("Information", "{Count} items", 3);

        var record = JsonDocument.Parse(Assert.Single(log.Lines)).RootElement;
        Assert.Equal("3 items", record.GetProperty("message").GetString());
        Assert.Equal(3, record.GetProperty("Count").GetInt32());
    }

    [Fact]
    public void Fields_that_are_missing_or_of_another_type_are_left_alone()
    {
        var log = new TestLog();

        Assert.Equal(0, AmazonStaticLogger.Redirect(typeof(OlderLogger), log.Logger));
        Assert.Equal("kept", OlderLogger.Current);
    }

    private static FieldInfo Field(Type type, string name) =>
        type.GetField(name, BindingFlags.NonPublic | BindingFlags.Static) ?? throw new InvalidOperationException(type + " has no field " + name);

    /// <summary>A logger whose field has the name and another delegate type.</summary>
    private static class OlderLogger
    {
#pragma warning disable IDE0044, CS0414 // Assigned by reflection, if at all.
        private static Func<string, string> _loggingAction = message => message;
#pragma warning restore IDE0044, CS0414

        public static string Current => _loggingAction("kept");
    }
}
