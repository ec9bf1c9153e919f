using System.Diagnostics;

namespace LambdaKit.Benchmarks;

/// <summary>Where the benchmark runs from: how to start itself again, and where the repository is.</summary>
internal static class BenchmarkHost
{
    /// <summary>The command that starts this benchmark program again: its apphost, or <c>dotnet</c> plus its dll.</summary>
    public static (string FileName, IReadOnlyList<string> Arguments) Self()
    {
        string process = Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown.");
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? (process, [typeof(BenchmarkHost).Assembly.Location])
            : (process, []);
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Analyzers.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// Publishes <paramref name="project"/> with Native AOT for linux-x64 into <paramref name="outputDirectory"/>,
    /// with any further <paramref name="arguments"/> (such as <c>-p:</c> properties).
    /// </summary>
    public static async Task PublishAotAsync(string project, string outputDirectory, string artifactsDirectory, params string[] arguments)
    {
        var run = await DotnetAsync(
            [
                "publish", project, "-c", "Release", "-r", "linux-x64", "-o", outputDirectory,
                // Own bin/obj: the repository's build outputs are neither reused nor disturbed, and reruns are incremental.
                "--artifacts-path", artifactsDirectory, .. arguments,
            ]);
        run.ThrowIfFailed();
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>, captures its output and times it, start to exit.</summary>
    public static async Task<DotnetRun> DotnetAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetPath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Lingering MSBuild nodes and compiler servers would inherit the redirected pipes and keep them open.
        foreach (string argument in arguments.Concat(["--disable-build-servers", "-tl:off", "-nologo"]))
        {
            start.ArgumentList.Add(argument);
        }

        IsolateEnvironment(start);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        watch.Stop();
        return new DotnetRun(string.Join(' ', arguments), process.ExitCode, await output + await error, watch.Elapsed);
    }

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> with build servers allowed, so a compiler server it starts
    /// stays up for the next build. The output goes to <paramref name="logFile"/>, not to pipes: a lingering server
    /// would inherit pipes and keep them open, but only the dotnet process's exit is waited for here.
    /// </summary>
    public static async Task<DotnetRun> DotnetWithBuildServersAsync(string logFile, params string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        string[] shell = ["-c", "exec \"$0\" \"$@\" >\"$LAMBDAKIT_BENCHMARK_LOG\" 2>&1", DotnetPath(), .. arguments, "-tl:off", "-nologo"];
        foreach (string argument in shell)
        {
            start.ArgumentList.Add(argument);
        }

        IsolateEnvironment(start);
        start.Environment["LAMBDAKIT_BENCHMARK_LOG"] = logFile;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("sh did not start.");
        await process.WaitForExitAsync();
        watch.Stop();
        return new DotnetRun(string.Join(' ', arguments), process.ExitCode, await File.ReadAllTextAsync(logFile), watch.Elapsed);
    }

    private static string DotnetPath() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet";

    private static void IsolateEnvironment(ProcessStartInfo start)
    {
        // Under `dotnet run`, MSBuild's variables would leak into the child build.
        foreach (string name in start.Environment.Keys.Where(key => key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
    }
}

/// <summary>One <c>dotnet</c> command: its exit code, everything it printed, and its wall-clock time.</summary>
internal sealed record DotnetRun(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    public void ThrowIfFailed()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {Command} failed ({ExitCode}):\n{Output}");
        }
    }
}
