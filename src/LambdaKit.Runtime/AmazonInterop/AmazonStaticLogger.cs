using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using LambdaKit.Runtime.Logging;

namespace LambdaKit.Runtime.AmazonInterop;

/// <summary>
/// Sends Amazon.Lambda.Core's static <c>LambdaLogger</c> through LambdaKit's logger, as AWS's runtime does: by assigning
/// the private static delegate fields its <c>Log</c> methods call (<c>_loggingAction</c>, and on Core's .NET 8 build
/// <c>_loggingWithLevelAction</c> and <c>_loggingWithLevelAndExceptionAction</c>), so its records carry the request id,
/// the level, the minimum level and the log format. The generated init calls this when the function references
/// Amazon.Lambda.Core. The fields are named by constants on a type the caller passes as <c>typeof</c>, so the trimmer
/// and Native AOT keep them; a field that is missing or of another type (another Core version) is left alone.
/// </summary>
public static class AmazonStaticLogger
{
    private const BindingFlags PrivateStatic = BindingFlags.NonPublic | BindingFlags.Static;

    /// <summary>Points <paramref name="lambdaLoggerType"/>'s delegate fields at <paramref name="logger"/>; returns how many it set.</summary>
    /// <param name="lambdaLoggerType"><c>typeof(Amazon.Lambda.Core.LambdaLogger)</c>.</param>
    /// <param name="logger">The runtime's logger (one per process, as on Lambda: the last call wins).</param>
    public static int Redirect([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicFields)] Type lambdaLoggerType, ILambdaLogger logger)
    {
        ArgumentNullException.ThrowIfNull(lambdaLoggerType);
        ArgumentNullException.ThrowIfNull(logger);
        var set = 0;
        set += Assign(lambdaLoggerType.GetField("_loggingAction", PrivateStatic), new Action<string?>(message => logger.Log(LambdaLogLevel.Information, message ?? string.Empty)));
        set += Assign(
            lambdaLoggerType.GetField("_loggingWithLevelAction", PrivateStatic),
            new Action<string?, string?, object?[]?>((level, message, args) => Write(logger, level, message, args, null)));
        set += Assign(
            lambdaLoggerType.GetField("_loggingWithLevelAndExceptionAction", PrivateStatic),
            new Action<string?, Exception?, string?, object?[]?>((level, exception, message, args) => Write(logger, level, message, args, exception)));
        return set;
    }

    private static int Assign(FieldInfo? field, Delegate action)
    {
        if (field is null || field.IsInitOnly || field.FieldType != action.GetType())
        {
            return 0;
        }

        field.SetValue(null, action);
        return 1;
    }

    /// <summary>The logger formats the message only when its level is written, as AWS's runtime does.</summary>
    private static void Write(ILambdaLogger logger, string? level, string? message, object?[]? args, Exception? exception) =>
        logger.Log(AmazonLogMessage.Level(level), exception, message ?? string.Empty, args ?? []);
}
