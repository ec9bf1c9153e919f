using System.Text.Json;

namespace LambdaKit.Build.Tests;

/// <summary>
/// The packaging targets name the RIDs of src/Shared/LambdaTargets.cs themselves (MSBuild cannot read C#): evaluated
/// for every architecture of the table, they must give the table's RID, and nothing for a name outside it.
/// </summary>
public sealed class LambdaTargetsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lambdakit-targets-").FullName;

    public static TheoryData<string> ArchitectureNames => new(LambdaTargets.Architectures.Select(a => a.Name));

    [Theory]
    [MemberData(nameof(ArchitectureNames))]
    public async Task The_targets_give_each_architecture_the_RID_of_the_table(string name)
    {
        var properties = await EvaluateAsync($"-p:LambdaArchitecture={name}");

        Assert.Equal(LambdaTargets.FindArchitecture(name)!.Rid, properties["_LambdaTargetRid"]);
        Assert.Equal(name, properties["_LambdaArchitecture"]);
    }

    [Fact]
    public async Task Without_LambdaArchitecture_the_targets_package_for_the_table_s_x86_64()
    {
        var properties = await EvaluateAsync();

        Assert.Equal(LambdaTargets.X86_64.Name, properties["_LambdaArchitecture"]);
        Assert.Equal(LambdaTargets.X86_64.Rid, properties["_LambdaRid"]);
        Assert.Equal(string.Empty, properties["_LambdaTargetRid"]);
    }

    [Fact]
    public async Task A_name_outside_the_table_has_no_RID()
    {
        Assert.Null(LambdaTargets.FindArchitecture("x64"));

        var properties = await EvaluateAsync("-p:LambdaArchitecture=x64");

        Assert.Equal(string.Empty, properties["_LambdaTargetRid"]);
        Assert.Equal(string.Empty, properties["_LambdaRid"]);
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

    /// <summary>The targets' properties after evaluation (`dotnet msbuild -getProperty`) of a project importing them by hand.</summary>
    private async Task<Dictionary<string, string>> EvaluateAsync(params string[] arguments)
    {
        var build = Path.Combine(LambdaKit.Tests.Shared.RepositoryRoot.Find(), "src", "LambdaKit.Build", "build");
        var project = Path.Combine(_directory, "Probe.csproj");
        await File.WriteAllTextAsync(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Path.Combine(build, "LambdaKit.Build.props")}" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <Import Project="{Path.Combine(build, "LambdaKit.Build.targets")}" />
            </Project>
            """);

        var run = await PackagedSamples.RunDotnetAsync(
            null,
            ["msbuild", project, "-getProperty:_LambdaArchitecture", "-getProperty:_LambdaRid", "-getProperty:_LambdaTargetRid", .. arguments]);
        Assert.True(run.ExitCode == 0, run.Output);
        using var json = JsonDocument.Parse(run.Output[run.Output.IndexOf('{', StringComparison.Ordinal)..]);
        return json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
    }
}
