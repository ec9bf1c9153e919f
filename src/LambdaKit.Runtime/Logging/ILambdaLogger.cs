namespace LambdaKit.Runtime.Logging;

/// <summary>Log levels, named as .NET names them; <c>AWS_LAMBDA_LOG_LEVEL</c> uses TRACE, DEBUG, INFO, WARN, ERROR, FATAL.</summary>
public enum LambdaLogLevel
{
    Trace = 0,
    Debug = 1,
    Information = 2,
    Warning = 3,
    Error = 4,
    Critical = 5,
}

/// <summary>The two formats of <c>AWS_LAMBDA_LOG_FORMAT</c>.</summary>
public enum LambdaLogFormat
{
    /// <summary>Tab-separated lines: timestamp, request id, level, message.</summary>
    Text = 0,

    /// <summary>One JSON object per record: timestamp, level, requestId, traceId, message and error fields.</summary>
    Json = 1,
}

/// <summary>Writes log records that carry the current invocation's request id.</summary>
public interface ILambdaLogger
{
    /// <summary>Whether records of <paramref name="level"/> pass the minimum level.</summary>
    bool IsEnabled(LambdaLogLevel level);

    /// <summary>Writes a record; an exception is written with its type, message, stack and inner exceptions.</summary>
    void Log(LambdaLogLevel level, string message, Exception? exception = null);

    /// <summary>
    /// Writes a record from a message template (<c>"Order {OrderId} for {Customer}"</c>): the placeholders filled with
    /// <paramref name="args"/> in the message and, in JSON records, each named argument as a field of its own, as AWS's
    /// runtime writes them (docs/runtime.md). Without arguments the template is written unchanged.
    /// </summary>
    void Log(LambdaLogLevel level, Exception? exception, string messageTemplate, params object?[] args)
    {
        if (IsEnabled(level))
        {
            Log(level, args is null || args.Length == 0 ? messageTemplate : MessageTemplate.Parse(messageTemplate).Format(args), exception);
        }
    }

    /// <summary>Writes an information record (the shape of Amazon.Lambda.Core's <c>ILambdaLogger.Log</c>).</summary>
    void Log(string message);

    /// <summary>Writes an information record (the shape of Amazon.Lambda.Core's <c>ILambdaLogger.LogLine</c>).</summary>
    void LogLine(string message);
}

/// <summary>One method per level, for every <see cref="ILambdaLogger"/>.</summary>
public static class LambdaLoggerExtensions
{
    public static void LogTrace(this ILambdaLogger logger, string message) => Write(logger, LambdaLogLevel.Trace, message, null);

    public static void LogDebug(this ILambdaLogger logger, string message) => Write(logger, LambdaLogLevel.Debug, message, null);

    public static void LogInformation(this ILambdaLogger logger, string message) => Write(logger, LambdaLogLevel.Information, message, null);

    public static void LogWarning(this ILambdaLogger logger, string message) => Write(logger, LambdaLogLevel.Warning, message, null);

    public static void LogError(this ILambdaLogger logger, string message) => Write(logger, LambdaLogLevel.Error, message, null);

    public static void LogError(this ILambdaLogger logger, Exception exception, string message) => Write(logger, LambdaLogLevel.Error, message, exception);

    public static void LogCritical(this ILambdaLogger logger, string message) => Write(logger, LambdaLogLevel.Critical, message, null);

    public static void LogCritical(this ILambdaLogger logger, Exception exception, string message) => Write(logger, LambdaLogLevel.Critical, message, exception);

    public static void LogTrace(this ILambdaLogger logger, string messageTemplate, params object?[] args) => Write(logger, LambdaLogLevel.Trace, null, messageTemplate, args);

    public static void LogDebug(this ILambdaLogger logger, string messageTemplate, params object?[] args) => Write(logger, LambdaLogLevel.Debug, null, messageTemplate, args);

    public static void LogInformation(this ILambdaLogger logger, string messageTemplate, params object?[] args) => Write(logger, LambdaLogLevel.Information, null, messageTemplate, args);

    public static void LogWarning(this ILambdaLogger logger, string messageTemplate, params object?[] args) => Write(logger, LambdaLogLevel.Warning, null, messageTemplate, args);

    public static void LogError(this ILambdaLogger logger, string messageTemplate, params object?[] args) => Write(logger, LambdaLogLevel.Error, null, messageTemplate, args);

    public static void LogError(this ILambdaLogger logger, Exception exception, string messageTemplate, params object?[] args) => Write(logger, LambdaLogLevel.Error, exception, messageTemplate, args);

    public static void LogCritical(this ILambdaLogger logger, string messageTemplate, params object?[] args) => Write(logger, LambdaLogLevel.Critical, null, messageTemplate, args);

    public static void LogCritical(this ILambdaLogger logger, Exception exception, string messageTemplate, params object?[] args) => Write(logger, LambdaLogLevel.Critical, exception, messageTemplate, args);

    private static void Write(ILambdaLogger logger, LambdaLogLevel level, Exception? exception, string messageTemplate, object?[] args)
    {
        ArgumentNullException.ThrowIfNull(logger);
        logger.Log(level, exception, messageTemplate, args);
    }

    private static void Write(ILambdaLogger logger, LambdaLogLevel level, string message, Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(logger);
        logger.Log(level, message, exception);
    }
}
