using LambdaKit.Runtime;

namespace LambdaKit.Testing;

/// <summary>
/// A deployment zip (or its unpacked folder) opened to start as Lambda starts it: an OS-only package runs its
/// <c>bootstrap</c>, a managed one runs <c>dotnet exec</c> with its runtimeconfig, with <c>_HANDLER</c> the assembly name
/// as Lambda's managed runtimes require. A zip is unpacked (<see cref="DeploymentZip"/>) into a private folder that
/// <see cref="Dispose"/> removes. Used by <see cref="LambdaTest"/> and by the <c>lambdakit</c> tool.
/// </summary>
internal sealed class DeploymentPackage : IDisposable
{
    private const string RuntimeConfigSuffix = ".runtimeconfig.json";

    private readonly string? unpackedFolder;

    private DeploymentPackage(string folder, string? unpackedFolder)
    {
        Folder = folder;
        this.unpackedFolder = unpackedFolder;
        Bootstrap = Path.Combine(folder, "bootstrap");
        RuntimeConfigs = Directory.GetFiles(folder, "*" + RuntimeConfigSuffix);
        Kind = File.Exists(Bootstrap) ? DeploymentPackageKind.OsOnly
            : RuntimeConfigs.Count == 1 ? DeploymentPackageKind.Managed
            : DeploymentPackageKind.NotAPackage;
    }

    /// <summary>The package's contents (<c>LAMBDA_TASK_ROOT</c>).</summary>
    public string Folder { get; }

    public DeploymentPackageKind Kind { get; }

    /// <summary>Where an OS-only package's executable is.</summary>
    public string Bootstrap { get; }

    /// <summary>The <c>*.runtimeconfig.json</c> files at the root (a managed package has exactly one).</summary>
    public IReadOnlyList<string> RuntimeConfigs { get; }

    /// <summary>A managed package's assembly name (its runtimeconfig's name without the suffix).</summary>
    public string AssemblyName => Path.GetFileName(RuntimeConfigs[0])[..^RuntimeConfigSuffix.Length];

    public string AssemblyPath => Path.Combine(Folder, AssemblyName + ".dll");

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

    /// <summary>
    /// How Lambda starts this package: its <c>bootstrap</c> with <paramref name="handler"/> (default <c>bootstrap</c>),
    /// or <c>dotnet exec --runtimeconfig</c> of its assembly on the .NET <paramref name="dotnet"/> chooses (asked only for
    /// a managed package) with <paramref name="handler"/> defaulting to the assembly name.
    /// </summary>
    /// <exception cref="InvalidDataException">The folder is not a Lambda package.</exception>
    public LambdaProcessOptions StartOptions(Func<DotnetRuntime> dotnet, string? handler = null, bool inheritEnvironment = true, bool resetAfterTimeout = true)
    {
        switch (Kind)
        {
            case DeploymentPackageKind.OsOnly:
                return new LambdaProcessOptions
                {
                    FileName = Bootstrap,
                    WorkingDirectory = Folder,
                    Handler = handler ?? "bootstrap",
                    InheritEnvironment = inheritEnvironment,
                    ResetAfterTimeout = resetAfterTimeout,
                };
            case DeploymentPackageKind.Managed:
                var runtime = dotnet();
                var options = new LambdaProcessOptions
                {
                    FileName = runtime.Host,
                    Arguments = { "exec", "--runtimeconfig", RuntimeConfigs[0] },
                    WorkingDirectory = Folder,
                    Handler = handler ?? AssemblyName,
                    ExecutionEnvironment = $"AWS_Lambda_dotnet{runtime.Major}",
                    InheritEnvironment = inheritEnvironment,
                    ResetAfterTimeout = resetAfterTimeout,
                };

                // What the host would find by itself, named as Lambda's managed runtimes name it.
                var depsFile = Path.Combine(Folder, AssemblyName + ".deps.json");
                if (File.Exists(depsFile))
                {
                    options.Arguments.Add("--depsfile");
                    options.Arguments.Add(depsFile);
                }

                options.Arguments.Add(AssemblyPath);
                return options;
            default:
                throw new InvalidDataException($"'{Folder}' has no 'bootstrap' and not exactly one '*{RuntimeConfigSuffix}' at its root: it is not a Lambda package.");
        }
    }

    /// <summary>How to start the package's runtime for <paramref name="function"/>, on this process's .NET, with the function's variables.</summary>
    /// <exception cref="InvalidDataException">The folder is not a Lambda package.</exception>
    public LambdaProcessOptions ProcessOptions(LambdaFunctionDescriptor function, IDictionary<string, string> variables, IDictionary<string, string?> environment, bool resetAfterTimeout)
    {
        var handler = Kind == DeploymentPackageKind.OsOnly ? function.HandlerString : null;
        var options = StartOptions(DotnetRuntime.Running, handler, resetAfterTimeout: resetAfterTimeout);

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
}
