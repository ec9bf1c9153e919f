// A stand-in for Amazon.Lambda.Core 3.x (its net8.0 build), compiled by the tests: the package registry here has no
// Amazon.Lambda.* packages. It mirrors the public surface a handler compiles against, member for member, including
// the default interface members and how they call each other: the parameterized ILambdaLogger members forward to
// Log(string, string, params object[]), which forwards to itself, so an implementation that leaves any of them to
// the defaults overflows the stack, as with the real assembly. Written from the published signatures; bodies only
// where a default member's behaviour matters. Not nullable-annotated, like the real assembly.
#nullable disable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace Amazon.Lambda.Core
{
    public interface ILambdaContext
    {
        string AwsRequestId { get; }
        IClientContext ClientContext { get; }
        string FunctionName { get; }
        string FunctionVersion { get; }
        ICognitoIdentity Identity { get; }
        string InvokedFunctionArn { get; }
        ILambdaLogger Logger { get; }
        string LogGroupName { get; }
        string LogStreamName { get; }
        int MemoryLimitInMB { get; }
        TimeSpan RemainingTime { get; }

        // Added in 3.x with defaults, so older implementations still compile; AWS's runtime implements them.
        string TraceId => string.Empty;
        string TenantId => null;
        ILambdaSerializer Serializer => null;
    }

    public interface ICognitoIdentity
    {
        string IdentityId { get; }
        string IdentityPoolId { get; }
    }

    public interface IClientContext
    {
        IDictionary<string, string> Environment { get; }
        IClientApplication Client { get; }
        IDictionary<string, string> Custom { get; }
    }

    public interface IClientApplication
    {
        string AppPackageName { get; }
        string AppTitle { get; }
        string AppVersionCode { get; }
        string AppVersionName { get; }
        string InstallationId { get; }
    }

    public enum LogLevel
    {
        Trace = 0,
        Debug = 1,
        Information = 2,
        Warning = 3,
        Error = 4,
        Critical = 5,
    }

    public interface ILambdaLogger
    {
        void Log(string message);
        void LogLine(string message);

        void Log(string level, string message) => LogLine(message);
        void Log(LogLevel level, string message) => Log(level.ToString(), message);
        void LogTrace(string message) => Log(LogLevel.Trace.ToString(), message);
        void LogDebug(string message) => Log(LogLevel.Debug.ToString(), message);
        void LogInformation(string message) => Log(LogLevel.Information.ToString(), message);
        void LogWarning(string message) => Log(LogLevel.Warning.ToString(), message);
        void LogError(string message) => Log(LogLevel.Error.ToString(), message);
        void LogCritical(string message) => Log(LogLevel.Critical.ToString(), message);

        // The real default forwards to itself: only an implementation (AWS's runtime, LambdaKit's adapter) gives it meaning.
        void Log(string level, string message, params object[] args) => Log(level, message, args);
        void Log(string level, Exception exception, string message, params object[] args)
        {
            Log(level, message, args);
            Log(level, exception.ToString(), args);
        }

        void Log(LogLevel level, string message, params object[] args) => Log(level.ToString(), message, args);
        void Log(LogLevel level, Exception exception, string message, params object[] args) => Log(level.ToString(), exception, message, args);
        void LogTrace(string message, params object[] args) => Log(LogLevel.Trace.ToString(), message, args);
        void LogTrace(Exception exception, string message, params object[] args) => Log(LogLevel.Trace.ToString(), exception, message, args);
        void LogDebug(string message, params object[] args) => Log(LogLevel.Debug.ToString(), message, args);
        void LogDebug(Exception exception, string message, params object[] args) => Log(LogLevel.Debug.ToString(), exception, message, args);
        void LogInformation(string message, params object[] args) => Log(LogLevel.Information.ToString(), message, args);
        void LogInformation(Exception exception, string message, params object[] args) => Log(LogLevel.Information.ToString(), exception, message, args);
        void LogWarning(string message, params object[] args) => Log(LogLevel.Warning.ToString(), message, args);
        void LogWarning(Exception exception, string message, params object[] args) => Log(LogLevel.Warning.ToString(), exception, message, args);
        void LogError(string message, params object[] args) => Log(LogLevel.Error.ToString(), message, args);
        void LogError(Exception exception, string message, params object[] args) => Log(LogLevel.Error.ToString(), exception, message, args);
        void LogCritical(string message, params object[] args) => Log(LogLevel.Critical.ToString(), message, args);
        void LogCritical(Exception exception, string message, params object[] args) => Log(LogLevel.Critical.ToString(), exception, message, args);
    }

    /// <summary>
    /// The static logger: its private action fields are what AWS's runtime replaces (by reflection) to capture it, and
    /// what LambdaKit's init replaces (LambdaKit.Runtime.AmazonInterop.AmazonStaticLogger).
    /// </summary>
    public static class LambdaLogger
    {
#pragma warning disable IDE0044, CS0414
        private static Action<string> _loggingAction = message => Console.WriteLine(message);
        private static Action<string, string, object[]> _loggingWithLevelAction = (level, message, args) => Console.WriteLine(level + ": " + message);
        private static Action<string, Exception, string, object[]> _loggingWithLevelAndExceptionAction = (level, exception, message, args) => Console.WriteLine(level + ": " + message + "\n" + exception);
        private static Action<StructuredLoggingOptions> _configureStructuredLoggingAction = options => _placeHolderStructuredLoggingOptions = options;
#pragma warning restore IDE0044, CS0414

        // Options given before a runtime set the action above; the runtime's setter applies them.
        private static StructuredLoggingOptions _placeHolderStructuredLoggingOptions;

        public static void Log(string message) => _loggingAction(message);

        public static void Log(string level, string message, params object[] args) => _loggingWithLevelAction(level, message, args);

        public static void Log(LogLevel level, string message, params object[] args) => Log(level.ToString(), message, args);

        public static void Log(string level, Exception exception, string message, params object[] args) => _loggingWithLevelAndExceptionAction(level, exception, message, args);

        public static void Log(LogLevel level, Exception exception, string message, params object[] args) => Log(level.ToString(), exception, message, args);

        public static void ConfigureStructuredLogging(StructuredLoggingOptions options) => _configureStructuredLoggingAction(options);

        // Internal in the real assembly (for AWS's runtime support); LambdaKit does not call it.
        internal static void SetConfigureStructuredLoggingAction(Action<StructuredLoggingOptions> configureStructuredLoggingAction)
        {
            _configureStructuredLoggingAction = configureStructuredLoggingAction;
            if (_placeHolderStructuredLoggingOptions != null)
            {
                _configureStructuredLoggingAction(_placeHolderStructuredLoggingOptions);
            }
        }
    }

    public class StructuredLoggingOptions
    {
        public JsonSerializerOptions OverrideSerializerOptions { get; set; }
    }

    public class LambdaTraceProvider
    {
        public static string CurrentTraceId => Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID");
    }

    public static class SnapshotRestore
    {
        // Core's private queues, named as in Core: AWS's runtime (and LambdaKit, by these names) empties them after init.
        private static readonly ConcurrentQueue<Func<ValueTask>> BeforeSnapshotRegistry = new();
        private static readonly ConcurrentQueue<Func<ValueTask>> AfterRestoreRegistry = new();

        public static void RegisterBeforeSnapshot(Func<ValueTask> beforeSnapshotAction) => BeforeSnapshotRegistry.Enqueue(beforeSnapshotAction);

        public static void RegisterAfterRestore(Func<ValueTask> afterRestoreAction) => AfterRestoreRegistry.Enqueue(afterRestoreAction);
    }

    public interface ILambdaSerializer
    {
        T Deserialize<T>(Stream requestStream);
        void Serialize<T>(T response, Stream responseStream);
    }

    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Method, AllowMultiple = false)]
    public sealed class LambdaSerializerAttribute : Attribute
    {
        public LambdaSerializerAttribute(Type serializerType) => SerializerType = serializerType;

        public Type SerializerType { get; set; }
    }
}
