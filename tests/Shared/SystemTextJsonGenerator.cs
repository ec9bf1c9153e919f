using System.Reflection;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Tests.Shared;

/// <summary>
/// System.Text.Json's source generator from the newest .NET 8 targeting pack in the global packages folder, as a
/// net8.0 project's compiler runs it. Linked into the projects that run it beside LambdaKit's generator.
/// </summary>
internal static class SystemTextJsonGenerator
{
    private static readonly Lazy<Type> GeneratorType = new(() =>
    {
        var pack = Directory.GetDirectories(Path.Combine(NuGetPackageFolder.Path, "microsoft.netcore.app.ref"), "8.0.*")
            .OrderBy(d => Version.Parse(Path.GetFileName(d)))
            .Last();
        var assembly = Assembly.LoadFrom(Path.Combine(pack, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll"));
        return assembly.GetTypes().Single(t => !t.IsAbstract && typeof(IIncrementalGenerator).IsAssignableFrom(t));
    });

    public static IIncrementalGenerator Create() => (IIncrementalGenerator)Activator.CreateInstance(GeneratorType.Value)!;
}
