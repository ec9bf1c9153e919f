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

    /// <summary>Writes an information record (the shape of Amazon.Lambda.Core's <c>ILambdaLogger.Log</c>).</summary>
    void Log(string message) => Log(LambdaLogLevel.Information, message);

    /// <summary>Writes an information record (the shape of Amazon.Lambda.Core's <c>ILambdaLogger.LogLine</c>).</summary>
    void LogLine(string message) => Log(LambdaLogLevel.Information, message);

    void LogTrace(string message) => Log(LambdaLogLevel.Trace, message);

    void LogDebug(string message) => Log(LambdaLogLevel.Debug, message);

    void LogInformation(string message) => Log(LambdaLogLevel.Information, message);

    void LogWarning(string message) => Log(LambdaLogLevel.Warning, message);

    void LogError(string message) => Log(LambdaLogLevel.Error, message);

    void LogError(Exception exception, string message) => Log(LambdaLogLevel.Error, message, exception);

    void LogCritical(string message) => Log(LambdaLogLevel.Critical, message);

    void LogCritical(Exception exception, string message) => Log(LambdaLogLevel.Critical, message, exception);
}
