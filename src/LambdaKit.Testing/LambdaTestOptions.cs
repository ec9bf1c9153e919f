namespace LambdaKit.Testing;

/// <summary>
/// Overrides for <see cref="LambdaTest"/>. Anything left null comes from the function's <c>[LambdaFunction]</c> (or the
/// assembly's <c>[LambdaFunctionDefaults]</c>), else from Lambda's defaults (128 MB, 3 s).
/// </summary>
public sealed class LambdaTestOptions
{
    /// <summary>
    /// A deployment zip (or its unpacked folder) that contains the function: the test then runs the package in a child
    /// process (<see cref="LambdaProcess"/>) as Lambda starts it, an OS-only <c>bootstrap</c> or a managed assembly with
    /// <c>dotnet exec</c>, instead of in-process; typed invocations still use the function's generated JSON metadata.
    /// Null (the default): in-process.
    /// </summary>
    public string? Package { get; set; }

    /// <summary>
    /// Invocations served at once by the execution environment (<see cref="RuntimeApiEmulatorOptions.MaxConcurrency"/>,
    /// passed as <c>AWS_LAMBDA_MAX_CONCURRENCY</c>). Null (the default): the function's <c>MaxConcurrency</c> from
    /// <c>[LambdaFunction]</c> or <c>[LambdaFunctionDefaults]</c>, else 1 (an on-demand environment).
    /// </summary>
    public int? MaxConcurrency { get; set; }

    /// <summary>
    /// Whether the function uses tenant isolation (<see cref="RuntimeApiEmulatorOptions.TenantIsolation"/>): every
    /// invocation then names its tenant (<see cref="InvokeOptions.TenantId"/>), and the one environment serves the first.
    /// Null (the default): as the function's attributes say.
    /// </summary>
    public bool? TenantIsolation { get; set; }

    /// <summary>
    /// Whether the function uses SnapStart (<see cref="RuntimeApiEmulatorOptions.SnapStart"/>). Null (the default): as the
    /// function's attributes say.
    /// </summary>
    public bool? SnapStart { get; set; }

    /// <summary>Memory in MB instead of the attribute's.</summary>
    public int? MemorySizeMb { get; set; }

    /// <summary>Timeout instead of the attribute's.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <inheritdoc cref="InProcessLambdaOptions.Variables"/>
    public IDictionary<string, string> Variables { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <inheritdoc cref="InProcessLambdaOptions.Environment"/>
    public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>
    /// Whether a timeout (or, from a package, an exit) resets the execution environment, as Lambda does; see
    /// <see cref="InProcessLambdaOptions.ResetAfterTimeout"/> and <see cref="LambdaProcessOptions.ResetAfterTimeout"/>.
    /// </summary>
    public bool ResetAfterTimeout { get; set; } = true;
}
