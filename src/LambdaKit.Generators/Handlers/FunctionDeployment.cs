using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Handlers;

/// <summary>
/// The deployment settings a test host emulates (memory, timeout, concurrency, SnapStart, tenant isolation) as
/// <c>[LambdaFunction]</c> or the assembly's <c>[LambdaFunctionDefaults]</c> set them; 0 or false where unset.
/// </summary>
internal sealed record FunctionDeployment
{
    public FunctionDeployment(int memorySizeMb, int timeoutSeconds, int maxConcurrency = 0, bool snapStart = false, bool tenantIsolation = false)
    {
        MemorySizeMb = memorySizeMb;
        TimeoutSeconds = timeoutSeconds;
        MaxConcurrency = maxConcurrency;
        SnapStart = snapStart;
        TenantIsolation = tenantIsolation;
    }

    public static FunctionDeployment Unset { get; } = new(0, 0);

    public int MemorySizeMb { get; }

    public int TimeoutSeconds { get; }

    public int MaxConcurrency { get; }

    public bool SnapStart { get; }

    public bool TenantIsolation { get; }

    /// <summary>The settings of a <c>[LambdaFunction]</c> or <c>[LambdaFunctionDefaults]</c> attribute.</summary>
    public static FunctionDeployment Read(AttributeData attribute)
    {
        int memory = 0, timeout = 0, concurrency = 0;
        bool snapStart = false, tenantIsolation = false;
        foreach (var argument in attribute.NamedArguments)
        {
            switch (argument.Key, argument.Value.Value)
            {
                case ("MemorySize", int value): memory = value; break;
                case ("Timeout", int value): timeout = value; break;
                case ("MaxConcurrency", int value): concurrency = value; break;
                case ("SnapStart", bool value): snapStart = value; break;
                case ("TenantIsolation", bool value): tenantIsolation = value; break;
            }
        }

        var settings = new FunctionDeployment(memory, timeout, concurrency, snapStart, tenantIsolation);
        return settings == Unset ? Unset : settings;
    }

    /// <summary>The assembly's <c>[LambdaFunctionDefaults]</c>.</summary>
    public static FunctionDeployment ReadDefaults(Compilation compilation)
    {
        foreach (var attribute in compilation.Assembly.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == HandlerSymbols.LambdaFunctionDefaultsAttributeName)
            {
                return Read(attribute);
            }
        }

        return Unset;
    }

    /// <summary>
    /// These settings, with what they leave unset taken from <paramref name="defaults"/>; SnapStart and tenant isolation
    /// are on when either attribute turns them on (the attributes' documented meaning).
    /// </summary>
    public FunctionDeployment Over(FunctionDeployment defaults) => new(
        MemorySizeMb != 0 ? MemorySizeMb : defaults.MemorySizeMb,
        TimeoutSeconds != 0 ? TimeoutSeconds : defaults.TimeoutSeconds,
        MaxConcurrency != 0 ? MaxConcurrency : defaults.MaxConcurrency,
        SnapStart || defaults.SnapStart,
        TenantIsolation || defaults.TenantIsolation);
}
