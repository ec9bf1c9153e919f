using System.Runtime.InteropServices;
using LambdaKit.Build;
using LambdaKit.Testing;

namespace LambdaKit.Tool;

/// <summary>
/// A function ready to start: an OS-only package (a <c>bootstrap</c> executable), a managed one (a framework-dependent
/// .NET assembly, started as Lambda's <c>dotnet8</c>/<c>dotnet10</c> runtimes start it) or a command line. The package
/// kind and its start options are <see cref="DeploymentPackage"/>'s (as the test hosts start packages); this adds the
/// tool's checks and messages (executable bit, ELF architecture, which .NET runs it).
/// </summary>
internal sealed class FunctionPackage : IDisposable
{
    /// <summary>The PATH Lambda gives a function.</summary>
    private const string LambdaPath = "/usr/local/bin:/usr/bin/:/bin:/opt/bin";

    private readonly DeploymentPackage? deploymentPackage;

    private FunctionPackage(string name, string description, LambdaProcessOptions options, DeploymentPackage? deploymentPackage)
    {
        Name = name;
        Description = description;
        ProcessOptions = options;
        this.deploymentPackage = deploymentPackage;
    }

    /// <summary>The function name: the package's file name, or the command's.</summary>
    public string Name { get; }

    /// <summary>One line saying what runs and how.</summary>
    public string Description { get; }

    /// <summary>How to start the runtime.</summary>
    public LambdaProcessOptions ProcessOptions { get; }

    /// <summary>Notes worth a line before the run (e.g. a roll-forward to a newer .NET).</summary>
    public List<string> Notes { get; } = new();

    /// <summary>Opens what <paramref name="settings"/> names; every problem is a <see cref="UsageException"/>.</summary>
    public static FunctionPackage Open(FunctionSettings settings)
    {
        if (settings.Command.Count > 0)
        {
            return FromCommand(settings);
        }

        var path = settings.Package ?? throw new UsageException("name a zip, a folder, or a command after '--'");
        var fullPath = Path.GetFullPath(path);
        var isFolder = Directory.Exists(fullPath);
        if (!isFolder && !File.Exists(fullPath))
        {
            throw new UsageException($"'{path}' does not exist");
        }

        var package = OpenPackage(fullPath);
        try
        {
            var name = isFolder ? Path.GetFileName(fullPath.TrimEnd('/')) : Path.GetFileNameWithoutExtension(fullPath);
            return FromPackage(settings, package, name);
        }
        catch
        {
            package.Dispose();
            throw;
        }
    }

    public void Dispose() => deploymentPackage?.Dispose();

    private static DeploymentPackage OpenPackage(string path)
    {
        try
        {
            return DeploymentPackage.Open(path);
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static FunctionPackage FromCommand(FunctionSettings settings)
    {
        var command = settings.Command;
        var options = new LambdaProcessOptions
        {
            FileName = command[0],
            Arguments = command.Skip(1).ToList(),
            Handler = settings.Handler ?? Path.GetFileName(command[0]),
            InheritEnvironment = true,
        };
        Configure(options, settings);
        return new FunctionPackage(SafeName(Path.GetFileName(command[0])), "command: " + string.Join(' ', command), options, null);
    }

    private static FunctionPackage FromPackage(FunctionSettings settings, DeploymentPackage package, string name) => package.Kind switch
    {
        DeploymentPackageKind.OsOnly => FromBootstrap(settings, package, name),
        DeploymentPackageKind.Managed => FromAssembly(settings, package, name),
        _ => throw new UsageException(package.RuntimeConfigs.Count == 0
            ? $"'{name}' has no 'bootstrap' and no '*.runtimeconfig.json' at its root: it is not a Lambda package (OS-only or managed .NET)"
            : $"'{name}' has several '*.runtimeconfig.json' files at its root; keep the function's only"),
    };

    private static FunctionPackage FromBootstrap(FunctionSettings settings, DeploymentPackage package, string name)
    {
        var bootstrap = package.Bootstrap;
        if ((File.GetUnixFileMode(bootstrap) & UnixFileMode.UserExecute) == 0)
        {
            throw new UsageException($"'{name}': 'bootstrap' is not executable (Lambda needs mode 755; chmod +x it before zipping)");
        }

        var notes = new List<string>();
        var info = NativeFileReader.Read(bootstrap);
        var kind = "script";
        if (info.Format == NativeFileFormat.Elf && info.Slices.Count == 1)
        {
            var architecture = LambdaArchitecture(info.Slices[0].Architecture);
            kind = architecture + " ELF";
            if (settings.Architecture is { } wanted && wanted != architecture)
            {
                throw new UsageException($"--architecture {wanted}: '{name}' has an {architecture} bootstrap; publish it for {wanted} or drop the option");
            }

            if (architecture != HostArchitecture())
            {
                notes.Add($"note: the bootstrap is {architecture} and this machine is {HostArchitecture()}; it runs only with an emulator such as qemu-user");
            }
        }
        else if (info.Format != NativeFileFormat.Unknown)
        {
            throw new UsageException($"'{name}': 'bootstrap' is a {info.Format} file, not a Linux ELF executable or a script");
        }
        else if (settings.Architecture is not null)
        {
            notes.Add($"note: --architecture {settings.Architecture} not checked: 'bootstrap' is a script, not an ELF executable");
        }

        var options = package.StartOptions(DotnetRuntime.Running, settings.Handler, inheritEnvironment: false);

        // OS-only runtimes (provided.al2023) do not set AWS_EXECUTION_ENV.
        options.Environment["AWS_EXECUTION_ENV"] = null;
        options.Environment["PATH"] = LambdaPath;
        Configure(options, settings);
        var result = new FunctionPackage(SafeName(name), $"OS-only package ({kind} bootstrap) {name}", options, package);
        result.Notes.AddRange(notes);
        return result;
    }

    private static FunctionPackage FromAssembly(FunctionSettings settings, DeploymentPackage package, string name)
    {
        var runtimeConfig = Path.GetFileName(package.RuntimeConfigs[0]);
        if (!File.Exists(package.AssemblyPath))
        {
            throw new UsageException($"'{name}' has '{runtimeConfig}' but no '{package.AssemblyName}.dll'");
        }

        var dotnet = DotnetHost.Find() ?? throw new UsageException("managed package: 'dotnet' was not found (set DOTNET_ROOT or put it on PATH)");
        var major = DotnetHost.TargetMajorVersion(package.RuntimeConfigs[0])
            ?? throw new UsageException($"'{runtimeConfig}' names no .NET runtime version (a self-contained app needs a 'bootstrap')");
        var options = package.StartOptions(() => new DotnetRuntime(dotnet, major), settings.Handler, inheritEnvironment: false);
        options.Environment["PATH"] = LambdaPath;
        options.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(dotnet)!;
        var result = new FunctionPackage(SafeName(name), $"managed package (dotnet{major}) {name}: dotnet exec {package.AssemblyName}.dll", options, package);
        if (!DotnetHost.HasRuntime(dotnet, major))
        {
            options.Environment["DOTNET_ROLL_FORWARD"] = "Major";
            result.Notes.Add($"note: no .NET {major} runtime here; running on a newer one with DOTNET_ROLL_FORWARD=Major");
        }

        Configure(options, settings);
        return result;
    }

    /// <summary>User variables and the log format go on top of what the package kind sets.</summary>
    private static void Configure(LambdaProcessOptions options, FunctionSettings settings)
    {
        if (settings.LogFormat is { } format)
        {
            options.Environment["AWS_LAMBDA_LOG_FORMAT"] = format;
        }

        foreach (var (name, value) in settings.Environment)
        {
            options.Variables[name] = value;
        }
    }

    private static string LambdaArchitecture(NativeArchitecture architecture) =>
        LambdaTargets.FindArchitecture(architecture)?.Name ?? architecture.ToString();

    private static string HostArchitecture() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => LambdaTargets.X86_64.Name,
        System.Runtime.InteropServices.Architecture.Arm64 => LambdaTargets.Arm64.Name,
        var other => other.ToString(),
    };

    /// <summary>Lambda's function-name characters: letters, digits, '-' and '_' (64 at most).</summary>
    private static string SafeName(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        return safe.Length == 0 ? "function" : safe[..Math.Min(64, safe.Length)];
    }
}
