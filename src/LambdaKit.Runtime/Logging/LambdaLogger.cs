using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Logging;

/// <summary>
/// The runtime's logger: Lambda's text or JSON format on standard output, filtered by a minimum level, every
/// line carrying the current request id. One record is one write, so concurrent records never interleave.
/// </summary>
public sealed class LambdaLogger : ILambdaLogger
{
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText LevelName = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText RequestIdName = JsonEncodedText.Encode("requestId");
    private static readonly JsonEncodedText TraceIdName = JsonEncodedText.Encode("traceId");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText ErrorTypeName = JsonEncodedText.Encode("errorType");
    private static readonly JsonEncodedText ErrorMessageName = JsonEncodedText.Encode("errorMessage");
    private static readonly JsonEncodedText StackTraceName = JsonEncodedText.Encode("stackTrace");

    private readonly Stream _output;
    private readonly TimeProvider _time;
    private readonly ArrayBufferWriter<byte> _record = new(512);
    private readonly object _gate = new();
    private Utf8JsonWriter? _json;

    public LambdaLogger(Stream output, LambdaLogFormat format = LambdaLogFormat.Text, LambdaLogLevel minimumLevel = LambdaLogLevel.Information, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        Format = format;
        MinimumLevel = minimumLevel;
        _time = timeProvider ?? TimeProvider.System;
    }

    public LambdaLogFormat Format { get; }

    public LambdaLogLevel MinimumLevel { get; }

    /// <summary>The request id written on every record; <see langword="null"/> outside an invocation (written as <c>-</c> in text).</summary>
    public string? RequestId { get; set; }

    /// <summary>The trace id written on JSON records.</summary>
    public string? TraceId { get; set; }

    /// <summary>
    /// Creates the logger Lambda's settings ask for: <c>AWS_LAMBDA_LOG_FORMAT</c> (<c>Text</c> or <c>JSON</c>) and
    /// <c>AWS_LAMBDA_LOG_LEVEL</c> (TRACE, DEBUG, INFO, WARN, ERROR, FATAL; default INFO). An unknown value falls back
    /// to the default and says so in the log rather than failing the function.
    /// </summary>
    public static LambdaLogger FromEnvironment(Func<string, string?> getEnvironmentVariable, Stream output)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        string? formatText = getEnvironmentVariable(LambdaEnvironmentVariables.LogFormat);
        string? levelText = getEnvironmentVariable(LambdaEnvironmentVariables.LogLevel);
        bool formatKnown = TryParseFormat(formatText, out var format);
        bool levelKnown = TryParseLevel(levelText, out var level);
        var logger = new LambdaLogger(output, format, level);
        if (!formatKnown)
        {
            logger.Log(LambdaLogLevel.Warning, $"{LambdaEnvironmentVariables.LogFormat}='{formatText}' is not Text or JSON; using Text.");
        }

        if (!levelKnown)
        {
            logger.Log(LambdaLogLevel.Warning, $"{LambdaEnvironmentVariables.LogLevel}='{levelText}' is not one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL; using INFO.");
        }

        return logger;
    }

    /// <summary>Reads a log format; empty means <see cref="LambdaLogFormat.Text"/>.</summary>
    public static bool TryParseFormat(string? value, out LambdaLogFormat format)
    {
        format = LambdaLogFormat.Text;
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("Text", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (value.Trim().Equals("JSON", StringComparison.OrdinalIgnoreCase))
        {
            format = LambdaLogFormat.Json;
            return true;
        }

        return false;
    }

    /// <summary>Reads a level as Lambda (TRACE … FATAL) or .NET (Trace … Critical) names it; empty means Information.</summary>
    public static bool TryParseLevel(string? value, out LambdaLogLevel level)
    {
        level = LambdaLogLevel.Information;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        switch (value.Trim().ToUpperInvariant())
        {
            case "TRACE": level = LambdaLogLevel.Trace; return true;
            case "DEBUG": level = LambdaLogLevel.Debug; return true;
            case "INFO" or "INFORMATION": level = LambdaLogLevel.Information; return true;
            case "WARN" or "WARNING": level = LambdaLogLevel.Warning; return true;
            case "ERROR": level = LambdaLogLevel.Error; return true;
            case "FATAL" or "CRITICAL": level = LambdaLogLevel.Critical; return true;
            default: return false;
        }
    }

    /// <summary>The name Lambda uses for <paramref name="level"/>.</summary>
    public static string LevelText(LambdaLogLevel level) => level switch
    {
        LambdaLogLevel.Trace => "TRACE",
        LambdaLogLevel.Debug => "DEBUG",
        LambdaLogLevel.Information => "INFO",
        LambdaLogLevel.Warning => "WARN",
        LambdaLogLevel.Error => "ERROR",
        _ => "FATAL",
    };

    public bool IsEnabled(LambdaLogLevel level) => level >= MinimumLevel;

    public void Log(string message) => Log(LambdaLogLevel.Information, message);

    public void LogLine(string message) => Log(LambdaLogLevel.Information, message);

    public void Log(LambdaLogLevel level, string message, Exception? exception = null)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        message ??= string.Empty;
        lock (_gate)
        {
            _record.ResetWrittenCount();
            if (Format == LambdaLogFormat.Json)
            {
                WriteJson(level, message, exception);
            }
            else
            {
                WriteText(level, message, exception);
            }

            _output.Write(_record.WrittenSpan);
            _output.Flush();
        }
    }

    private void WriteText(LambdaLogLevel level, string message, Exception? exception)
    {
        // Lambda splits standard output into log events at line breaks, so every physical line gets the full prefix.
        string text = exception is null ? message : message + "\n" + exception;
        var timestamp = _time.GetUtcNow().UtcDateTime;
        string requestId = RequestId ?? "-";
        string levelText = LevelText(level);
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var span = _record.GetSpan(64 + requestId.Length + Encoding.UTF8.GetMaxByteCount(line.Length));
            timestamp.TryFormat(span, out int at, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            span[at++] = (byte)'\t';
            at += Encoding.UTF8.GetBytes(requestId, span[at..]);
            span[at++] = (byte)'\t';
            at += Encoding.ASCII.GetBytes(levelText, span[at..]);
            span[at++] = (byte)'\t';
            at += Encoding.UTF8.GetBytes(line.TrimEnd('\r'), span[at..]);
            span[at++] = (byte)'\n';
            _record.Advance(at);
        }
    }

    private void WriteJson(LambdaLogLevel level, string message, Exception? exception)
    {
        var json = _json ??= new Utf8JsonWriter(_record, LambdaError.WriterOptions);
        json.Reset(_record);
        json.WriteStartObject();
        json.WriteString(TimestampName, _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        json.WriteString(LevelName, LevelText(level));
        if (RequestId is { } requestId)
        {
            json.WriteString(RequestIdName, requestId);
        }

        if (TraceId is { } traceId)
        {
            json.WriteString(TraceIdName, traceId);
        }

        json.WriteString(MessageName, message);
        if (exception is not null)
        {
            json.WriteString(ErrorTypeName, exception.GetType().FullName);
            json.WriteString(ErrorMessageName, exception.Message);
            json.WriteStartArray(StackTraceName);
            foreach (var line in LambdaError.SplitStackTrace(exception.ToString()))
            {
                json.WriteStringValue(line);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.Flush();
        _record.GetSpan(1)[0] = (byte)'\n';
        _record.Advance(1);
    }
}
