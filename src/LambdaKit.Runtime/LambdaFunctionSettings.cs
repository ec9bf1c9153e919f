using System.Globalization;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime;

/// <summary>The function's configuration as Lambda passes it in environment variables, read once at start-up.</summary>
public sealed class LambdaFunctionSettings
{
    /// <summary>Memory assumed when <c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c> is missing or not a number: Lambda's default.</summary>
    public const int DefaultMemoryLimitInMB = 128;

    /// <summary>
    /// The environment variable that selects one of several <c>[LambdaFunction]</c> handlers by function name or handler
    /// string. Needed on Lambda's managed .NET runtimes, where <c>_HANDLER</c> must be the assembly name (docs/handlers.md).
    /// </summary>
    public const string FunctionVariable = "LAMBDAKIT_FUNCTION";

    /// <summary>
    /// The largest <c>AWS_LAMBDA_MAX_CONCURRENCY</c> Lambda Managed Instances allows per execution environment
    /// (AWS documentation, checked 2026-12-05).
    /// </summary>
    public const int MaxConcurrencyLimit = 1600;

    private LambdaFunctionSettings(Func<string, string?> getEnvironmentVariable)
    {
        FunctionName = getEnvironmentVariable(LambdaEnvironmentVariables.FunctionName) ?? string.Empty;
        FunctionVersion = getEnvironmentVariable(LambdaEnvironmentVariables.FunctionVersion) ?? "$LATEST";
        LogGroupName = getEnvironmentVariable(LambdaEnvironmentVariables.LogGroupName) ?? string.Empty;
        LogStreamName = getEnvironmentVariable(LambdaEnvironmentVariables.LogStreamName) ?? string.Empty;
        Handler = getEnvironmentVariable(LambdaEnvironmentVariables.Handler);
        SelectedFunction = getEnvironmentVariable(FunctionVariable);
        RuntimeApiAddress = getEnvironmentVariable(LambdaEnvironmentVariables.RuntimeApi);
        (MaxConcurrency, MaxConcurrencyProblem) = ReadMaxConcurrency(getEnvironmentVariable(LambdaEnvironmentVariables.MaxConcurrency));
        string? memory = getEnvironmentVariable(LambdaEnvironmentVariables.FunctionMemorySize);
        if (int.TryParse(memory, NumberStyles.None, CultureInfo.InvariantCulture, out int memoryMb) && memoryMb > 0)
        {
            MemoryLimitInMB = memoryMb;
        }
        else
        {
            MemoryLimitInMB = DefaultMemoryLimitInMB;
            MemorySizeProblem = memory is null ? null : $"{LambdaEnvironmentVariables.FunctionMemorySize}='{memory}' is not a number of MB; assuming {DefaultMemoryLimitInMB}.";
        }
    }

    public string FunctionName { get; }

    public string FunctionVersion { get; }

    public int MemoryLimitInMB { get; }

    public string LogGroupName { get; }

    public string LogStreamName { get; }

    /// <summary><c>_HANDLER</c>: the handler string from the function configuration, if any.</summary>
    public string? Handler { get; }

    /// <summary><see cref="FunctionVariable"/>: the handler to run when the assembly has several, if set.</summary>
    public string? SelectedFunction { get; }

    /// <summary><c>AWS_LAMBDA_RUNTIME_API</c>: host and port of the Runtime API.</summary>
    public string? RuntimeApiAddress { get; }

    /// <summary>Why <see cref="MemoryLimitInMB"/> is a fallback, when it is one; written to the log at start-up.</summary>
    internal string? MemorySizeProblem { get; }

    /// <summary>
    /// <c>AWS_LAMBDA_MAX_CONCURRENCY</c>: how many invocations this execution environment serves at once (Lambda Managed
    /// Instances); 1 when unset. A value that is not a whole number, or below 1, gives 1; a value above
    /// <see cref="MaxConcurrencyLimit"/> gives the limit.
    /// </summary>
    public int MaxConcurrency { get; }

    /// <summary>Why <see cref="MaxConcurrency"/> is a fallback, when it is one; written to the log at start-up.</summary>
    internal string? MaxConcurrencyProblem { get; }

    private static (int Value, string? Problem) ReadMaxConcurrency(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (1, null);
        }

        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            return (1, $"{LambdaEnvironmentVariables.MaxConcurrency}='{text}' is not a whole number; serving one invocation at a time.");
        }

        if (value < 1)
        {
            return (1, $"{LambdaEnvironmentVariables.MaxConcurrency}={value} is below 1; serving one invocation at a time.");
        }

        return value > MaxConcurrencyLimit
            ? (MaxConcurrencyLimit, $"{LambdaEnvironmentVariables.MaxConcurrency}={value} is above Lambda's limit of {MaxConcurrencyLimit}; serving {MaxConcurrencyLimit} at a time.")
            : (value, null);
    }

    /// <summary>Reads the settings through <paramref name="getEnvironmentVariable"/>.</summary>
    public static LambdaFunctionSettings FromEnvironment(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        return new LambdaFunctionSettings(getEnvironmentVariable);
    }
}
