using System.Text.RegularExpressions;

namespace LambdaKit.Benchmarks;

/// <summary>How the edit-build benchmark's function project uses the LambdaKit package.</summary>
internal enum EditBuildVariant
{
    /// <summary>As a user references it: runtime library, generator, analyzers and build targets.</summary>
    LambdaKit,

    /// <summary>
    /// The baseline: the same package with <c>ExcludeAssets="analyzers;build;..."</c>, so only its runtime library is
    /// compiled against (as a reference to LambdaKit.Runtime alone would be), plus a one-line Main for the generated one.
    /// </summary>
    RuntimeOnly,

    /// <summary><see cref="RuntimeOnly"/> with the files LambdaKit's generator wrote compiled as plain sources.</summary>
    GeneratedAsSources,
}

/// <summary>
/// A net8.0 or net10.0 Native AOT function project with 200 <c>[LambdaFunction]</c> handlers (the generator benchmark's
/// handler shapes, 20 files of 10) and one file without handlers, <c>Other.cs</c>, that the edit builds change.
/// </summary>
internal sealed partial record EditBuildProject(string Directory, string Framework, EditBuildVariant Variant)
{
    public const int HandlerFiles = 20;
    private const string OtherFile = "Other.cs";

    public string ProjectPath => Path.Combine(Directory, "Functions.csproj");

    /// <summary>
    /// The folder above the projects: MSBuild stops there, so the repository's own build files and central package
    /// versions do not apply (the projects are user projects, as the samples are).
    /// </summary>
    public static void WriteRoot(string root)
    {
        System.IO.Directory.CreateDirectory(root);
        foreach (string file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(root, file), "<Project>\n  <!-- A user project: nothing of the repository's build applies. -->\n</Project>\n");
        }
    }

    /// <summary>The version of the LambdaKit package in <paramref name="feed"/> (there is one: `dotnet pack` just wrote it).</summary>
    public static string PackageVersion(string feed) =>
        System.IO.Directory.GetFiles(feed, "LambdaKit.*.nupkg").Select(file => PackageFile().Match(Path.GetFileName(file))).Where(m => m.Success).Select(m => m.Groups["version"].Value).Single();

    public static EditBuildProject Write(string directory, string framework, EditBuildVariant variant, string packageVersion, IReadOnlyList<(string Name, string Text)> handlerSources, IReadOnlyList<(string Name, string Text)> generatedSources)
    {
        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        System.IO.Directory.CreateDirectory(directory);
        var project = new EditBuildProject(directory, framework, variant);
        string exclude = variant == EditBuildVariant.LambdaKit ? string.Empty : " ExcludeAssets=\"analyzers;build;buildMultitargeting;buildTransitive\"";
        File.WriteAllText(project.ProjectPath, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <AssemblyName>bootstrap</AssemblyName>
                <RootNamespace>App</RootNamespace>
                <TargetFramework>{framework}</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <PublishAot>true</PublishAot>
                <LambdaArchitecture>x86_64</LambdaArchitecture>
                <InvariantGlobalization>true</InvariantGlobalization>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LambdaKit" Version="{packageVersion}"{exclude} />
              </ItemGroup>
            </Project>

            """);
        foreach (var (name, text) in handlerSources)
        {
            File.WriteAllText(Path.Combine(directory, name), text);
        }

        if (variant == EditBuildVariant.RuntimeOnly)
        {
            File.WriteAllText(Path.Combine(directory, "Program.cs"), "namespace App;\n\n// Without the generator an Exe needs a Main of its own.\ninternal static class Program\n{\n    private static void Main()\n    {\n    }\n}\n");
        }

        if (variant == EditBuildVariant.GeneratedAsSources)
        {
            string generated = System.IO.Directory.CreateDirectory(Path.Combine(directory, "Generated")).FullName;
            foreach (var (name, text) in generatedSources)
            {
                File.WriteAllText(Path.Combine(generated, name), text);
            }
        }

        project.Edit(0);
        return project;
    }

    /// <summary>The one-line edit: <c>Other.cs</c>, which no handler uses, returns <paramref name="answer"/>.</summary>
    public void Edit(int answer) => File.WriteAllText(Path.Combine(Directory, OtherFile), GeneratorBenchmark.OtherSource(answer));

    // "LambdaKit.0.1.0.nupkg", not "LambdaKit.Testing.0.1.0.nupkg".
    [GeneratedRegex(@"^LambdaKit\.(?<version>\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?)\.nupkg$", RegexOptions.CultureInvariant)]
    private static partial Regex PackageFile();
}
