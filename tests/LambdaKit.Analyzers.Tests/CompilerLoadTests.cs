using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Tests.Shared;

namespace LambdaKit.Analyzers.Tests;

/// <summary>
/// The analyzers are built against Roslyn 4.8.0; this proves the SDK's newer compiler loads and runs them, through
/// the same project reference shape the LambdaKit package's targets will stand in for.
/// </summary>
public sealed class CompilerLoadTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lambdakit-analyzer-load-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Dotnet_build_runs_the_analyzers_and_reports_LK4003_for_arm64_only()
    {
        await WriteProjectAsync("arm64");
        await File.WriteAllTextAsync(Path.Combine(_directory, "Simd.cs"), """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;
            #warning lambdakit-probe-compiled

            public static class Simd
            {
                public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.Add(a, b);

                public static Vector256<int> Guarded(Vector256<int> a, Vector256<int> b) => Avx2.IsSupported ? Avx2.Add(a, b) : a + b;
            }
            """);

        var arm64 = await BuildAsync();
        Assert.True(arm64.ExitCode == 0, arm64.Output);
        Assert.Contains("lambdakit-probe-compiled", arm64.Output, StringComparison.Ordinal);
        var warnings = arm64.Output.Split('\n').Where(line => line.Contains("warning LK4003", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(warnings.Count == 1, arm64.Output);
        Assert.Contains("Simd.cs(7,", warnings[0], StringComparison.Ordinal);
        Assert.DoesNotContain("CS9057", arm64.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("AD0001", arm64.Output, StringComparison.Ordinal);

        // A changed property changes the generated .editorconfig, so the compiler runs again.
        await WriteProjectAsync("x86_64");
        var x64 = await BuildAsync();
        Assert.True(x64.ExitCode == 0, x64.Output);
        Assert.Contains("lambdakit-probe-compiled", x64.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("LK4003", x64.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LambdaGenerateMain_reaches_the_compiler_through_the_LambdaKit_build_props()
    {
        // The project declares no CompilerVisibleProperty of its own: LK1011 can only fire if the props pass the setting on.
        var build = RepositoryPaths.Combine("src", "LambdaKit.Build", "build");
        var analyzerProject = RepositoryPaths.Combine("src", "LambdaKit.Analyzers", "LambdaKit.Analyzers.csproj");
        await File.WriteAllTextAsync(Path.Combine(_directory, "Probe.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Path.Combine(build, "LambdaKit.Build.props")}" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <LambdaGenerateMain>true</LambdaGenerateMain>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{analyzerProject}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
              <Import Project="{Path.Combine(build, "LambdaKit.Build.targets")}" />
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(_directory, "Program.cs"), """
            // The analyzer finds LambdaKit's attribute by metadata name; declaring it spares the probe a runtime reference.
            namespace LambdaKit
            {
                [System.AttributeUsage(System.AttributeTargets.Method)]
                public sealed class LambdaFunctionAttribute : System.Attribute;
            }

            public static class Functions
            {
                [LambdaKit.LambdaFunction] public static void Handle() { }
            }

            public static class Program
            {
                public static int Main() => 0;
            }
            """);

        var result = await BuildAsync();

        Assert.True(result.ExitCode != 0, result.Output);
        Assert.Contains("Program.cs(15,23): error LK1011", result.Output, StringComparison.Ordinal);
    }

    private Task WriteProjectAsync(string architecture)
    {
        // Properties go in the project, not on the command line: global properties would flow to the analyzer project
        // and rebuild it under the feet of the test run that loaded it.
        var analyzerProject = RepositoryPaths.Combine("src", "LambdaKit.Analyzers", "LambdaKit.Analyzers.csproj");
        return File.WriteAllTextAsync(Path.Combine(_directory, "Probe.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <LambdaArchitecture>{architecture}</LambdaArchitecture>
              </PropertyGroup>
              <ItemGroup>
                <CompilerVisibleProperty Include="LambdaArchitecture" />
                <ProjectReference Include="{analyzerProject}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """);
    }

    // The configuration of this test run, so the analyzer project is already built and up to date. As before, `dotnet`
    // from the PATH and the test host's MSBuild variables are kept.
    private Task<CommandResult> BuildAsync() =>
        DotnetCommand.RunAsync(
            ["build", "-c", RepositoryPaths.Configuration, "-nologo", .. DotnetCommand.WithoutBuildServers],
            TimeSpan.FromMinutes(3),
            "dotnet build",
            workingDirectory: _directory,
            fileName: "dotnet",
            removeMsBuildVariables: false);
}
