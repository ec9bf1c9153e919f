using System.IO.Compression;
using TestFunctions;

namespace LambdaKit.Testing.Tests;

/// <summary>
/// A managed deployment zip of Functions/TestFunctions.csproj made from its build output, which this project's build
/// already copied here (an executable's runtimeconfig comes with it): no publish, no Native AOT.
/// </summary>
internal static class TestFunctionsPackage
{
    private static readonly Lazy<string> Zip = new(Create);

    /// <summary>The zip's path; made once per test run, in the test's output folder.</summary>
    public static string ZipPath => Zip.Value;

    private static string Create()
    {
        var assemblyName = typeof(Orders).Assembly.GetName().Name!;
        var files = new[] { assemblyName + ".dll", assemblyName + ".runtimeconfig.json", assemblyName + ".deps.json", "LambdaKit.Runtime.dll" };
        var path = Path.Combine(AppContext.BaseDirectory, "test-functions-package.zip");
        File.Delete(path);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var file in files)
        {
            archive.CreateEntryFromFile(Path.Combine(AppContext.BaseDirectory, file), file);
        }

        return path;
    }
}
