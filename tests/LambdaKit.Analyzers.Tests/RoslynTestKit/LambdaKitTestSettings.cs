using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace LambdaKit.Analyzers.Tests.RoslynTestKit;

/// <summary>
/// What every analyzer and code-fix test shares: the .NET 8 reference assemblies resolved through NuGet (so a machine
/// with an empty cache downloads them), C# latest with nullable on, and the settings of a <see cref="CompilationBuilder"/>
/// as sources, references, additional files and a <c>.globalconfig</c>.
/// </summary>
public static class LambdaKitTestSettings
{
    /// <summary>Applies <paramref name="project"/> to <paramref name="state"/> after the markup file (the first source).</summary>
    public static void Apply(SolutionState state, CompilationBuilder project)
    {
        foreach (var (path, text) in project.Sources)
        {
            state.Sources.Add((path, text));
        }

        foreach (var (path, text) in project.AdditionalFileTexts)
        {
            state.AdditionalFiles.Add((path, text));
        }

        state.AdditionalReferences.AddRange(project.ExtraReferences);
        state.OutputKind = project.OutputKind;
        if (project.GlobalOptions.Count > 0)
        {
            var config = new StringBuilder("is_global = true\n");
            foreach (var (key, value) in project.GlobalOptions)
            {
                config.Append(key).Append(" = ").Append(value).Append('\n');
            }

            state.AnalyzerConfigFiles.Add(("/.globalconfig", config.ToString()));
        }
    }

    public static CompilationOptions WithProjectOptions(CompilationOptions options, bool allowUnsafe) =>
        ((CSharpCompilationOptions)options).WithAllowUnsafe(allowUnsafe).WithNullableContextOptions(NullableContextOptions.Enable);

    public static ParseOptions WithProjectOptions(ParseOptions options) =>
        ((CSharpParseOptions)options).WithLanguageVersion(LanguageVersion.Latest);
}
