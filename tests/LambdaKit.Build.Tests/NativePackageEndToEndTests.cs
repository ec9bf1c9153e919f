using Xunit.Abstractions;

namespace LambdaKit.Build.Tests;

/// <summary>
/// Restore → analyzer diagnostic at the <c>DllImport</c> → packaging error, through real NuGet packages with native
/// assets (<see cref="NativePackageEndToEnd"/>). Expected lines and columns come from the consumer's source text,
/// machines from readelf, and what linux-arm64 ships from the SDK's own publish folder.
/// </summary>
[Collection(NativePackageEndToEndDefinition.Name)]
public sealed class NativePackageEndToEndTests(NativePackageEndToEnd fixture, ITestOutputHelper output)
{
    [Fact]
    public void The_fixture_packages_are_packed_into_the_local_feed()
    {
        output.WriteLine($"pack: {fixture.PackX64Only.Elapsed.TotalSeconds:0.0} s + {fixture.PackPortable.Elapsed.TotalSeconds:0.0} s + {fixture.PackArm64Aware.Elapsed.TotalSeconds:0.0} s; arm64 publish: {fixture.Arm64.Elapsed.TotalSeconds:0.0} s; x86_64 publish: {fixture.X64.Elapsed.TotalSeconds:0.0} s");
        Assert.True(fixture.PackX64Only.ExitCode == 0, fixture.PackX64Only.Output);
        Assert.True(fixture.PackPortable.ExitCode == 0, fixture.PackPortable.Output);
        Assert.True(fixture.PackArm64Aware.ExitCode == 0, fixture.PackArm64Aware.Output);

        var entries = Tools.Run("unzip", "-Z1", Path.Combine(fixture.Directory, "feed", "LambdaKit.Fixtures.Arm64Aware.1.0.0.nupkg"));
        Assert.Contains("runtimes/linux/native/libshadowed.so", entries, StringComparison.Ordinal);
        Assert.Contains("runtimes/linux-arm64/native/libboth.so", entries, StringComparison.Ordinal);
        Assert.DoesNotContain("lib/", entries, StringComparison.Ordinal);

        // Restored into the private folder, never into the machine's.
        Assert.True(System.IO.Directory.Exists(Path.Combine(fixture.Directory, "packages", "lambdakit.fixtures.portable", "1.0.0")), fixture.Arm64.Output);
        Assert.False(System.IO.Directory.Exists(Path.Combine(Tools.PackageRoot, "lambdakit.fixtures.portable")));
    }

    [Fact]
    public void Arm64_build_reports_LK4001_at_the_DllImport_of_an_x64_only_library()
    {
        var (line, column) = Locate("\"demo\"");
        var warning = Assert.Single(Diagnostics(fixture.Arm64.Output, "warning LK4001"), d => d.Contains("'demo'", StringComparison.Ordinal));

        Assert.StartsWith($"{fixture.Arm64ProgramPath}({line},{column}): warning LK4001: ", warning, StringComparison.Ordinal);
        Assert.Contains("Native library 'demo' has no file for the target linux-arm64 (arm64)", warning, StringComparison.Ordinal);
        Assert.Contains("libdemo.so (x86_64, linux-x64)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Arm64_build_reports_LK4001_for_a_runtimes_linux_file_that_NuGet_does_not_ship_beside_a_linux_arm64_folder()
    {
        // The SDK's own answer: the arm64 publish has the package's linux-arm64 file and not its runtimes/linux one.
        var published = System.IO.Directory.GetFiles(fixture.Arm64PublishDirectory).Select(Path.GetFileName).ToList();
        Assert.True(published.Contains("libboth.so"), string.Join(", ", published) + "\n" + fixture.Arm64.Output);
        Assert.DoesNotContain("libshadowed.so", published);
        Assert.DoesNotContain("libdemo.so", published);
        Assert.Equal(NativeArchitecture.Arm64, Tools.ReadElfMachine(Path.Combine(fixture.Arm64PublishDirectory, "libboth.so")));

        var (line, column) = Locate("\"shadowed\"");
        var warning = Assert.Single(Diagnostics(fixture.Arm64.Output, "warning LK400"), d => d.Contains($"Program.cs({line},", StringComparison.Ordinal));
        Assert.StartsWith($"{fixture.Arm64ProgramPath}({line},{column}): warning LK4001: Native library 'shadowed' has no file for the target linux-arm64 (arm64)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Arm64_build_reports_LK4002_at_the_DllImport_of_an_x86_64_file_in_runtimes_linux()
    {
        // The SDK ships it for linux-arm64: the bug class LK4002 exists for.
        var portable = Path.Combine(fixture.Arm64PublishDirectory, "libportable.so");
        Assert.True(File.Exists(portable), fixture.Arm64.Output);
        Assert.Equal(NativeArchitecture.X86_64, Tools.ReadElfMachine(portable));

        var (line, column) = Locate("\"portable\"");
        var warning = Assert.Single(Diagnostics(fixture.Arm64.Output, "warning LK4002"));
        Assert.StartsWith($"{fixture.Arm64ProgramPath}({line},{column}): warning LK4002: Native library 'portable' resolves to '", warning, StringComparison.Ordinal);
        Assert.Contains("lambdakit.fixtures.portable/1.0.0/runtimes/linux/native/libportable.so' for the target linux-arm64 (arm64), but that file is x86_64 ELF", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Arm64_build_says_nothing_about_a_library_the_package_ships_for_arm64()
    {
        var (line, _) = Locate("\"both\"");
        Assert.DoesNotContain(Diagnostics(fixture.Arm64.Output, "LK4"), d => d.Contains($"Program.cs({line},", StringComparison.Ordinal));
        Assert.Equal(3, Diagnostics(fixture.Arm64.Output, "warning LK400").Select(d => d[..d.IndexOf(':', StringComparison.Ordinal)]).Distinct().Count());
    }

    [Fact]
    public void Arm64_packaging_fails_with_LK5005_naming_the_x86_64_file_and_leaves_no_zip()
    {
        Assert.NotEqual(0, fixture.Arm64.ExitCode);
        var error = Assert.Single(Diagnostics(fixture.Arm64.Output, "error LK5005"));
        Assert.Contains("libportable.so' is built for x86_64, but the function runs on arm64", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Diagnostics(fixture.Arm64.Output, "error"), d => !d.Contains("error LK5005", StringComparison.Ordinal));

        // The stale zip the fixture left at the output path is gone too.
        Assert.False(fixture.Arm64.ZipExists, fixture.Arm64.Output);
    }

    [Fact]
    public void X86_64_build_has_no_LK4xxx_and_packages_the_x86_64_libraries_as_0644()
    {
        fixture.X64.AssertPackaged();
        Assert.DoesNotContain("LK4", fixture.X64.Output, StringComparison.Ordinal);
        // LK5010 only: the consumer is net8.0, on Lambda's deprecated dotnet8 runtime.
        Assert.DoesNotMatch(@"LK50(0\d|1[1-9])", fixture.X64.Output);

        var listing = Tools.Run("zipinfo", fixture.X64.ZipPath);
        foreach (var library in new[] { "libdemo.so", "libshadowed.so", "libportable.so", "libboth.so" })
        {
            Assert.Matches($@"(?m)^-rw-r--r-- .* unx .* {library.Replace(".", @"\.", StringComparison.Ordinal)}$", listing);
        }

        var folder = Path.Combine(fixture.Directory, "unzipped-x64");
        Tools.Run("unzip", "-q", "-o", fixture.X64.ZipPath, "-d", folder);
        foreach (var library in new[] { "libdemo.so", "libshadowed.so", "libportable.so", "libboth.so" })
        {
            var path = Path.Combine(folder, library);
            Assert.Equal(NativeArchitecture.X86_64, Tools.ReadElfMachine(path));
            Assert.Equal(File.ReadAllBytes(fixture.X64Library), File.ReadAllBytes(path));
        }
    }

    [Fact]
    public void Self_contained_arm64_apphost_runs_under_qemu_with_both_native_libraries()
    {
        fixture.SelfContainedArm64.AssertPackaged();
        var folder = Path.Combine(fixture.Directory, "unzipped-arm64-self-contained-run");
        Tools.Run("unzip", "-q", "-o", fixture.SelfContainedArm64.ZipPath, "-d", folder);

        // The apphost as Lambda starts it, with the arm64 loader and C library of Debian's libc6-arm64-cross.
        var printed = Tools.Run("qemu-aarch64-static", "-L", "/usr/aarch64-linux-gnu", Path.Combine(folder, "bootstrap"));

        // libboth's answer, then SQLite's version number (3.x.y as 3xxxyyy).
        Assert.Matches(@"^42 3\d{6}\s*$", printed);
    }

    [Fact]
    public void Self_contained_arm64_publish_has_no_LK4xxx_for_packages_that_ship_linux_arm64_files()
    {
        // The outer build for the inferred linux-x64 resolved libe_sqlite3 and libboth from linux-x64 and runtimes/linux:
        // it writes no manifest. The inner build's manifest lists the linux-arm64 files the zip ships.
        fixture.SelfContainedArm64.AssertPackaged();
        Assert.DoesNotContain("LK4", fixture.SelfContainedArm64.Output, StringComparison.Ordinal);

        var project = Path.GetDirectoryName(fixture.SelfContainedArm64ProgramPath)!;
        var manifests = System.IO.Directory.GetFiles(Path.Combine(project, "obj"), NativeAssetManifest.FileName, SearchOption.AllDirectories);
        var manifest = NativeAssetManifest.Parse(File.ReadAllText(Assert.Single(manifests)));
        Assert.Equal("linux-arm64", manifest.Target?.Rid);
        var selected = manifest.Files.Where(f => f.Selected).Select(f => $"{f.Name} {f.RidFolder} {f.ArchitectureName}").Order(StringComparer.Ordinal);
        Assert.Equal(["libboth.so linux-arm64 arm64", "libe_sqlite3.so linux-arm64 arm64"], selected);
    }

    [Fact]
    public void Self_contained_ReadyToRun_arm64_zip_holds_arm64_ReadyToRun_assemblies_and_no_Windows_files()
    {
        fixture.SelfContainedArm64.AssertPackaged();
        // The runtime pack's framework files are crossgen2 images (ILONLY cleared), not C++/CLI.
        Assert.DoesNotContain("LK5006", fixture.SelfContainedArm64.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("LK5005", fixture.SelfContainedArm64.Output, StringComparison.Ordinal);

        var folder = Path.Combine(fixture.Directory, "unzipped-arm64-self-contained-r2r");
        Tools.Run("unzip", "-q", "-o", fixture.SelfContainedArm64.ZipPath, "-d", folder);
        foreach (var assembly in new[] { "Consumer.dll", "System.Private.CoreLib.dll" })
        {
            var info = NativeFileReader.Read(Path.Combine(folder, assembly));
            Assert.True(info.Managed?.IsReadyToRun, assembly);
            Assert.Equal(ManagedPlatform.PlatformSpecific, info.Managed?.Platform);
            Assert.Equal(NativeOperatingSystem.Linux, info.OS);
            Assert.Equal(NativeArchitecture.Arm64, Assert.Single(info.Slices).Architecture);
        }
    }

    [Fact]
    public void Framework_dependent_ReadyToRun_arm64_zip_holds_an_arm64_ReadyToRun_assembly_for_dotnet10()
    {
        fixture.ReadyToRunArm64.AssertPackaged();
        Assert.DoesNotMatch(@"LK[45]\d{3}", fixture.ReadyToRunArm64.Output);
        Assert.Contains("  runtime       dotnet10", fixture.ReadyToRunArm64.Output, StringComparison.Ordinal);

        var entries = Tools.Run("unzip", "-Z1", fixture.ReadyToRunArm64.ZipPath).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.Equal(["Consumer.deps.json", "Consumer.dll", "Consumer.pdb", "Consumer.runtimeconfig.json"], entries);

        var folder = Path.Combine(fixture.Directory, "unzipped-arm64-ready-to-run");
        Tools.Run("unzip", "-q", "-o", fixture.ReadyToRunArm64.ZipPath, "-d", folder);
        var info = NativeFileReader.Read(Path.Combine(folder, "Consumer.dll"));
        Assert.True(info.Managed?.IsReadyToRun);
        Assert.Equal(NativeOperatingSystem.Linux, info.OS);
        Assert.Equal(NativeArchitecture.Arm64, Assert.Single(info.Slices).Architecture);
    }

    [Fact]
    public async Task An_edit_build_keeps_the_native_asset_manifest_and_still_reports_LK4001()
    {
        var project = Path.Combine(fixture.Directory, "consumer-arm64", "Consumer.csproj");
        var manifest = Path.Combine(fixture.Directory, "consumer-arm64", "obj", NativePackageEndToEnd.Configuration, "net8.0", "LambdaKit.NativeAssets.txt");
        var first = await PackagedSamples.RunDotnetAsync(null, "build", project, "-c", NativePackageEndToEnd.Configuration);
        Assert.True(first.ExitCode == 0, first.Output);
        var written = File.GetLastWriteTimeUtc(manifest);

        // An edit in the source: the compiler runs again, the package graph is what it was.
        File.SetLastWriteTimeUtc(fixture.Arm64ProgramPath, DateTime.UtcNow);
        var edit = await PackagedSamples.RunDotnetAsync(null, "build", project, "-c", NativePackageEndToEnd.Configuration, "-v:d");

        Assert.True(edit.ExitCode == 0, edit.Output);
        Assert.Contains("Skipping target \"_LambdaWriteNativeAssetManifestFile\" because all output files are up-to-date", edit.Output, StringComparison.Ordinal);
        Assert.Equal(written, File.GetLastWriteTimeUtc(manifest));
        Assert.Contains(Diagnostics(edit.Output, "warning LK4001"), d => d.Contains("'demo'", StringComparison.Ordinal));
    }

    /// <summary>The 1-based line and column of <paramref name="text"/> in the consumer's source.</summary>
    private static (int Line, int Column) Locate(string text)
    {
        var lines = NativePackageEndToEnd.ConsumerSource.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, text);
        return (index + 1, lines[index].IndexOf(text, StringComparison.Ordinal) + 1);
    }

    /// <summary>The distinct output lines holding <paramref name="marker"/> (the inner publish compiles and reports again).</summary>
    private static List<string> Diagnostics(string buildOutput, string marker) =>
        buildOutput.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Contains(marker, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
