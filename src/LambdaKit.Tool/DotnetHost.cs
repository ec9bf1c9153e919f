using System.Text.Json;

namespace LambdaKit.Tool;

/// <summary>The local <c>dotnet</c> host and its installed runtimes, for managed packages.</summary>
internal static class DotnetHost
{
    /// <summary>The <c>dotnet</c> running this tool, else DOTNET_ROOT's, else the first on PATH.</summary>
    public static string? Find()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
        {
            candidates.Add(Path.Combine(root, "dotnet"));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "dotnet")));
        return candidates.FirstOrDefault(File.Exists) is { } found ? Path.GetFullPath(ResolveLinks(found)) : null;
    }

    /// <summary>The major .NET version a runtimeconfig targets (<c>tfm</c> or the framework version); null if none.</summary>
    public static int? TargetMajorVersion(string runtimeConfigPath)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(runtimeConfigPath));
            if (!document.RootElement.TryGetProperty("runtimeOptions", out var runtimeOptions))
            {
                return null;
            }

            if (runtimeOptions.TryGetProperty("framework", out var framework) && MajorOf(framework) is { } major)
            {
                return major;
            }

            if (runtimeOptions.TryGetProperty("frameworks", out var frameworks) && frameworks.ValueKind == JsonValueKind.Array)
            {
                return frameworks.EnumerateArray().Select(MajorOf).FirstOrDefault(found => found is not null);
            }

            return null;
        }
        catch (JsonException ex)
        {
            throw new UsageException($"'{Path.GetFileName(runtimeConfigPath)}' is not valid JSON ({ex.Message})");
        }
    }

    /// <summary>Whether <c>shared/Microsoft.NETCore.App/{major}.*</c> exists beside <paramref name="dotnet"/>.</summary>
    public static bool HasRuntime(string dotnet, int major)
    {
        var shared = Path.Combine(Path.GetDirectoryName(dotnet)!, "shared", "Microsoft.NETCore.App");
        return Directory.Exists(shared) && Directory.GetDirectories(shared, $"{major}.*").Length > 0;
    }

    private static int? MajorOf(JsonElement framework) =>
        framework.ValueKind == JsonValueKind.Object
        && framework.TryGetProperty("version", out var version)
        && version.GetString() is { } text
        && Version.TryParse(text.Split('-')[0], out var parsed)
            ? parsed.Major
            : null;

    private static string ResolveLinks(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
}
