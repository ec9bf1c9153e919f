using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LambdaKit.Generators.Handlers;

/// <summary>
/// Syntax-only detection of a user entry point and the <c>LambdaGenerateMain</c> setting, shared by the generator
/// (which must not emit a second <c>Main</c>) and the analyzer (LK1011).
/// </summary>
/// <remarks>
/// Syntax rather than <c>Compilation.GetEntryPoint</c>: the check runs on every edit, and the generator cannot ask the
/// compilation without making its output depend on the whole compilation.
/// </remarks>
internal static class EntryPoints
{
    /// <summary>The namespace of the generated registration, whose <c>RunAsync</c> an own entry point calls.</summary>
    public const string RegistrationNamespace = "LambdaKit.Generated";

    /// <summary>The generated registration class (<c>LambdaKit.Generated.LambdaFunctions</c>).</summary>
    public const string RegistrationClass = "LambdaFunctions";

    /// <summary>The bootstrap loop an own entry point may start directly instead.</summary>
    public const string BootstrapTypeName = "LambdaKit.Runtime.LambdaBootstrap";

    /// <summary>The MSBuild property, visible to the compiler as <c>build_property.LambdaGenerateMain</c>.</summary>
    public const string GenerateMainOption = "build_property.LambdaGenerateMain";

    /// <summary>Top-level statements, or a <c>static Main</c> with at most one parameter in a type.</summary>
    public static bool IsUserEntryPoint(SyntaxNode node) => node switch
    {
        GlobalStatementSyntax => true,
        MethodDeclarationSyntax method => method.Identifier.ValueText == "Main"
            && method.Modifiers.Any(SyntaxKind.StaticKeyword)
            && method.ParameterList.Parameters.Count <= 1
            && method.Parent is TypeDeclarationSyntax,
        _ => false,
    };

    /// <summary>Whether the compilation builds a program (and so has, or gets, a <c>Main</c>).</summary>
    public static bool IsExecutable(Compilation compilation) =>
        compilation.Options.OutputKind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication;

    /// <summary>
    /// Whether an executable compilation declares its own entry point. Looks only at declarations (compilation units,
    /// namespaces, types), never inside members, so it costs little enough to run on every edit; a syntax provider would
    /// walk every node of every file instead.
    /// </summary>
    public static bool HasUserEntryPoint(Compilation compilation, CancellationToken cancellationToken)
    {
        if (!IsExecutable(compilation))
        {
            return false;
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (DeclaresEntryPoint(tree.GetRoot(cancellationToken)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DeclaresEntryPoint(SyntaxNode container)
    {
        foreach (var child in container.ChildNodes())
        {
            switch (child)
            {
                case GlobalStatementSyntax:
                case MethodDeclarationSyntax method when IsUserEntryPoint(method):
                case BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax when DeclaresEntryPoint(child):
                    return true;
            }
        }

        return false;
    }

    public static MainMode ParseMode(string? value)
    {
        if (value is null)
        {
            return MainMode.Auto;
        }

        var trimmed = value.Trim();
        if (string.Equals(trimmed, "true", System.StringComparison.OrdinalIgnoreCase))
        {
            return MainMode.Always;
        }

        return string.Equals(trimmed, "false", System.StringComparison.OrdinalIgnoreCase) ? MainMode.Never : MainMode.Auto;
    }
}

/// <summary>How <c>Main</c> is generated, from the MSBuild property <c>LambdaGenerateMain</c>.</summary>
internal enum MainMode
{
    /// <summary>Unset: generate <c>Main</c> in an executable without a user entry point.</summary>
    Auto,

    /// <summary><c>true</c>: the project asks for the generated <c>Main</c>; a user entry point is an error (LK1011).</summary>
    Always,

    /// <summary><c>false</c>: never generate <c>Main</c>; the user calls <c>LambdaFunctions.RunAsync()</c>.</summary>
    Never,
}
