using LambdaKit.Tests.Shared;

namespace LambdaKit.Build.Tests;

/// <summary>
/// The samples packaged through the MSBuild targets with real <c>dotnet</c> builds, once per test run and one after
/// the other (the CI machine has two cores): HelloAot (net10.0) with Native AOT for x86_64 after `dotnet publish -r linux-x64`,
/// HelloManaged (net8.0) framework-dependent with -t:LambdaPackage for x86_64 (twice, for the byte comparison) and after `dotnet publish` for arm64, and HelloManaged as an
/// arm64 Native AOT package, which must stop with LK5009; HelloAot's code self-contained for both architectures and
/// HelloManaged on net10.0 for arm64, to run under qemu. Each build has its own artifacts folder, so the
/// repository's bin and obj are neither reused nor disturbed. The projects compile the samples' code against this
/// repository's build files, runtime and generator; the samples as users build them (through the packed LambdaKit
/// package) are tests/LambdaKit.EndToEnd.Tests' part.
/// </summary>
public sealed class PackagedSamples : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("lambdakit-samples-").FullName;

    public BuildRun Aot { get; private set; } = BuildRun.None;

    public BuildRun ManagedX64 { get; private set; } = BuildRun.None;

    public BuildRun ManagedX64Again { get; private set; } = BuildRun.None;

    public BuildRun ManagedArm64 { get; private set; } = BuildRun.None;

    public BuildRun Arm64Aot { get; private set; } = BuildRun.None;

    /// <summary>HelloAot (net10.0) after a plain `dotnet publish -p:LambdaArchitecture=arm64` on this x64 machine.</summary>
    public BuildRun Arm64AotNet10 { get; private set; } = BuildRun.None;

    /// <summary>The artifacts folder of <see cref="Arm64AotNet10"/>, to look at what the outer publish left.</summary>
    public string Arm64AotNet10Artifacts => Path.Combine(Directory, "aot-arm64-artifacts");

    /// <summary>HelloAot's code self-contained (JIT, its apphost as <c>bootstrap</c>) for arm64, after a plain `dotnet publish`.</summary>
    public BuildRun SelfContainedArm64 { get; private set; } = BuildRun.None;

    /// <summary>The same for x86_64, after `dotnet publish -r linux-x64`.</summary>
    public BuildRun SelfContainedX64 { get; private set; } = BuildRun.None;

    /// <summary>samples/HelloManaged as it is (net10.0, framework-dependent for dotnet10) packaged for arm64.</summary>
    public BuildRun ManagedArm64Net10 { get; private set; } = BuildRun.None;

    /// <summary>A net10.0 arm64 Native AOT package with no cross linker on PATH.</summary>
    public BuildRun Arm64AotWithoutLinker { get; private set; } = BuildRun.None;

    /// <summary>The bytes of the first x86_64 managed zip, before the second build replaced it.</summary>
    public byte[] ManagedX64FirstBytes { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot.Find();
        var build = Path.Combine(root, "src", "LambdaKit.Build", "build");

        // The samples' code in projects that import this repository's build files directly (the samples themselves use
        // the packed LambdaKit package, tests/LambdaKit.EndToEnd.Tests): what is tested here is the targets as built.
        var aot = WriteSampleProject(root, build, "HelloAot", """
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <AssemblyName>bootstrap</AssemblyName>
            <PublishAot>true</PublishAot>
            <InvariantGlobalization>true</InvariantGlobalization>
            <!-- A project reference's XML docs would reach the outer publish folder, which the package zips as is. -->
            <PublishReferencesDocumentationFiles>false</PublishReferencesDocumentationFiles>
            """, withGenerator: true);
        // net8.0 on Lambda's (deprecated) dotnet8 runtime: still supported, so still built, packaged and run here.
        var managed = WriteSampleProject(root, build, "HelloManaged", """
            <OutputType>Exe</OutputType>
            <TargetFramework>net8.0</TargetFramework>
            <LambdaArchitecture>x86_64</LambdaArchitecture>
            <InvariantGlobalization>true</InvariantGlobalization>
            """, withGenerator: false);

        Aot = await RunAsync(
            "aot.zip",
            "publish", aot, "-c", "Release", "-r", "linux-x64", "-p:LambdaArchitecture=x86_64",
            "--artifacts-path", Path.Combine(Directory, "aot-artifacts"));

        ManagedX64 = await RunAsync("managed-x64.zip", "build", managed, "-c", "Release", "-t:LambdaPackage", "--artifacts-path", Path.Combine(Directory, "managed-artifacts"));
        ManagedX64FirstBytes = ManagedX64.ZipExists ? await File.ReadAllBytesAsync(ManagedX64.ZipPath) : [];
        ManagedX64Again = await RunAsync("managed-x64.zip", "build", managed, "-c", "Release", "-t:LambdaPackage", "--artifacts-path", Path.Combine(Directory, "managed-artifacts"));

        // Plain `dotnet publish`: the SDK infers linux-x64, the targets publish for linux-arm64 (and only for it).
        Arm64AotNet10 = await RunAsync("aot-arm64.zip", "publish", aot, "-c", "Release", "-p:LambdaArchitecture=arm64", "--artifacts-path", Arm64AotNet10Artifacts);

        var selfContained = WriteSampleProject(root, build, "HelloAot", """
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <AssemblyName>bootstrap</AssemblyName>
            <SelfContained>true</SelfContained>
            <InvariantGlobalization>true</InvariantGlobalization>
            <PublishReferencesDocumentationFiles>false</PublishReferencesDocumentationFiles>
            """, withGenerator: true, variant: "SelfContained");
        SelfContainedArm64 = await RunAsync("self-contained-arm64.zip", "publish", selfContained, "-c", "Release", "-p:LambdaArchitecture=arm64", "--artifacts-path", Path.Combine(Directory, "self-contained-arm64-artifacts"));
        SelfContainedX64 = await RunAsync("self-contained-x64.zip", "publish", selfContained, "-c", "Release", "-r", "linux-x64", "-p:LambdaArchitecture=x86_64", "--artifacts-path", Path.Combine(Directory, "self-contained-x64-artifacts"));

        var managedNet10 = WriteSampleProject(root, build, "HelloManaged", """
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <InvariantGlobalization>true</InvariantGlobalization>
            """, withGenerator: false, variant: "Net10");
        ManagedArm64Net10 = await RunAsync("managed-arm64-net10.zip", "publish", managedNet10, "-c", "Release", "-p:LambdaArchitecture=arm64", "--artifacts-path", Path.Combine(Directory, "managed-net10-artifacts"));

        // After `dotnet publish` without a RID: the targets publish again for linux-arm64.
        ManagedArm64 = await RunAsync("managed-arm64.zip", "publish", managed, "-c", "Release", "-p:LambdaArchitecture=arm64", "--artifacts-path", Path.Combine(Directory, "managed-artifacts"));

        // Its own project: PublishAot on the command line would also reach the samples' project references.
        var arm64Aot = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "Arm64Aot")).FullName;
        await File.WriteAllTextAsync(Path.Combine(arm64Aot, "Program.cs"), "System.Console.WriteLine(\"hello\");\n");
        await File.WriteAllTextAsync(Path.Combine(arm64Aot, "Arm64Aot.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Path.Combine(build, "LambdaKit.Build.props")}" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <PublishAot>true</PublishAot>
                <LambdaArchitecture>arm64</LambdaArchitecture>
              </PropertyGroup>
              <Import Project="{Path.Combine(build, "LambdaKit.Build.targets")}" />
            </Project>
            """);
        Arm64Aot = await RunAsync("arm64-aot.zip", "build", Path.Combine(arm64Aot, "Arm64Aot.csproj"), "-c", "Release", "-t:LambdaPackage");

        // The same on net10.0, whose packs exist, with a PATH that has a shell (MSBuild's Exec runs sh) and no cross
        // linker nor clang.
        var net10Aot = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "Arm64AotNet10")).FullName;
        await File.WriteAllTextAsync(Path.Combine(net10Aot, "Program.cs"), "System.Console.WriteLine(\"hello\");\n");
        await File.WriteAllTextAsync(Path.Combine(net10Aot, "Arm64AotNet10.csproj"), File.ReadAllText(Path.Combine(arm64Aot, "Arm64Aot.csproj")).Replace("net8.0", "net10.0", StringComparison.Ordinal));
        var shellOnly = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "shell-only-path")).FullName;
        File.CreateSymbolicLink(Path.Combine(shellOnly, "sh"), "/bin/sh");
        Arm64AotWithoutLinker = await RunDotnetAsync(
            Path.Combine(Directory, "arm64-aot-no-linker.zip"),
            ["build", Path.Combine(net10Aot, "Arm64AotNet10.csproj"), "-c", "Release", "-t:LambdaPackage"],
            environment: new Dictionary<string, string> { ["PATH"] = shellOnly });
    }

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run over.
        }

        return Task.CompletedTask;
    }

    /// <summary>Unzips <paramref name="zipPath"/> with Debian's unzip (which applies the zip's Unix modes) into a new folder.</summary>
    public string Unzip(string zipPath)
    {
        var target = Path.Combine(Directory, "unzipped-" + Guid.NewGuid().ToString("N"));
        Tools.Run("unzip", "-q", zipPath, "-d", target);
        return target;
    }

    /// <summary>
    /// A project named <paramref name="sample"/> compiling samples/NAME/*.cs, with the repository's runtime (and
    /// generator) and build files, in its own folder (<paramref name="variant"/> tells several of one sample apart).
    /// </summary>
    private string WriteSampleProject(string root, string build, string sample, string properties, bool withGenerator, string variant = "")
    {
        var folder = System.IO.Directory.CreateDirectory(Path.Combine(Directory, sample + variant)).FullName;
        var generator = withGenerator
            ? $"""<ProjectReference Include="{Path.Combine(root, "src", "LambdaKit.Generators", "LambdaKit.Generators.csproj")}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />"""
            : string.Empty;
        var project = Path.Combine(folder, sample + ".csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Path.Combine(build, "LambdaKit.Build.props")}" />
              <PropertyGroup>
                {properties}
                <RootNamespace>{sample}</RootNamespace>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
              </PropertyGroup>
              <ItemGroup>
                <Compile Include="{Path.Combine(root, "samples", sample)}/*.cs" />
                <ProjectReference Include="{Path.Combine(root, "src", "LambdaKit.Runtime", "LambdaKit.Runtime.csproj")}" />
                {generator}
              </ItemGroup>
              <Import Project="{Path.Combine(build, "LambdaKit.Build.targets")}" />
            </Project>
            """);
        return project;
    }

    private Task<BuildRun> RunAsync(string zipName, params string[] arguments) => RunDotnetAsync(Path.Combine(Directory, zipName), arguments);

    /// <summary>Runs `dotnet` with the task dll of this test run; a Lambda zip it writes goes to <paramref name="zip"/> when one is named.</summary>
    internal static Task<BuildRun> RunDotnetAsync(string? zip, params string[] arguments) => RunDotnetAsync(zip, arguments, environment: null);

    /// <summary>As above, with <paramref name="environment"/> variables replaced (through env(1)).</summary>
    internal static async Task<BuildRun> RunDotnetAsync(string? zip, string[] arguments, IReadOnlyDictionary<string, string>? environment)
    {
        IEnumerable<string> command = arguments.Concat(zip is null ? [] : [$"-p:LambdaPackageOutput={zip}"]).Concat(
            [
                // The task dll this test run was built with, not whatever the repository's bin holds.
                $"-p:LambdaKitBuildTaskAssembly={Path.Combine(AppContext.BaseDirectory, "LambdaKit.Build.dll")}",
                .. DotnetCommand.WithoutBuildServers,
            ]);
        if (environment is not null)
        {
            // env(1) finds the program on the new PATH, so it gets the host's full path.
            var host = DotnetCommand.Host.Contains('/') ? DotnetCommand.Host : Tools.Run("sh", "-c", "command -v dotnet").Trim();
            command = environment.Select(variable => $"{variable.Key}={variable.Value}").Append(host).Concat(command);
        }

        var run = await DotnetCommand.RunAsync(
            command,
            BuildTimeout,
            $"dotnet {string.Join(' ', arguments)}",
            fileName: environment is null ? null : "/usr/bin/env");
        return new BuildRun(run.ExitCode, run.Output, zip ?? string.Empty, run.Elapsed);
    }
}

/// <summary>One `dotnet` build: its exit code, everything it printed, and the zip it was asked to write.</summary>
public sealed class BuildRun(int exitCode, string output, string zipPath, TimeSpan elapsed)
{
    public static BuildRun None { get; } = new(-1, "(not run)", string.Empty, TimeSpan.Zero);

    public int ExitCode { get; } = exitCode;

    public string Output { get; } = output;

    public string ZipPath { get; } = zipPath;

    public TimeSpan Elapsed { get; } = elapsed;

    public bool ZipExists => File.Exists(ZipPath);

    /// <summary>Asserts the build succeeded and wrote its zip, showing the build's output when it did not.</summary>
    public void AssertPackaged()
    {
        Assert.True(ExitCode == 0, $"The build failed ({ExitCode}):\n{Output}");
        Assert.True(ZipExists, $"The build wrote no {ZipPath}:\n{Output}");
    }
}

[CollectionDefinition(Name)]
public sealed class PackagedSamplesDefinition : ICollectionFixture<PackagedSamples>
{
    public const string Name = "packaged samples";
}
