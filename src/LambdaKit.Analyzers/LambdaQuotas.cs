using Microsoft.CodeAnalysis;

namespace LambdaKit.Analyzers;

/// <summary>
/// Lambda's limits for the deployment settings of <c>[LambdaFunction]</c>, <c>[assembly: LambdaFunctionDefaults]</c>
/// and the JSON configuration files, in one table so they are updated in one place when Lambda changes them
/// (docs/rules/LK1013.md, LK3001.md-LK3006.md, LK3011.md and LK3012.md cite the sources; checked 2026-12-05).
/// </summary>
internal static class LambdaQuotas
{
    /// <summary>CreateFunction's <c>Handler</c>: at most 128 characters, no whitespace (lambda-facts §1.4).</summary>
    public const int MaxHandlerLength = 128;

    /// <summary>The function's environment variables as Lambda stores them: compact JSON, UTF-8 (lambda-facts §1.4).</summary>
    public const int MaxEnvironmentBytes = 4096;

    /// <summary>Layers per function (lambda-facts §1.1).</summary>
    public const int MaxLayers = 5;

    /// <summary>Lambda's trace header of the current invocation, as the runtime sets it in the environment (lambda-facts §2.8).</summary>
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    /// <summary>Variables Lambda sets and refuses in a function's configuration (lambda-facts §2.8).</summary>
    public static readonly string[] ReservedEnvironmentKeys =
    [
        "_HANDLER", TraceIdVariable, "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "TZ",
    ];

    public static readonly LambdaQuota[] Settings =
    [
        new("MemorySize", 128, 10_240, DiagnosticDescriptors.MemorySizeOutOfRange),
        new("Timeout", 1, 900, DiagnosticDescriptors.TimeoutOutOfRange),
        new("EphemeralStorage", 512, 10_240, DiagnosticDescriptors.EphemeralStorageOutOfRange),
        new("MaxConcurrency", 1, 1_600, DiagnosticDescriptors.MaxConcurrencyOutOfRange),
    ];

    /// <summary>The largest <c>/tmp</c> SnapStart allows, in MB (lambda-facts §12.2).</summary>
    public const int MaxSnapStartEphemeralStorage = 512;

    /// <summary>Runtimes whose name starts with this are OS-only (Native AOT, custom runtimes): no SnapStart there (lambda-facts §12.2).</summary>
    public const string OsOnlyRuntimePrefix = "provided";
}

/// <summary>One integer setting: 0 means "not set here", anything else must be within [Minimum, Maximum].</summary>
internal sealed class LambdaQuota
{
    public LambdaQuota(string property, int minimum, int maximum, DiagnosticDescriptor rule)
    {
        Property = property;
        Minimum = minimum;
        Maximum = maximum;
        Rule = rule;
    }

    public string Property { get; }

    public int Minimum { get; }

    public int Maximum { get; }

    public DiagnosticDescriptor Rule { get; }

    public bool Allows(int value) => value == 0 || (value >= Minimum && value <= Maximum);
}
