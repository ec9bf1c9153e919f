using System.Reflection;

namespace LambdaKit.Analyzers.Tests.RoslynTestKit;

/// <summary>Build facts baked into the test assembly by its project file.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = Metadata("RepoRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Metadata(string key) =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"No {key} metadata.");
}
