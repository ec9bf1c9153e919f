using LambdaKit.Generators.Common;

namespace LambdaKit.Generators.Handlers;

/// <summary>
/// Writes the adapter that presents LambdaKit's context as <c>Amazon.Lambda.Core.ILambdaContext</c>, for handlers
/// written against Amazon's interface. Generated (not shipped in LambdaKit.Runtime) because only the user's
/// compilation references Amazon.Lambda.Core.
/// </summary>
internal static class AmazonContextEmitter
{
    public const string AdapterType = "global::" + HandlerEmitter.Namespace + ".AmazonLambdaContext";

    private const string Amazon = "global::Amazon.Lambda.Core";
    private const string Ours = "global::LambdaKit.Runtime";
    private const string Logging = Ours + ".Logging";
    private const string Json = "global::System.Text.Json.Serialization";
    private const string Message = Ours + ".AmazonInterop.AmazonLogMessage";

    // Amazon.Lambda.Core's LogLevel names, which are LambdaKit's LambdaLogLevel names with the same values.
    private static readonly string[] Levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    public static string Emit(bool loggerHasLevels)
    {
        var writer = HandlerEmitter.Header();
        writer.OpenBlock("namespace " + HandlerEmitter.Namespace);

        writer.WriteLine("/// <summary>LambdaKit's invocation context as Amazon.Lambda.Core's <c>ILambdaContext</c>.</summary>");
        writer.WriteLine(HandlerEmitter.GeneratedCodeAttribute);
        writer.OpenBlock("internal sealed class AmazonLambdaContext : " + Amazon + ".ILambdaContext");
        writer.WriteLine("private readonly " + Ours + ".ILambdaContext _context;");
        writer.WriteLine("private readonly " + Json + ".JsonSerializerContext? _json;");
        writer.WriteLine("private " + Amazon + ".ILambdaSerializer? _serializer;");
        writer.WriteLine();
        writer.WriteLine("/// <param name=\"json\">The metadata the handler reads and writes with, behind <see cref=\"Serializer\"/>; null when it has none.</param>");
        writer.OpenBlock("public AmazonLambdaContext(" + Ours + ".ILambdaContext context, " + Json + ".JsonSerializerContext? json)");
        writer.WriteLine("_context = context;");
        writer.WriteLine("_json = json;");
        writer.WriteLine("Logger = new AmazonLambdaLogger(context.Logger);");
        writer.CloseBlock();
        writer.WriteLine();
        foreach (var name in new[] { "AwsRequestId", "FunctionName", "FunctionVersion", "InvokedFunctionArn", "LogGroupName", "LogStreamName" })
        {
            writer.WriteLine("public string " + name + " => _context." + name + ";");
            writer.WriteLine();
        }

        writer.WriteLine("public int MemoryLimitInMB => _context.MemoryLimitInMB;");
        writer.WriteLine();
        writer.WriteLine("public global::System.TimeSpan RemainingTime => _context.RemainingTime;");
        writer.WriteLine();
        writer.WriteLine("public " + Amazon + ".ILambdaLogger Logger { get; }");
        writer.WriteLine();
        writer.WriteLine("public string TraceId => _context.TraceId ?? string.Empty;");
        writer.WriteLine();
        writer.WriteLine("public string TenantId => _context.TenantId!;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>The handler's metadata as Amazon's serializer interface (null when the function has no JSON metadata at all).</summary>");
        writer.WriteLine("public " + Amazon + ".ILambdaSerializer Serializer => _serializer ??= _json is null ? null! : new AmazonLambdaSerializer(_json);");
        writer.WriteLine();
        writer.WriteLine("public " + Amazon + ".ICognitoIdentity Identity => _context.Identity is { } identity ? new AmazonCognitoIdentity(identity) : null!;");
        writer.WriteLine();
        writer.WriteLine("public " + Amazon + ".IClientContext ClientContext => _context.ClientContext is { } client ? new AmazonClientContext(client) : null!;");
        writer.CloseBlock();
        writer.WriteLine();

        EmitLogger(writer, loggerHasLevels);
        writer.WriteLine();
        EmitSerializer(writer);
        writer.WriteLine();
        EmitMobile(writer);
        writer.CloseBlock();
        return writer.ToString();
    }

    private static void EmitLogger(SourceWriter writer, bool loggerHasLevels)
    {
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// LambdaKit's logger as Amazon.Lambda.Core's <c>ILambdaLogger</c>: records keep the invocation's request id and level.");
        writer.WriteLine("/// Every member is implemented: Amazon.Lambda.Core's default members call each other (its parameterized ones call");
        writer.WriteLine("/// themselves), expecting AWS's runtime logger to implement them.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine(HandlerEmitter.GeneratedCodeAttribute);
        writer.OpenBlock("internal sealed class AmazonLambdaLogger : " + Amazon + ".ILambdaLogger");
        writer.WriteLine("private readonly " + Logging + ".ILambdaLogger _logger;");
        writer.WriteLine();
        writer.OpenBlock("public AmazonLambdaLogger(" + Logging + ".ILambdaLogger logger)");
        writer.WriteLine("_logger = logger;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("public void Log(string message) => _logger.Log(message);");
        writer.WriteLine();
        writer.WriteLine("public void LogLine(string message) => _logger.LogLine(message);");
        if (loggerHasLevels)
        {
            const string Args = "params object[] args";
            const string Failure = "global::System.Exception exception, ";
            writer.WriteLine();
            writer.WriteLine("public void Log(string level, string message) => Write(" + Message + ".Level(level), message, null, null);");
            writer.WriteLine();
            writer.WriteLine("public void Log(" + Amazon + ".LogLevel level, string message) => Write((" + Logging + ".LambdaLogLevel)level, message, null, null);");
            writer.WriteLine();
            writer.WriteLine("public void Log(string level, string message, " + Args + ") => Write(" + Message + ".Level(level), message, args, null);");
            writer.WriteLine();
            writer.WriteLine("public void Log(string level, " + Failure + "string message, " + Args + ") => Write(" + Message + ".Level(level), message, args, exception);");
            writer.WriteLine();
            writer.WriteLine("public void Log(" + Amazon + ".LogLevel level, string message, " + Args + ") => Write((" + Logging + ".LambdaLogLevel)level, message, args, null);");
            writer.WriteLine();
            writer.WriteLine("public void Log(" + Amazon + ".LogLevel level, " + Failure + "string message, " + Args + ") => Write((" + Logging + ".LambdaLogLevel)level, message, args, exception);");
            foreach (var level in Levels)
            {
                var ours = Logging + ".LambdaLogLevel." + level;
                writer.WriteLine();
                writer.WriteLine("public void Log" + level + "(string message) => Write(" + ours + ", message, null, null);");
                writer.WriteLine();
                writer.WriteLine("public void Log" + level + "(string message, " + Args + ") => Write(" + ours + ", message, args, null);");
                writer.WriteLine();
                writer.WriteLine("public void Log" + level + "(" + Failure + "string message, " + Args + ") => Write(" + ours + ", message, args, exception);");
            }

            writer.WriteLine();
            writer.WriteLine("/// <summary>LambdaKit's logger formats the message only when its level is written, and writes JSON records' arguments as fields, as AWS's runtime does.</summary>");
            writer.WriteLine("private void Write(" + Logging + ".LambdaLogLevel level, string message, object[]? args, global::System.Exception? exception) =>");
            writer.WriteLine("    _logger.Log(level, exception, message ?? string.Empty, args ?? global::System.Array.Empty<object?>());");
        }

        writer.CloseBlock();
    }

    private static void EmitSerializer(SourceWriter writer)
    {
        writer.WriteLine("/// <summary>Amazon.Lambda.Core's serializer interface over generated metadata: no reflection, only the types the metadata has.</summary>");
        writer.WriteLine(HandlerEmitter.GeneratedCodeAttribute);
        writer.OpenBlock("internal sealed class AmazonLambdaSerializer : " + Amazon + ".ILambdaSerializer");
        writer.WriteLine("private readonly " + Json + ".JsonSerializerContext _json;");
        writer.WriteLine();
        writer.WriteLine("public AmazonLambdaSerializer(" + Json + ".JsonSerializerContext json) => _json = json;");
        writer.WriteLine();
        writer.WriteLine("public T Deserialize<T>(global::System.IO.Stream requestStream) => global::System.Text.Json.JsonSerializer.Deserialize(requestStream, TypeInfo<T>())!;");
        writer.WriteLine();
        writer.OpenBlock("public void Serialize<T>(T response, global::System.IO.Stream responseStream)");
        writer.WriteLine("using var writer = new global::System.Text.Json.Utf8JsonWriter(responseStream, " + HandlerEmitter.RelaxedWriterOptions + ");");
        writer.WriteLine("global::System.Text.Json.JsonSerializer.Serialize(writer, response, TypeInfo<T>());");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("private " + Json + ".Metadata.JsonTypeInfo<T> TypeInfo<T>() =>");
        writer.WriteLine("    _json.GetTypeInfo(typeof(T)) as " + Json + ".Metadata.JsonTypeInfo<T>");
        writer.WriteLine("    ?? throw new global::System.NotSupportedException(\"The function's JSON metadata (\" + _json.GetType().FullName + \") has no type \" + typeof(T).FullName + \": register it with [JsonSerializable].\");");
        writer.CloseBlock();
    }

    private static void EmitMobile(SourceWriter writer)
    {
        writer.WriteLine(HandlerEmitter.GeneratedCodeAttribute);
        writer.OpenBlock("internal sealed class AmazonCognitoIdentity : " + Amazon + ".ICognitoIdentity");
        writer.WriteLine("private readonly " + Ours + ".ICognitoIdentity _identity;");
        writer.WriteLine();
        writer.WriteLine("public AmazonCognitoIdentity(" + Ours + ".ICognitoIdentity identity) => _identity = identity;");
        writer.WriteLine();
        writer.WriteLine("public string IdentityId => _identity.IdentityId!;");
        writer.WriteLine();
        writer.WriteLine("public string IdentityPoolId => _identity.IdentityPoolId!;");
        writer.CloseBlock();
        writer.WriteLine();

        writer.WriteLine(HandlerEmitter.GeneratedCodeAttribute);
        writer.OpenBlock("internal sealed class AmazonClientContext : " + Amazon + ".IClientContext");
        writer.WriteLine("public AmazonClientContext(" + Ours + ".IClientContext client)");
        writer.OpenBlock();
        writer.WriteLine("Client = client.Client is { } application ? new AmazonClientApplication(application) : null!;");
        writer.WriteLine("Custom = new global::System.Collections.Generic.Dictionary<string, string>(client.Custom);");
        writer.WriteLine("Environment = new global::System.Collections.Generic.Dictionary<string, string>(client.Environment);");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("public " + Amazon + ".IClientApplication Client { get; }");
        writer.WriteLine();
        writer.WriteLine("public global::System.Collections.Generic.IDictionary<string, string> Custom { get; }");
        writer.WriteLine();
        writer.WriteLine("public global::System.Collections.Generic.IDictionary<string, string> Environment { get; }");
        writer.CloseBlock();
        writer.WriteLine();

        writer.WriteLine(HandlerEmitter.GeneratedCodeAttribute);
        writer.OpenBlock("internal sealed class AmazonClientApplication : " + Amazon + ".IClientApplication");
        writer.WriteLine("private readonly " + Ours + ".IClientApplication _application;");
        writer.WriteLine();
        writer.WriteLine("public AmazonClientApplication(" + Ours + ".IClientApplication application) => _application = application;");
        foreach (var name in new[] { "AppPackageName", "AppTitle", "AppVersionCode", "AppVersionName", "InstallationId" })
        {
            writer.WriteLine();
            writer.WriteLine("public string " + name + " => _application." + name + "!;");
        }

        writer.CloseBlock();
    }
}
