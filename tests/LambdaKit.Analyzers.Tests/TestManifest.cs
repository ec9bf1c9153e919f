namespace LambdaKit.Analyzers.Tests;

/// <summary>Native asset manifests for analyzer tests, written through the real writer.</summary>
internal static class TestManifest
{
    public const string ManifestPath = "/obj/LambdaKit.NativeAssets.txt";

    public static NativeAssetFile Elf(string name, string ridFolder, bool selected, NativeArchitecture architecture) =>
        new(name, ridFolder, selected, architecture, 0, NativeOperatingSystem.Linux, NativeFileFormat.Elf, $"/nuget/pkg/runtimes/{ridFolder}/native/{name}");

    public static NativeAssetFile Pe(string name, string ridFolder, bool selected, NativeArchitecture architecture) =>
        new(name, ridFolder, selected, architecture, 0, NativeOperatingSystem.Windows, NativeFileFormat.PE, $"/nuget/pkg/runtimes/{ridFolder}/native/{name}");

    public static string Text(NativeArchitecture? target, params NativeAssetFile[] files)
    {
        var manifest = new NativeAssetManifest(
            target is { } architecture ? new NativeAssetTarget(architecture, LambdaTargets.FindArchitecture(architecture)!.Rid) : null,
            files);
        using var writer = new StringWriter();
        manifest.Write(writer);
        return writer.ToString();
    }
}
