using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using LambdaKit.Tests.Shared;

namespace LambdaKit.EndToEnd.Tests;

/// <summary>
/// The LambdaKit and LambdaKit.Testing packages, packed once from this repository (with a version of their own, so no
/// copy cached by an earlier run can stand in for them) into a folder feed that the tests' function projects restore from.
/// </summary>
public sealed class PackedLambdaKit : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), "lambdakit-package-" + Guid.NewGuid().ToString("N"));

    public string Version { get; } = "0.1.0-e2e.t" + Guid.NewGuid().ToString("N")[..12];

    public string Feed => Path.Combine(WorkDirectory, "feed");

    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        string root = RepositoryRoot.Find();
        foreach (string project in new[] { "LambdaKit", "LambdaKit.Testing" })
        {
            await RunAsync(
                WorkDirectory,
                "dotnet pack " + project,
                "pack", Path.Combine(root, "src", project, project + ".csproj"), "-c", "Release", "-o", Feed,
                // Own outputs: the repository's bin and obj are neither reused nor disturbed.
                "--artifacts-path", Path.Combine(WorkDirectory, "artifacts"),
                "-p:Version=" + Version);
        }
    }

    /// <summary>
    /// A function project in a folder of its own, restoring LambdaKit from <see cref="Feed"/> (and everything else from
    /// the machine's feeds), with <paramref name="source"/> as its only code file.
    /// </summary>
    public string CreateFunctionProject(string name, string properties, string source)
    {
        string directory = Path.Combine(WorkDirectory, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="lambdakit-under-test" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LambdaKit" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Function.cs"), source);
        return directory;
    }

    internal static Task<CommandResult> RunAsync(string workingDirectory, string description, params string[] arguments)
    {
        Directory.CreateDirectory(workingDirectory);
        return DotnetCommand.RunAsync([.. arguments, .. DotnetCommand.WithoutBuildServers], CommandTimeout, description, workingDirectory);
    }

    public Task DisposeAsync()
    {
        // The global packages folder keeps what the function projects restored; this version is never used again.
        string packages = NuGetPackageFolder.Path;
        foreach (string folder in new[] { WorkDirectory, Path.Combine(packages, "lambdakit", Version), Path.Combine(packages, "lambdakit.testing", Version) })
        {
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (IOException)
            {
                // A leftover temp folder is not worth failing the run over.
            }
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PackageGroup : ICollectionFixture<PackedLambdaKit>
{
    public const string Name = "LambdaKit package";
}

/// <summary>What a user gets from `dotnet add package LambdaKit`: docs/package.md.</summary>
[Collection(PackageGroup.Name)]
public sealed class PackageTests(PackedLambdaKit packed)
{
    private const string Greeter = """
        using LambdaKit;

        namespace Fn;

        public sealed record Greeting(string Name);

        public sealed record Reply(string Message);

        public static class Greeter
        {
            [LambdaFunction(Name = "greet", MemorySize = 256, Timeout = 10)]
            public static Reply Greet(Greeting greeting) => new($"Hello, {greeting.Name}!");
        }
        """;

    [Fact]
    public void LambdaKit_holds_the_runtime_the_compiler_assets_the_task_and_its_build_files_and_depends_on_nothing()
    {
        using var package = ZipFile.OpenRead(packed.PackagePath("LambdaKit"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (string expected in new[]
        {
            "lib/net8.0/LambdaKit.Runtime.dll",
            "lib/net10.0/LambdaKit.Runtime.dll",
            "analyzers/dotnet/cs/LambdaKit.Generators.dll",
            "analyzers/dotnet/cs/LambdaKit.Analyzers.dll",
            "analyzers/dotnet/cs/LambdaKit.CodeFixes.dll",
            "tasks/netstandard2.0/LambdaKit.Build.dll",
            "build/LambdaKit.props",
            "build/LambdaKit.targets",
            "build/LambdaKit.Build.props",
            "build/LambdaKit.Build.targets",
            "build/LambdaKit.Build.Restore.props",
            "buildTransitive/LambdaKit.props",
            "buildTransitive/LambdaKit.targets",
            "README.md",
        })
        {
            Assert.Contains(expected, entries);
        }

        // Compiler-loaded and MSBuild-loaded assemblies appear once, not once per target framework.
        Assert.Single(entries, e => e.EndsWith("/LambdaKit.Generators.dll", StringComparison.Ordinal));
        var metadata = Nuspec(package);
        Assert.Equal(packed.Version, Element(metadata, "version").Value);
        Assert.Contains("Not affiliated with Amazon", Element(metadata, "description").Value, StringComparison.Ordinal);
        Assert.Equal("MIT", Element(metadata, "license").Value);
        Assert.Equal("README.md", Element(metadata, "readme").Value);
        Assert.Equal("https://github.com/lambdakit/lambdakit", Element(metadata, "repository").Attribute("url")?.Value);
        Assert.DoesNotContain(entries, e => e.EndsWith("/LambdaKit.dll", StringComparison.Ordinal));
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
    }

    [Fact]
    public void LambdaKit_Testing_brings_the_runtime_without_the_build_and_analyzer_assets_and_ASP_NET_Core()
    {
        using var package = ZipFile.OpenRead(packed.PackagePath("LambdaKit.Testing"));
        Assert.Contains(package.Entries, e => e.FullName == "lib/net8.0/LambdaKit.Testing.dll");
        var metadata = Nuspec(package);

        var dependencies = Element(metadata, "dependencies").Descendants().Where(e => e.Name.LocalName == "dependency").ToList();
        Assert.Equal(2, dependencies.Count);
        Assert.All(dependencies, dependency =>
        {
            Assert.Equal("LambdaKit", dependency.Attribute("id")?.Value);
            Assert.Equal(packed.Version, dependency.Attribute("version")?.Value);
            Assert.Equal("Build,Analyzers", dependency.Attribute("exclude")?.Value);
        });
        Assert.All(
            Element(metadata, "frameworkReferences").Descendants().Where(e => e.Name.LocalName == "frameworkReference"),
            reference => Assert.Equal("Microsoft.AspNetCore.App", reference.Attribute("name")?.Value));
    }

    [Fact]
    public async Task A_function_referencing_the_package_publishes_with_Native_AOT_into_a_zip_that_answers()
    {
        string project = packed.CreateFunctionProject(
            "AotFunction",
            "<PublishAot>true</PublishAot><InvariantGlobalization>true</InvariantGlobalization><LambdaArchitecture>x86_64</LambdaArchitecture>",
            Greeter);

        // No -r: the package's targets publish for linux-x64 themselves (the inner publish and its own restore).
        var publish = await PackedLambdaKit.RunAsync(project, "dotnet publish", "publish", "-c", "Release");
        Assert.True(publish.ExitCode == 0, publish.Output);
        Assert.DoesNotContain(": warning ", publish.Output, StringComparison.Ordinal);

        string zip = Path.Combine(project, "bin", "Release", "lambda", "AotFunction-x86_64.zip");
        string task = Path.Combine(project, "task");
        ZipFile.ExtractToDirectory(zip, task);
        string bootstrap = Path.Combine(task, "bootstrap");
        Assert.Equal(["bootstrap"], Directory.GetFiles(task).Select(Path.GetFileName));
        Assert.True(File.GetUnixFileMode(bootstrap).HasFlag(UnixFileMode.UserExecute));

        await using var host = await NativeFunctionHost.StartAsync(bootstrap, task);
        using var timeout = new CancellationTokenSource(NativeFunctionHost.InvocationTimeout * 2);
        var result = await host.Emulator.InvokeAsync("""{"name":"Ada"}""", cancellationToken: timeout.Token);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        using var json = JsonDocument.Parse(result.Payload);
        Assert.Equal("Hello, Ada!", json.RootElement.GetProperty("Message").GetString());
    }

    [Fact]
    public async Task The_packaged_analyzers_report_in_dotnet_build()
    {
        string project = packed.CreateFunctionProject(
            "BrokenFunction",
            string.Empty,
            """
            using LambdaKit;

            namespace Fn;

            public static class Handlers
            {
                [LambdaFunction(MemorySize = 64)]
                public static async void Fire() => await Task.Yield();
            }
            """);

        var build = await PackedLambdaKit.RunAsync(project, "dotnet build", "build", "-c", "Release");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error LK1004", build.Output, StringComparison.Ordinal);
        Assert.Contains("warning LK3001", build.Output, StringComparison.Ordinal);
    }

    private static XElement Nuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        return Element(XDocument.Load(stream).Root!, "metadata");
    }

    private static XElement Element(XElement parent, string localName) =>
        parent.Elements().Single(e => e.Name.LocalName == localName);
}
