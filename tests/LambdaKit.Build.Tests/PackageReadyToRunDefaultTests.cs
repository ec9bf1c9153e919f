using System.Text.Json;

namespace LambdaKit.Build.Tests;

/// <summary>
/// The package's entry points make ReadyToRun the default for a JIT-compiled function that packages for Lambda, and
/// leave every other project, and a project's own choice, alone. Evaluated with the package's build/ folder laid out
/// as it is packed (src/LambdaKit/build next to src/LambdaKit.Build/build).
/// </summary>
public sealed class PackageReadyToRunDefaultTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lambdakit-r2r-default-").FullName;

    [Theory]
    [InlineData("<LambdaArchitecture>x86_64</LambdaArchitecture>", "true")]
    [InlineData("<LambdaArchitecture>arm64</LambdaArchitecture><SelfContained>true</SelfContained>", "true")]
    [InlineData("<RuntimeIdentifier>linux-x64</RuntimeIdentifier>", "true")]
    [InlineData("<LambdaArchitecture>x86_64</LambdaArchitecture><PublishReadyToRun>false</PublishReadyToRun>", "false")]
    [InlineData("<LambdaArchitecture>x86_64</LambdaArchitecture><PublishAot>true</PublishAot>", "")]
    [InlineData("", "")]
    [InlineData("<OutputType>Library</OutputType><LambdaArchitecture>x86_64</LambdaArchitecture>", "")]
    public async Task PublishReadyToRun_after_the_package_s_targets(string properties, string expected)
    {
        Assert.Equal(expected, await PublishReadyToRunAsync(properties));
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

    private async Task<string> PublishReadyToRunAsync(string properties)
    {
        var root = LambdaKit.Tests.Shared.RepositoryRoot.Find();
        var build = Directory.CreateDirectory(Path.Combine(_directory, "build")).FullName;
        foreach (var source in new[] { Path.Combine(root, "src", "LambdaKit", "build"), Path.Combine(root, "src", "LambdaKit.Build", "build") })
        {
            foreach (var file in Directory.GetFiles(source))
            {
                File.Copy(file, Path.Combine(build, Path.GetFileName(file)), overwrite: true);
            }
        }

        var project = Path.Combine(_directory, "Probe.csproj");
        await File.WriteAllTextAsync(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Path.Combine(build, "LambdaKit.props")}" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                {properties}
              </PropertyGroup>
              <Import Project="{Path.Combine(build, "LambdaKit.targets")}" />
            </Project>
            """);

        var run = await PackagedSamples.RunDotnetAsync(null, ["msbuild", project, "-getProperty:PublishReadyToRun", "-getProperty:OutputType"]);
        Assert.True(run.ExitCode == 0, run.Output);
        using var json = JsonDocument.Parse(run.Output[run.Output.IndexOf('{', StringComparison.Ordinal)..]);
        return json.RootElement.GetProperty("Properties").GetProperty("PublishReadyToRun").GetString() ?? string.Empty;
    }
}
