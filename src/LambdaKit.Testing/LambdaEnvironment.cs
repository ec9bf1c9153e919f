using System.Globalization;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing;

/// <summary>Builds the environment variables Lambda gives a runtime process, pointed at an emulator.</summary>
public static class LambdaEnvironment
{
    /// <summary><c>AWS_DEFAULT_REGION</c>, which Lambda sets alongside <c>AWS_REGION</c>.</summary>
    public const string DefaultRegionVariable = "AWS_DEFAULT_REGION";

    /// <summary>The execution environment value used when none is given: the managed .NET 8 runtime.</summary>
    public const string DefaultExecutionEnvironment = "AWS_Lambda_dotnet8";

    /// <summary>
    /// The variables of a fresh on-demand execution environment for <paramref name="emulator"/>'s function.
    /// The dictionary is a new mutable copy: add or overwrite entries to customise it.
    /// </summary>
    /// <param name="emulator">Supplies the Runtime API address and the function configuration.</param>
    /// <param name="handler">The <c>_HANDLER</c> string.</param>
    /// <param name="taskRoot"><c>LAMBDA_TASK_ROOT</c>; defaults to the current directory.</param>
    /// <param name="executionEnvironment"><c>AWS_EXECUTION_ENV</c>; defaults to <see cref="DefaultExecutionEnvironment"/>.</param>
    public static Dictionary<string, string> Create(RuntimeApiEmulator emulator, string handler, string? taskRoot = null, string? executionEnvironment = null)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        ArgumentNullException.ThrowIfNull(handler);
        var options = emulator.Options;
        taskRoot ??= Directory.GetCurrentDirectory();
        var today = options.TimeProvider.GetUtcNow();
        var logStream = string.Create(
            CultureInfo.InvariantCulture,
            $"{today:yyyy'/'MM'/'dd}/[{options.FunctionVersion}]{Guid.NewGuid():N}");

        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [LambdaEnvironmentVariables.RuntimeApi] = emulator.RuntimeApiAddress,
            [LambdaEnvironmentVariables.Handler] = handler,
            [LambdaEnvironmentVariables.TaskRoot] = taskRoot,

            // There is no separate runtime directory outside Lambda; the task root is the closest equivalent.
            [LambdaEnvironmentVariables.RuntimeDir] = taskRoot,
            [LambdaEnvironmentVariables.Region] = options.Region,
            [DefaultRegionVariable] = options.Region,
            [LambdaEnvironmentVariables.ExecutionEnvironment] = executionEnvironment ?? DefaultExecutionEnvironment,
            [LambdaEnvironmentVariables.FunctionName] = options.FunctionName,
            [LambdaEnvironmentVariables.FunctionVersion] = options.FunctionVersion,
            [LambdaEnvironmentVariables.FunctionMemorySize] = options.MemorySizeMb.ToString(CultureInfo.InvariantCulture),
            [LambdaEnvironmentVariables.InitializationType] = options.SnapStart ? LambdaKit.Runtime.LambdaSnapshot.SnapStartInitializationType : "on-demand",
            [LambdaEnvironmentVariables.LogGroupName] = "/aws/lambda/" + options.FunctionName,
            [LambdaEnvironmentVariables.LogStreamName] = logStream,

            // Fake credentials (AWS's documentation examples) so SDK clients construct without touching real ones.
            [LambdaEnvironmentVariables.AccessKeyId] = "AKIAIOSFODNN7EXAMPLE",
            [LambdaEnvironmentVariables.SecretAccessKey] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            [LambdaEnvironmentVariables.SessionToken] = "LambdaKitTestingSessionToken",
            // Lambda sets TZ with the leading colon (a path-style zone name), not the plain abbreviation.
            ["TZ"] = ":UTC",
            ["LANG"] = "en_US.UTF-8",
        };
        if (options.MaxConcurrency > 1)
        {
            // Only Managed Instances environments serve several invocations at once; on-demand ones have no such variable.
            variables[LambdaEnvironmentVariables.MaxConcurrency] = options.MaxConcurrency.ToString(CultureInfo.InvariantCulture);
        }

        return variables;
    }

    /// <summary>
    /// Puts a function's configured <paramref name="variables"/> (checked as Lambda checks them) over
    /// <paramref name="lambdaVariables"/>, then the test's <paramref name="overrides"/> (unchecked; a null value removes
    /// the variable).
    /// </summary>
    /// <exception cref="ArgumentException">Lambda would refuse <paramref name="variables"/>.</exception>
    internal static void Apply(Dictionary<string, string> lambdaVariables, IDictionary<string, string> variables, IDictionary<string, string?> overrides)
    {
        FunctionVariables.Validate(variables);
        foreach (var (name, value) in variables)
        {
            lambdaVariables[name] = value;
        }

        foreach (var (name, value) in overrides)
        {
            if (value is null)
            {
                lambdaVariables.Remove(name);
            }
            else
            {
                lambdaVariables[name] = value;
            }
        }
    }
}
