namespace LambdaKit.Testing;

/// <summary>
/// Overrides for <see cref="LambdaTest"/>. Anything left null comes from the function's <c>[LambdaFunction]</c> (or the
/// assembly's <c>[LambdaFunctionDefaults]</c>), else from Lambda's defaults (128 MB, 3 s).
/// </summary>
public sealed class LambdaTestOptions
{
    /// <summary>Memory in MB instead of the attribute's.</summary>
    public int? MemorySizeMb { get; set; }

    /// <summary>Timeout instead of the attribute's.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <inheritdoc cref="InProcessLambdaOptions.Variables"/>
    public IDictionary<string, string> Variables { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <inheritdoc cref="InProcessLambdaOptions.Environment"/>
    public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <inheritdoc cref="InProcessLambdaOptions.ResetAfterTimeout"/>
    public bool ResetAfterTimeout { get; set; } = true;
}
