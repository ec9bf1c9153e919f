using LambdaKit.Build.Tasks;
using Microsoft.Build.Utilities;

namespace LambdaKit.Build.Tests;

/// <summary>The native asset manifest task and the missing-pack task, run directly.</summary>
[Collection(NativeFixturesDefinition.Name)]
public sealed class ManifestAndPackTaskTests(NativeFixtures fixtures) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lambdakit-manifest-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("linux-arm64", "linux-arm64 linux unix any")]
    [InlineData("linux-x64", "linux-x64 linux unix any")]
    [InlineData("linux-musl-x64", "linux-musl-x64 linux-musl linux-x64 linux unix any")]
    public void RID_fallback_chain_follows_the_NET_RID_graph(string rid, string expected) =>
        Assert.Equal(expected, string.Join(' ', WriteNativeAssetManifest.RidFallback(rid)));

    [Fact]
    public void Manifest_lists_every_native_file_with_its_machine_and_selects_the_target_RID_chain()
    {
        var x64 = Place(fixtures.X64Library, "runtimes/linux-x64/native/libfix.so");
        var arm64 = Place(fixtures.Arm64Library, "runtimes/linux-arm64/native/libfix.so");
        var generic = Place(fixtures.X64Library, "generic/runtimes/linux/native/libgeneric.so");
        var shadowed = Place(fixtures.X64Library, "runtimes/linux/native/libshadowed.so");
        var windows = Place(
            Directory.GetFiles(Path.Combine(Tools.PackageRoot, "sqlitepclraw.lib.e_sqlite3", "2.0.6", "runtimes", "win-x64", "native"), "*.dll").First(),
            "runtimes/win-x64/native/fix.dll");
        var output = Path.Combine(_directory, "obj", NativeAssetManifest.FileName);
        var task = new WriteNativeAssetManifest
        {
            BuildEngine = new RecordingBuildEngine(),
            RuntimeTargetsNativeItems =
            [
                new TaskItem(x64, new Dictionary<string, string> { ["RuntimeIdentifier"] = "linux-x64", ["NuGetPackageId"] = "Fix" }),
                new TaskItem(arm64, new Dictionary<string, string> { ["RuntimeIdentifier"] = "linux-arm64", ["NuGetPackageId"] = "Fix" }),
                new TaskItem(shadowed, new Dictionary<string, string> { ["NuGetPackageId"] = "Fix" }),
                new TaskItem(generic, new Dictionary<string, string> { ["NuGetPackageId"] = "Generic" }),
                new TaskItem(windows, new Dictionary<string, string> { ["RuntimeIdentifier"] = "win-x64", ["NuGetPackageId"] = "Fix" }),
            ],
            Architecture = "arm64",
            OutputFile = output,
        };

        Assert.True(task.Execute());

        var text = File.ReadAllText(output);
        Assert.StartsWith("lambdakit-native-assets 1\ntarget\tarchitecture=arm64\trid=linux-arm64\n", text, StringComparison.Ordinal);
        Assert.Contains($"file\tname=libfix.so\trid=linux-arm64\tselected=true\tarchitecture=arm64\tos=linux\tformat=elf\tpath={arm64}\n", text, StringComparison.Ordinal);
        Assert.Contains($"file\tname=libfix.so\trid=linux-x64\tselected=false\tarchitecture=x86_64\tos=linux\tformat=elf\tpath={x64}\n", text, StringComparison.Ordinal);
        Assert.Contains($"file\tname=libgeneric.so\trid=linux\tselected=true\tarchitecture=x86_64\tos=linux\tformat=elf\tpath={generic}\n", text, StringComparison.Ordinal);
        // NuGet takes a package's native files from one RID folder: Fix has linux-arm64, so its linux folder is not shipped.
        Assert.Contains($"file\tname=libshadowed.so\trid=linux\tselected=false\tarchitecture=x86_64\tos=linux\tformat=elf\tpath={shadowed}\n", text, StringComparison.Ordinal);
        Assert.Contains($"file\tname=fix.dll\trid=win-x64\tselected=false\tarchitecture=x86_64\tos=windows\tformat=pe\tpath={windows}\n", text, StringComparison.Ordinal);

        // Unchanged content is not rewritten: the compiler's inputs keep their timestamp.
        var written = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(output, written);
        Assert.True(task.Execute());
        Assert.Equal(written, File.GetLastWriteTimeUtc(output));
    }

    [Fact]
    public void Missing_packs_are_listed_and_reported_as_LK5009_with_the_alternative()
    {
        var root = Directory.CreateDirectory(Path.Combine(_directory, "packages")).FullName;
        var present = Directory.CreateDirectory(Path.Combine(root, "microsoft.netcore.app.ref", "8.0.31")).FullName;
        File.WriteAllText(Path.Combine(present, ".nupkg.metadata"), "{}");
        Directory.CreateDirectory(Path.Combine(root, "runtime.linux-arm64.microsoft.dotnet.ilcompiler", "8.0.31"));
        // Restore uses a pack from a fallback folder without copying it to the global one.
        var fallback = Directory.CreateDirectory(Path.Combine(_directory, "fallback")).FullName;
        var inFallback = Directory.CreateDirectory(Path.Combine(fallback, "microsoft.aspnetcore.app.ref", "8.0.31")).FullName;
        File.WriteAllText(Path.Combine(inFallback, ".nupkg.metadata"), "{}");
        var engine = new RecordingBuildEngine();
        var task = new FindMissingPacks
        {
            BuildEngine = engine,
            Packages =
            [
                new TaskItem("Microsoft.NETCore.App.Ref", new Dictionary<string, string> { ["Version"] = "8.0.31" }),
                new TaskItem("runtime.linux-arm64.Microsoft.DotNet.ILCompiler", new Dictionary<string, string> { ["Version"] = "[8.0.31]" }),
                new TaskItem("Microsoft.AspNetCore.App.Ref", new Dictionary<string, string> { ["Version"] = "8.0.31" }),
            ],
            PackageRoot = root,
            PackageFolders = [root, fallback],
        };

        Assert.True(task.Execute());
        var missing = Assert.Single(task.Missing);
        Assert.Equal("runtime.linux-arm64.Microsoft.DotNet.ILCompiler", missing.ItemSpec);
        Assert.Equal("8.0.31", missing.GetMetadata("Version"));
        Assert.Empty(engine.Errors);

        task.ReportErrors = true;
        task.Purpose = "Packaging F as a Native AOT function for linux-arm64";
        task.Alternative = "arm64 is supported here only framework-dependent.";
        task.ProjectFile = "F.csproj";
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("LK5009", error.Code);
        Assert.Equal("F.csproj", error.File);
        Assert.Equal(
            "Packaging F as a Native AOT function for linux-arm64 needs runtime.linux-arm64.Microsoft.DotNet.ILCompiler 8.0.31, which the NuGet feeds available to this build do not have. arm64 is supported here only framework-dependent.",
            error.Message);
    }

    private string Place(string source, string relative)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(source, path);
        return path;
    }
}
