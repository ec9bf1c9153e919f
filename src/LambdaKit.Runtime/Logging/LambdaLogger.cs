using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Logging;

/// <summary>
/// The runtime's logger: Lambda's text or JSON format on standard output, filtered by a minimum level, every
/// line carrying the current request id. One record is one write, so concurrent records never interleave. Under
/// Managed Instances concurrency each worker has its own logger (its own request, trace and tenant id) writing
/// through the process's logger, so records keep one lock, one buffer and one order.
/// </summary>
public sealed class LambdaLogger : ILambdaLogger
{
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText LevelName = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText RequestIdName = JsonEncodedText.Encode("requestId");
    private static readonly JsonEncodedText TraceIdName = JsonEncodedText.Encode("traceId");
    private static readonly JsonEncodedText TenantIdName = JsonEncodedText.Encode("tenantId");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText ErrorTypeName = JsonEncodedText.Encode("errorType");
    private static readonly JsonEncodedText ErrorMessageName = JsonEncodedText.Encode("errorMessage");
    private static readonly JsonEncodedText StackTraceName = JsonEncodedText.Encode("stackTrace");

    // The worker whose invocation the current async flow serves; read only by a root logger that has workers.
    private static readonly AsyncLocal<LambdaLogger?> CurrentWorker = new();

    private readonly Stream _output;
    private readonly TimeProvider _time;
    private readonly ArrayBufferWriter<byte> _record = new(512);
    private readonly object _gate = new();
    private readonly LambdaLogger? _root;
    private Utf8JsonWriter? _json;
    private bool _hasWorkers;

    public LambdaLogger(Stream output, LambdaLogFormat format = LambdaLogFormat.Text, LambdaLogLevel minimumLevel = LambdaLogLevel.Information, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        Format = format;
        MinimumLevel = minimumLevel;
        _time = timeProvider ?? TimeProvider.System;
    }

    private LambdaLogger(LambdaLogger root)
    {
        _root = root;
        _output = root._output;
        _time = root._time;
        Format = root.Format;
        MinimumLevel = root.MinimumLevel;
    }

    public LambdaLogFormat Format { get; }

    public LambdaLogLevel MinimumLevel { get; }

    /// <summary>The request id written on every record; <see langword="null"/> outside an invocation (written as <c>-</c> in text).</summary>
    public string? RequestId { get; set; }

    /// <summary>The trace id written on JSON records.</summary>
    public string? TraceId { get; set; }

    /// <summary>The tenant id written on JSON records (<c>tenantId</c>); <see langword="null"/> without tenant isolation.</summary>
    public string? TenantId { get; set; }

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

    public void Log(LambdaLogLevel level, string message, Exception? exception = null) => Write(level, message ?? string.Empty, null, exception);

    public void Log(LambdaLogLevel level, Exception? exception, string messageTemplate, params object?[] args) => Write(level, messageTemplate ?? string.Empty, args, exception);

    /// <summary>
    /// A logger for one concurrent worker: its own <see cref="RequestId"/>, <see cref="TraceId"/> and
    /// <see cref="TenantId"/>, writing through this one. While a worker serves an invocation, this logger's own records
    /// from the same async flow (the init-time logger captured by a handler, Amazon's static logger) carry its ids too.
    /// </summary>
    internal LambdaLogger CreateWorkerLogger()
    {
        _hasWorkers = true;
        return new LambdaLogger(this);
    }

    /// <summary>Makes this worker logger the one whose ids the root's records in the current async flow carry.</summary>
    internal void BecomeCurrentWorker() => CurrentWorker.Value = this;

    private void Write(LambdaLogLevel level, string message, object?[]? args, Exception? exception)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var ids = _hasWorkers && CurrentWorker.Value is { } worker && worker._root == this ? worker : this;
        (_root ?? this).WriteRecord(level, message, args, exception, ids.RequestId, ids.TraceId, ids.TenantId);
    }

    private void WriteRecord(LambdaLogLevel level, string message, object?[]? args, Exception? exception, string? requestId, string? traceId, string? tenantId)
    {
        var template = args is { Length: > 0 } ? MessageTemplate.Parse(message) : null;
        if (template is not null)
        {
            message = template.Format(args!);
        }

        lock (_gate)
        {
            _record.ResetWrittenCount();
            if (Format == LambdaLogFormat.Json)
            {
                WriteJson(level, message, exception, requestId, traceId, tenantId, template, args);
            }
            else
            {
                WriteText(level, message, exception, requestId);
            }

            _output.Write(_record.WrittenSpan);
            _output.Flush();
        }
    }

    private void WriteText(LambdaLogLevel level, string message, Exception? exception, string? requestIdOrNull)
    {
        // Lambda splits standard output into log events at line breaks, so every physical line gets the full prefix.
        string text = exception is null ? message : message + "\n" + exception;
        var timestamp = _time.GetUtcNow().UtcDateTime;
        string requestId = requestIdOrNull ?? "-";
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

    private void WriteJson(LambdaLogLevel level, string message, Exception? exception, string? requestId, string? traceId, string? tenantId, MessageTemplate? template, object?[]? args)
    {
        var json = _json ??= new Utf8JsonWriter(_record, LambdaError.WriterOptions);
        json.Reset(_record);
        json.WriteStartObject();
        json.WriteString(TimestampName, _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        json.WriteString(LevelName, LevelText(level));
        if (requestId is not null)
        {
            json.WriteString(RequestIdName, requestId);
        }

        if (traceId is not null)
        {
            json.WriteString(TraceIdName, traceId);
        }

        if (tenantId is not null)
        {
            json.WriteString(TenantIdName, tenantId);
        }

        json.WriteString(MessageName, message);
        template?.WriteFields(json, args!);
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
