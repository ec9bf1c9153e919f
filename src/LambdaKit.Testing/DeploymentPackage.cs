using LambdaKit.Runtime;

namespace LambdaKit.Testing;

/// <summary>
/// A deployment zip (or its unpacked folder) opened to run one of its <c>[LambdaFunction]</c>s as Lambda starts it: an
/// OS-only package runs its <c>bootstrap</c>, a managed one runs <c>dotnet exec</c> with its runtimeconfig on the .NET
/// running the test, with <c>_HANDLER</c> the assembly name as Lambda's managed runtimes require. A zip is unpacked
/// (<see cref="DeploymentZip"/>) into a private folder that <see cref="Dispose"/> removes.
/// </summary>
internal sealed class DeploymentPackage : IDisposable
{
    private readonly string? unpackedFolder;

    private DeploymentPackage(string folder, string? unpackedFolder)
    {
        Folder = folder;
        this.unpackedFolder = unpackedFolder;
    }

    /// <summary>The package's contents (<c>LAMBDA_TASK_ROOT</c>).</summary>
    public string Folder { get; }

    /// <exception cref="InvalidDataException">The zip is unreadable or refused.</exception>
    /// <exception cref="FileNotFoundException">There is no such zip or folder.</exception>
    public static DeploymentPackage Open(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            return new DeploymentPackage(fullPath, unpackedFolder: null);
        }

        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"No deployment zip or folder at '{fullPath}'.", fullPath);
        }

        var folder = Directory.CreateTempSubdirectory("lambdakit-package-").FullName;
        try
        {
            DeploymentZip.Unpack(fullPath, folder);
            return new DeploymentPackage(folder, folder);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>How to start the package's runtime for <paramref name="function"/>, with the function's variables.</summary>
    /// <exception cref="InvalidDataException">The folder is not a Lambda package (no <c>bootstrap</c>, no single runtimeconfig).</exception>
    public LambdaProcessOptions ProcessOptions(LambdaFunctionDescriptor function, IDictionary<string, string> variables, IDictionary<string, string?> environment, bool resetAfterTimeout)
    {
        var bootstrap = Path.Combine(Folder, "bootstrap");
        LambdaProcessOptions options;
        if (File.Exists(bootstrap))
        {
            options = new LambdaProcessOptions { FileName = bootstrap, WorkingDirectory = Folder, Handler = function.HandlerString, ResetAfterTimeout = resetAfterTimeout };
        }
        else if (Directory.GetFiles(Folder, "*.runtimeconfig.json") is [var runtimeConfig])
        {
            var assemblyName = Path.GetFileName(runtimeConfig)[..^".runtimeconfig.json".Length];
            options = new LambdaProcessOptions
            {
                FileName = RunningDotnet(),
                Arguments = { "exec", "--runtimeconfig", runtimeConfig, Path.Combine(Folder, assemblyName + ".dll") },
                WorkingDirectory = Folder,
                Handler = assemblyName,
                ExecutionEnvironment = $"AWS_Lambda_dotnet{Environment.Version.Major}",
                ResetAfterTimeout = resetAfterTimeout,
            };
        }
        else
        {
            throw new InvalidDataException($"'{Folder}' has no 'bootstrap' and not exactly one '*.runtimeconfig.json' at its root: it is not a Lambda package.");
        }

        // A package with several functions runs the one this variable names, whatever _HANDLER says.
        options.Variables[LambdaFunctionSettings.FunctionVariable] = function.Name;
        foreach (var (name, value) in variables)
        {
            options.Variables[name] = value;
        }

        foreach (var (name, value) in environment)
        {
            options.Environment[name] = value;
        }

        return options;
    }

    public void Dispose()
    {
        if (unpackedFolder is not null && Directory.Exists(unpackedFolder))
        {
            Directory.Delete(unpackedFolder, recursive: true);
        }
    }

    /// <summary>The <c>dotnet</c> host of the runtime running this process (its shared framework is three folders below it).</summary>
    private static string RunningDotnet()
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var root = Path.GetFullPath(Path.Combine(framework, "..", "..", ".."));
        return Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
    }
}
