// A stand-in for Amazon.Lambda.Core (net8.0 build, 2.x), compiled by the tests: the package registry here has no
// Amazon.Lambda.* packages. It mirrors the public surface handlers see (lambda-facts §6.3-§6.5): the context, the
// mobile types, the logger with the .NET 6+ leveled default methods, the static logger and the serializer contract.
// Not nullable-annotated, like the real assembly.
#nullable disable
using System;
using System.Collections.Generic;
using System.IO;

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
    }

    public static class LambdaLogger
    {
        public static void Log(string message) => Console.Write(message);
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
