using System.Text;
using System.Text.Json;

namespace LambdaKit.Build.Tests;

/// <summary>
/// What runs a framework-dependent arm64 package on this x64 machine, under qemu: no arm64 <c>dotnet</c> is served, so a
/// <c>DOTNET_ROOT</c> layout is made from the NuGet runtime pack Microsoft.NETCore.App.Runtime.linux-arm64
/// (<c>host/fxr/V/libhostfxr.so</c>, <c>shared/Microsoft.NETCore.App/V/</c>) and the app is started through the Host pack's
/// arm64 apphost bound to its dll, as the SDK binds one (where Lambda's managed runtime starts <c>dotnet exec</c>).
/// </summary>
internal static class Arm64DotnetLayout
{
    // The apphost template's placeholder for the app's dll path: the SHA-256 of "foobar", as the .NET host defines it.
    private static readonly byte[] AppPathPlaceholder = Encoding.UTF8.GetBytes("c3ab8ff13720e8ad9047dd39466b3c8974e592c2fa383d4a3960714caef0c4f2");

    /// <summary>The runtime version a self-contained package carries (its runtimeconfig's included framework).</summary>
    public static string RuntimeVersionOf(string selfContainedFolder, string appName)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(selfContainedFolder, appName + ".runtimeconfig.json")));
        return config.RootElement.GetProperty("runtimeOptions").GetProperty("includedFrameworks").EnumerateArray()
            .Single(framework => framework.GetProperty("name").GetString() == "Microsoft.NETCore.App")
            .GetProperty("version").GetString()!;
    }

    /// <summary>Writes the <c>DOTNET_ROOT</c> layout of runtime <paramref name="version"/> under <paramref name="root"/>.</summary>
    public static string Create(string root, string version)
    {
        var pack = Path.Combine(PackagesFolder(), "microsoft.netcore.app.runtime.linux-arm64", version, "runtimes", "linux-arm64");
        Assert.True(Directory.Exists(pack), $"{pack} is missing: the self-contained arm64 publish restores it");
        var fxr = Directory.CreateDirectory(Path.Combine(root, "host", "fxr", version)).FullName;
        File.Copy(Path.Combine(pack, "native", "libhostfxr.so"), Path.Combine(fxr, "libhostfxr.so"));
        var shared = Directory.CreateDirectory(Path.Combine(root, "shared", "Microsoft.NETCore.App", version)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(pack, "lib", "net10.0")).Concat(Directory.GetFiles(Path.Combine(pack, "native"))))
        {
            File.Copy(file, Path.Combine(shared, Path.GetFileName(file)));
        }

        return root;
    }

    /// <summary>Writes the Host pack's arm64 apphost, bound to <paramref name="appName"/>.dll, into <paramref name="folder"/>.</summary>
    public static string WriteAppHost(string folder, string appName, string version)
    {
        var template = File.ReadAllBytes(Path.Combine(PackagesFolder(), "microsoft.netcore.app.host.linux-arm64", version, "runtimes", "linux-arm64", "native", "apphost"));
        var at = template.AsSpan().IndexOf(AppPathPlaceholder);
        Assert.True(at >= 0, "the apphost template has no app path placeholder");
        var dll = Encoding.UTF8.GetBytes(appName + ".dll");
        template.AsSpan(at, AppPathPlaceholder.Length).Clear();
        dll.CopyTo(template.AsSpan(at));
        var path = Path.Combine(folder, appName);
        File.WriteAllBytes(path, template);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
        return path;
    }

    private static string PackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
