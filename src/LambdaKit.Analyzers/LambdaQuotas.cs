using Microsoft.CodeAnalysis;

namespace LambdaKit.Analyzers;

/// <summary>
/// Lambda's limits for the deployment settings of <c>[LambdaFunction]</c> and <c>[assembly: LambdaFunctionDefaults]</c>,
/// in one table so they are updated in one place when Lambda changes them (docs/rules/LK3001.md-LK3003.md cite the sources).
/// </summary>
internal static class LambdaQuotas
{
    public static readonly LambdaQuota[] Settings =
    [
        new("MemorySize", 128, 10_240, DiagnosticDescriptors.MemorySizeOutOfRange),
        new("Timeout", 1, 900, DiagnosticDescriptors.TimeoutOutOfRange),
        new("EphemeralStorage", 512, 10_240, DiagnosticDescriptors.EphemeralStorageOutOfRange),
    ];
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
