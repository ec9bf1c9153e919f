using System.Reflection;
using LambdaKit.Tests.Shared;

namespace LambdaKit.Analyzers.Tests.RoslynTestKit;

/// <summary>The repository root, found from the test assembly's location, and build facts baked into the test assembly by its project file.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = RepositoryRoot.Find();

    public static string Configuration { get; } = Metadata("Configuration");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Metadata(string key) =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"No {key} metadata.");
}
