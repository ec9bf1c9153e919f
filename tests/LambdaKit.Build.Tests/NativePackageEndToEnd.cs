using System.Reflection;
using LambdaKit.Tests.Shared;

namespace LambdaKit.Build.Tests;

/// <summary>
/// The whole path through real NuGet packages, once per test run: tiny C libraries compiled with gcc and the arm64
/// cross compiler, packed with `dotnet pack` into a local feed, restored into a private global packages folder (the
/// machine's folder is only a read-only fallback, so it is never written and reruns start clean), and consumed by a
/// net8.0 console project with the LK4xxx analyzer and the LambdaKit targets, published for arm64 and for x86_64.
/// </summary>
public sealed class NativePackageEndToEnd : IAsyncLifetime
{
    public const string ConsumerSource = """
        using System.Runtime.InteropServices;

        internal static class Program
        {
            [DllImport("demo")]
            private static extern int demo_answer();

            [DllImport("shadowed", EntryPoint = "demo_answer")]
            private static extern int shadowed_answer();

            [DllImport("portable", EntryPoint = "demo_answer")]
            private static extern int portable_answer();

            [DllImport("both", EntryPoint = "demo_answer")]
            private static extern int both_answer();

            private static int Main() => demo_answer() + shadowed_answer() + portable_answer() + both_answer();
        }
        """;

    /// <summary>
    /// A self-contained ReadyToRun net10.0 arm64 function using a real package with <c>runtimes/linux-arm64/native</c> files
    /// (SQLitePCLRaw.lib.e_sqlite3) and the fixture package with an arm64 file beside x86-64 <c>runtimes/linux</c> ones.
    /// </summary>
    public const string SelfContainedArm64Source = """
        using System.Runtime.InteropServices;

        internal static class Program
        {
            [DllImport("both", EntryPoint = "demo_answer")]
            private static extern int both_answer();

            [DllImport("e_sqlite3")]
            private static extern int sqlite3_libversion_number();

            private static void Main() => System.Console.WriteLine($"{both_answer()} {sqlite3_libversion_number()}");
        }
        """;

    // No libc calls: no GLIBC version needs, so no LK5007 hides the checks under test.
    private const string LibrarySource = "int demo_answer(void) { return 42; }\n";

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("lambdakit-nuget-e2e-").FullName;

    /// <summary>The x86-64 library every x64 asset of the packages is a copy of.</summary>
    public string X64Library => Path.Combine(Directory, "native", "x64.so");

    public string Arm64Library => Path.Combine(Directory, "native", "arm64.so");

    public BuildRun PackX64Only { get; private set; } = BuildRun.None;

    public BuildRun PackPortable { get; private set; } = BuildRun.None;

    public BuildRun PackArm64Aware { get; private set; } = BuildRun.None;

    public BuildRun Arm64 { get; private set; } = BuildRun.None;

    public BuildRun X64 { get; private set; } = BuildRun.None;

    /// <summary>
    /// `dotnet publish` of <see cref="SelfContainedArm64Source"/>, self-contained and ReadyToRun: the SDK infers linux-x64
    /// for that publish, whose build resolves the packages' linux-x64 and runtimes/linux files.
    /// </summary>
    public BuildRun SelfContainedArm64 { get; private set; } = BuildRun.None;

    /// <summary>`dotnet publish` of a framework-dependent ReadyToRun net10.0 arm64 function (Lambda's dotnet10 runtime).</summary>
    public BuildRun ReadyToRunArm64 { get; private set; } = BuildRun.None;

    public string SelfContainedArm64ProgramPath => Path.Combine(Directory, "consumer-arm64-self-contained", "Program.cs");

    /// <summary>Where the arm64 inner publish put its files: what the SDK ships for linux-arm64.</summary>
    public string Arm64PublishDirectory => Path.Combine(Directory, "consumer-arm64", "obj", "lambda", Configuration, "net8.0", "arm64", "publish");

    public string Arm64ProgramPath => Path.Combine(Directory, "consumer-arm64", "Program.cs");

    public static string Configuration =>
        typeof(NativePackageEndToEnd).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    public async Task InitializeAsync()
    {
        var native = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "native")).FullName;
        await File.WriteAllTextAsync(Path.Combine(native, "demo.c"), LibrarySource);
        Tools.Run("gcc", "-shared", "-fPIC", Path.Combine(native, "demo.c"), "-o", X64Library);
        Tools.Run("aarch64-linux-gnu-gcc", "-shared", "-fPIC", Path.Combine(native, "demo.c"), "-o", Arm64Library);

        // Beside every project below: the local feed on top of the machine's sources, and a private packages folder.
        await File.WriteAllTextAsync(Path.Combine(Directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(Directory, "packages")}" />
              </config>
              <packageSources>
                <add key="lambdakit-fixtures" value="{Path.Combine(Directory, "feed")}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{Tools.PackageRoot}" />
              </fallbackPackageFolders>
            </configuration>
            """);

        // X64Only: libdemo for linux-x64 and nothing else.
        PackX64Only = await PackAsync("LambdaKit.Fixtures.X64Only", new()
        {
            ["runtimes/linux-x64/native/libdemo.so"] = X64Library,
        });

        // Portable: an x86-64 file in runtimes/linux, which the SDK copies into a linux-arm64 publish without a word.
        PackPortable = await PackAsync("LambdaKit.Fixtures.Portable", new()
        {
            ["runtimes/linux/native/libportable.so"] = X64Library,
        });

        // Arm64Aware: x86-64 files in runtimes/linux and an arm64 libboth in runtimes/linux-arm64. NuGet takes a
        // package's native files from one RID folder, so linux-arm64 gets libboth and never libshadowed.
        PackArm64Aware = await PackAsync("LambdaKit.Fixtures.Arm64Aware", new()
        {
            ["runtimes/linux/native/libboth.so"] = X64Library,
            ["runtimes/linux/native/libshadowed.so"] = X64Library,
            ["runtimes/linux-arm64/native/libboth.so"] = Arm64Library,
        });

        Arm64 = await PublishAsync("arm64");
        X64 = await PublishAsync("x86_64");
        SelfContainedArm64 = await PublishAsync(
            "arm64-self-contained",
            SelfContainedArm64Source,
            "<TargetFramework>net10.0</TargetFramework><SelfContained>true</SelfContained><PublishReadyToRun>true</PublishReadyToRun><InvariantGlobalization>true</InvariantGlobalization><LambdaArchitecture>arm64</LambdaArchitecture>",
            """<PackageReference Include="LambdaKit.Fixtures.Arm64Aware" Version="1.0.0" /><PackageReference Include="SQLitePCLRaw.lib.e_sqlite3" Version="2.0.6" />""");
        ReadyToRunArm64 = await PublishAsync(
            "arm64-ready-to-run",
            "System.Console.WriteLine(42);\n",
            "<TargetFramework>net10.0</TargetFramework><PublishReadyToRun>true</PublishReadyToRun><LambdaArchitecture>arm64</LambdaArchitecture>",
            string.Empty);
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

    private async Task<BuildRun> PackAsync(string id, Dictionary<string, string> assets)
    {
        var project = System.IO.Directory.CreateDirectory(Path.Combine(Directory, id)).FullName;
        var items = string.Join("\n", assets.Select(a => $"""    <None Include="{a.Value}" Pack="true" PackagePath="{a.Key}" />"""));
        await File.WriteAllTextAsync(Path.Combine(project, id + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>netstandard2.0</TargetFramework>
                <Version>1.0.0</Version>
                <!-- Native files only: no lib/ folder (NU5128 warns about exactly that). -->
                <IncludeBuildOutput>false</IncludeBuildOutput>
                <NoWarn>$(NoWarn);NU5128</NoWarn>
              </PropertyGroup>
              <ItemGroup>
            {items}
              </ItemGroup>
            </Project>
            """);
        return await PackagedSamples.RunDotnetAsync(null, "pack", Path.Combine(project, id + ".csproj"), "-c", Configuration, "-o", Path.Combine(Directory, "feed"));
    }

    private Task<BuildRun> PublishAsync(string architecture) => PublishAsync(
        architecture,
        ConsumerSource,
        $"<TargetFramework>net8.0</TargetFramework><LambdaArchitecture>{architecture}</LambdaArchitecture>",
        """
        <PackageReference Include="LambdaKit.Fixtures.X64Only" Version="1.0.0" />
        <PackageReference Include="LambdaKit.Fixtures.Portable" Version="1.0.0" />
        <PackageReference Include="LambdaKit.Fixtures.Arm64Aware" Version="1.0.0" />
        """);

    private async Task<BuildRun> PublishAsync(string name, string source, string properties, string packageReferences)
    {
        var project = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "consumer-" + name)).FullName;
        var root = RepositoryRoot.Find();
        var build = Path.Combine(root, "src", "LambdaKit.Build", "build");
        var analyzer = Path.Combine(root, "src", "LambdaKit.Analyzers", "LambdaKit.Analyzers.csproj");
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), source);

        // The architecture in the project, not on the command line: a global property would also reach the analyzer
        // project, which the repository's other tests build in the same configuration.
        await File.WriteAllTextAsync(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{Path.Combine(build, "LambdaKit.Build.props")}" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                {packageReferences}
                <ProjectReference Include="{analyzer}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
              <Import Project="{Path.Combine(build, "LambdaKit.Build.targets")}" />
            </Project>
            """);

        // A stale zip where the package goes: a failed packaging must not leave it looking deployable.
        var zip = Path.Combine(Directory, $"consumer-{name}.zip");
        await File.WriteAllTextAsync(zip, "stale");
        return await PackagedSamples.RunDotnetAsync(zip, "publish", Path.Combine(project, "Consumer.csproj"), "-c", Configuration);
    }
}

[CollectionDefinition(Name)]
public sealed class NativePackageEndToEndDefinition : ICollectionFixture<NativePackageEndToEnd>
{
    public const string Name = "native package end to end";
}
