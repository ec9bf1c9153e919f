using LambdaKit.Runtime.Logging;

namespace LambdaKit.Runtime.AmazonInterop;

/// <summary>
/// Amazon.Lambda.Core's parameterized log messages (<c>LogInformation("{count} items", count)</c>) as AWS's .NET runtime
/// writes them in the text format, for the generated Amazon.Lambda.Core logger adapter. Placeholders are replaced in
/// order (<c>{name}</c>) or by index when every placeholder is a number and they cover 0..n-1 (<c>{0} {1} {0}</c>);
/// <c>{name:format}</c> applies a .NET format; <c>byte[]</c> is written as hexadecimal (16 bytes, then a count); dates
/// as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>; a null, list or dictionary argument leaves its placeholder as written; a
/// message without arguments is written unchanged.
/// </summary>
public static class AmazonLogMessage
{
    /// <summary>The level Amazon's level name (<c>LogLevel.ToString()</c>, or Lambda's) stands for; anything else is information.</summary>
    public static LambdaLogLevel Level(string? level) =>
        LambdaLogger.TryParseLevel(level, out var parsed) ? parsed : LambdaLogLevel.Information;

    /// <summary>The message with its placeholders replaced by <paramref name="args"/>.</summary>
    public static string Format(string? template, object?[]? args) =>
        template is null ? string.Empty : args is null || args.Length == 0 ? template : MessageTemplate.Parse(template).Format(args);
}
