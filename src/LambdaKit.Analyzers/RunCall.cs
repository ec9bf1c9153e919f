using Microsoft.CodeAnalysis;

namespace LambdaKit.Analyzers;

/// <summary>
/// The line that starts the generated registration (<c>LambdaFunctions.RunAsync()</c>, a <c>Task&lt;int&gt;</c> exit
/// code) written so that it compiles in a given entry point: <c>return await</c> only where an awaited int may be
/// returned (CS1997 in <c>async Task Main</c>, CS4032 outside async code).
/// </summary>
internal static class RunCall
{
    private const string Run = "global::LambdaKit.Generated.LambdaFunctions.RunAsync()";

    /// <summary>Top-level statements may return the awaited exit code.</summary>
    public const string TopLevel = "return await " + Run + ";";

    public static string For(IMethodSymbol? main)
    {
        if (main is null)
        {
            return TopLevel;
        }

        var returnsValue = main.ReturnType is INamedTypeSymbol { IsGenericType: true } || main.ReturnType.SpecialType == SpecialType.System_Int32;
        var returnsTask = main.ReturnType.Name == "Task";
        return (main.IsAsync, returnsTask, returnsValue) switch
        {
            (true, _, true) => "return await " + Run + ";",
            (true, _, false) => "System.Environment.ExitCode = await " + Run + ";",
            (false, true, _) => "return " + Run + ";",
            (false, false, true) => "return " + Run + ".GetAwaiter().GetResult();",
            _ => "System.Environment.ExitCode = " + Run + ".GetAwaiter().GetResult();",
        };
    }
}
