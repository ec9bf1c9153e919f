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

    public static string Emit(bool loggerHasLevels)
    {
        var writer = HandlerEmitter.Header();
        writer.OpenBlock("namespace " + HandlerEmitter.Namespace);

        writer.WriteLine("/// <summary>LambdaKit's invocation context as Amazon.Lambda.Core's <c>ILambdaContext</c>.</summary>");
        writer.WriteLine(HandlerEmitter.GeneratedCodeAttribute);
        writer.OpenBlock("internal sealed class AmazonLambdaContext : " + Amazon + ".ILambdaContext");
        writer.WriteLine("private readonly " + Ours + ".ILambdaContext _context;");
        writer.WriteLine();
        writer.OpenBlock("public AmazonLambdaContext(" + Ours + ".ILambdaContext context)");
        writer.WriteLine("_context = context;");
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
        writer.WriteLine("public " + Amazon + ".ICognitoIdentity Identity => _context.Identity is { } identity ? new AmazonCognitoIdentity(identity) : null!;");
        writer.WriteLine();
        writer.WriteLine("public " + Amazon + ".IClientContext ClientContext => _context.ClientContext is { } client ? new AmazonClientContext(client) : null!;");
        writer.CloseBlock();
        writer.WriteLine();

        EmitLogger(writer, loggerHasLevels);
        writer.WriteLine();
        EmitMobile(writer);
        writer.CloseBlock();
        return writer.ToString();
    }

    private static void EmitLogger(SourceWriter writer, bool loggerHasLevels)
    {
        writer.WriteLine("/// <summary>LambdaKit's logger as Amazon.Lambda.Core's <c>ILambdaLogger</c>: records keep the invocation's request id and level.</summary>");
        writer.WriteLine(HandlerEmitter.GeneratedCodeAttribute);
        writer.OpenBlock("internal sealed class AmazonLambdaLogger : " + Amazon + ".ILambdaLogger");
        writer.WriteLine("private readonly " + Ours + ".Logging.ILambdaLogger _logger;");
        writer.WriteLine();
        writer.OpenBlock("public AmazonLambdaLogger(" + Ours + ".Logging.ILambdaLogger logger)");
        writer.WriteLine("_logger = logger;");
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("public void Log(string message) => _logger.Log(message);");
        writer.WriteLine();
        writer.WriteLine("public void LogLine(string message) => _logger.LogLine(message);");
        if (loggerHasLevels)
        {
            writer.WriteLine();
            writer.WriteLine("public void Log(string level, string message) => _logger.Log(ToLevel(level), message);");
            writer.WriteLine();
            writer.WriteLine("public void Log(" + Amazon + ".LogLevel level, string message) => _logger.Log(ToLevel(level.ToString()), message);");
            writer.WriteLine();
            writer.WriteLine("/// <summary>Amazon's level names (<c>LogLevel.ToString()</c>) and Lambda's (<c>AWS_LAMBDA_LOG_LEVEL</c>); anything else is information.</summary>");
            writer.OpenBlock("private static " + Ours + ".Logging.LambdaLogLevel ToLevel(string level)");
            writer.OpenBlock("switch (level?.ToUpperInvariant())");
            writer.WriteLine("case \"TRACE\": return " + Ours + ".Logging.LambdaLogLevel.Trace;");
            writer.WriteLine("case \"DEBUG\": return " + Ours + ".Logging.LambdaLogLevel.Debug;");
            writer.WriteLine("case \"WARN\": case \"WARNING\": return " + Ours + ".Logging.LambdaLogLevel.Warning;");
            writer.WriteLine("case \"ERROR\": return " + Ours + ".Logging.LambdaLogLevel.Error;");
            writer.WriteLine("case \"FATAL\": case \"CRITICAL\": return " + Ours + ".Logging.LambdaLogLevel.Critical;");
            writer.WriteLine("default: return " + Ours + ".Logging.LambdaLogLevel.Information;");
            writer.CloseBlock();
            writer.CloseBlock();
        }

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
