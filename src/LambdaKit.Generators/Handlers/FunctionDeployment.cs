using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Handlers;

/// <summary>
/// The deployment settings a test host emulates (memory and timeout) as <c>[LambdaFunction]</c> or the assembly's
/// <c>[LambdaFunctionDefaults]</c> set them; 0 where the attribute leaves one unset.
/// </summary>
internal sealed record FunctionDeployment
{
    public FunctionDeployment(int memorySizeMb, int timeoutSeconds)
    {
        MemorySizeMb = memorySizeMb;
        TimeoutSeconds = timeoutSeconds;
    }

    public static FunctionDeployment Unset { get; } = new(0, 0);

    public int MemorySizeMb { get; }

    public int TimeoutSeconds { get; }

    /// <summary>The settings of a <c>[LambdaFunction]</c> or <c>[LambdaFunctionDefaults]</c> attribute.</summary>
    public static FunctionDeployment Read(AttributeData attribute)
    {
        int memory = 0, timeout = 0;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Value.Value is int value)
            {
                switch (argument.Key)
                {
                    case "MemorySize": memory = value; break;
                    case "Timeout": timeout = value; break;
                }
            }
        }

        return memory == 0 && timeout == 0 ? Unset : new FunctionDeployment(memory, timeout);
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

    /// <summary>These settings, with what they leave unset taken from <paramref name="defaults"/>.</summary>
    public FunctionDeployment Over(FunctionDeployment defaults) => new(
        MemorySizeMb != 0 ? MemorySizeMb : defaults.MemorySizeMb,
        TimeoutSeconds != 0 ? TimeoutSeconds : defaults.TimeoutSeconds);
}
