using System.IO.Compression;
using System.Text.Json;

namespace LambdaKit.Tool.Tests;

public sealed class PackageTests : Workspace
{
    [Fact]
    public async Task A_zip_is_unpacked_into_a_private_folder_run_and_removed()
    {
        var zip = ShellFunction.Zip(Files, extra: archive => ShellFunction.AddFile(archive, "data/settings.txt", "x"));

        var run = await RunAsync("invoke", zip, "--event", "{\"zip\":1}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("{\"echo\":{\"zip\":1}}\n", run.StandardOutput);
        Assert.Contains("lambdakit: OS-only package (script bootstrap) function; timeout 3 s, memory 128 MB", run.ErrorLines);
        Assert.Empty(LeftInTemp);
    }

    [Theory]
    [InlineData("../evil", "lambdakit: hostile.zip: entry '../evil' points outside the package ('..'); refusing to unpack it")]
    [InlineData("lib/../../evil", "lambdakit: hostile.zip: entry 'lib/../../evil' points outside the package ('..'); refusing to unpack it")]
    [InlineData("/tmp/evil", "lambdakit: hostile.zip: entry '/tmp/evil' has an absolute path; refusing to unpack it")]
    public async Task Entries_with_dot_dot_or_absolute_paths_are_refused_with_exit_2_and_nothing_left(string entry, string expected)
    {
        var zip = ShellFunction.Zip(Files, "hostile.zip", archive => ShellFunction.AddFile(archive, entry, "pwned"));

        var run = await RunAsync("invoke", zip);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([expected], run.ErrorLines);
        Assert.Empty(LeftInTemp);
        Assert.False(File.Exists(Path.Combine(Temp, "evil")));
        Assert.False(File.Exists(Path.Combine(Files, "evil")));
    }

    [Theory]
    [InlineData("../../outside")]
    [InlineData("/etc")]
    [InlineData("lib/../../..")]
    public async Task A_symbolic_link_pointing_outside_is_refused(string target)
    {
        var zip = ShellFunction.Zip(Files, "hostile.zip", archive => ShellFunction.AddLink(archive, "lib/link", target));

        var run = await RunAsync("invoke", zip);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"lambdakit: hostile.zip: entry 'lib/link' is a link to '{target}', outside the package; refusing to unpack it"], run.ErrorLines);
        Assert.Empty(LeftInTemp);
    }

    [Fact]
    public async Task A_symbolic_link_inside_the_package_is_kept()
    {
        var zip = ShellFunction.Zip(Files, extra: archive =>
        {
            ShellFunction.AddFile(archive, "lib/real.txt", "x");
            ShellFunction.AddLink(archive, "lib/alias.txt", "real.txt");
        });

        var run = await RunAsync("invoke", zip);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task A_zip_over_lambdas_250_MB_unzipped_is_refused_before_unpacking()
    {
        var zip = Path.Combine(Files, "big.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            var entry = archive.CreateEntry("bootstrap", CompressionLevel.SmallestSize);
            using var stream = entry.Open();
            var chunk = new byte[1 << 20];
            for (var i = 0; i < 251; i++)
            {
                stream.Write(chunk);
            }
        }

        var run = await RunAsync("invoke", zip);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["lambdakit: big.zip: unzips to 263,192,576 bytes, over Lambda's limit of 262,144,000 (250 MB)"], run.ErrorLines);
        Assert.Empty(LeftInTemp);
    }

    [Fact]
    public async Task A_folder_without_bootstrap_or_runtimeconfig_is_not_a_package()
    {
        var run = await RunAsync("invoke", Files);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["lambdakit: 'files' has no 'bootstrap' and no '*.runtimeconfig.json' at its root: it is not a Lambda package (OS-only or managed .NET)"], run.ErrorLines);
    }

    [Fact]
    public async Task A_bootstrap_that_is_not_executable_is_refused()
    {
        var folder = ShellFunction.Folder(Files);
        File.SetUnixFileMode(Path.Combine(folder, "bootstrap"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var run = await RunAsync("invoke", folder);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["lambdakit: 'function': 'bootstrap' is not executable (Lambda needs mode 755; chmod +x it before zipping)"], run.ErrorLines);
    }

    [Fact]
    public async Task Architecture_is_checked_against_the_bootstraps_elf_machine()
    {
        // An ELF executable of this machine (x86_64 or arm64) stands in for a published bootstrap.
        var folder = Directory.CreateDirectory(Path.Combine(Files, "native")).FullName;
        File.Copy("/bin/true", Path.Combine(folder, "bootstrap"));
        var machine = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "x86_64";
        var other = machine == "arm64" ? "x86_64" : "arm64";

        var refused = await RunAsync("invoke", folder, "--architecture", other);

        Assert.Equal(2, refused.ExitCode);
        Assert.Equal([$"lambdakit: --architecture {other}: 'native' has an {machine} bootstrap; publish it for {other} or drop the option"], refused.ErrorLines);
    }

    [Fact]
    public async Task A_managed_package_is_started_with_dotnet_exec_and_its_runtimeconfig()
    {
        // The tool's own build output is a framework-dependent .NET app: as a "function" it prints its usage and exits 2.
        var folder = CopyOfTheToolsOwnOutput("managed");

        var run = await RunAsync("invoke", folder, "--timeout", "600");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("lambdakit: managed package (dotnet10) managed: dotnet exec lambdakit.dll; timeout 600 s", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("lambdakit invoke <zip | folder | -- command args...> [options]   invoke a function and print the results", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Runtime exited with error: exit status 2", run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_net8_package_rolls_forward_to_the_installed_runtime_and_says_so()
    {
        var folder = CopyOfTheToolsOwnOutput("net8");
        var runtimeConfig = Path.Combine(folder, "lambdakit.runtimeconfig.json");
        File.WriteAllText(runtimeConfig, """{"runtimeOptions":{"tfm":"net8.0","framework":{"name":"Microsoft.NETCore.App","version":"8.0.0"}}}""");

        var run = await RunAsync("invoke", folder, "--timeout", "600");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("lambdakit: note: no .NET 8 runtime here; running on a newer one with DOTNET_ROLL_FORWARD=Major", run.ErrorLines);
        Assert.Contains("lambdakit: managed package (dotnet8) net8: dotnet exec lambdakit.dll; timeout 600 s", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Runtime exited with error: exit status 2", run.StandardOutput, StringComparison.Ordinal);
    }

    private string CopyOfTheToolsOwnOutput(string name)
    {
        var source = Path.GetDirectoryName(Tool.DllPath)!;
        var folder = Directory.CreateDirectory(Path.Combine(Files, name)).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        Assert.True(JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "lambdakit.runtimeconfig.json"))).RootElement.TryGetProperty("runtimeOptions", out _));
        return folder;
    }
}
