using LambdaKit.Tests.Shared;

namespace LambdaKit.Build.Tests;

/// <summary>
/// A <c>net8.0;net10.0</c> library referenced by a function restored for linux-arm64 with Native AOT on the command
/// line: the command line's properties reach every project of the restore, and net8.0 has no linux-arm64 Native AOT
/// packs on the feeds (NU1102). LambdaKit.Runtime keeps PublishAot its own; docs/packaging.md gives users' libraries the
/// same two lines.
/// </summary>
public sealed class MultiTargetingRestoreTests : IDisposable
{
    private const string LibraryProperties = """
          <PropertyGroup>
            <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
            <IsAotCompatible>true</IsAotCompatible>
          </PropertyGroup>
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("lambdakit-multitarget-").FullName;

    [Fact]
    public async Task A_function_referencing_LambdaKit_Runtime_restores_for_linux_arm64_with_Native_AOT()
    {
        var runtime = Path.Combine(RepositoryRoot.Find(), "src", "LambdaKit.Runtime", "LambdaKit.Runtime.csproj");

        var run = await RestoreFunctionAsync(runtime);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain("NU1102", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_library_without_a_PublishAot_of_its_own_breaks_that_restore()
    {
        var library = WriteLibrary("Plain", "<Project Sdk=\"Microsoft.NET.Sdk\">", string.Empty);

        var run = await RestoreFunctionAsync(library);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("error NU1102: Unable to find package runtime.linux-arm64.Microsoft.DotNet.ILCompiler with version (= 8.0.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_library_keeping_PublishAot_its_own_as_docs_packaging_says_restores()
    {
        var library = WriteLibrary(
            "Local",
            "<Project Sdk=\"Microsoft.NET.Sdk\" TreatAsLocalProperty=\"PublishAot\">",
            "<PropertyGroup><PublishAot>false</PublishAot></PropertyGroup>");

        var run = await RestoreFunctionAsync(library);

        Assert.True(run.ExitCode == 0, run.Output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run over.
        }
    }

    private string WriteLibrary(string name, string projectElement, string extra)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_directory, name)).FullName;
        File.WriteAllText(Path.Combine(folder, "Answer.cs"), "namespace Library; public static class Answer { public static int Value => 42; }\n");
        var project = Path.Combine(folder, name + ".csproj");
        File.WriteAllText(project, $"{projectElement}\n{LibraryProperties}\n  {extra}\n</Project>\n");
        return project;
    }

    /// <summary>`dotnet restore -r linux-arm64 -p:PublishAot=true` of a net10.0 arm64 function referencing <paramref name="library"/>.</summary>
    private async Task<BuildRun> RestoreFunctionAsync(string library)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_directory, "Function-" + Path.GetFileNameWithoutExtension(library))).FullName;
        var project = Path.Combine(folder, "Function.csproj");
        await File.WriteAllTextAsync(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <LambdaArchitecture>arm64</LambdaArchitecture>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{library}" />
              </ItemGroup>
            </Project>
            """);

        // Every project's obj under this test's folder: the repository's LambdaKit.Runtime/obj is left alone.
        return await PackagedSamples.RunDotnetAsync(
            null,
            "restore", project, "-r", "linux-arm64", "-p:PublishAot=true", "--artifacts-path", Path.Combine(folder, "artifacts"));
    }
}
