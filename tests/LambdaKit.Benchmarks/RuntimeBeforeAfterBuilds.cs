using System.Diagnostics;
using System.Formats.Tar;
using LambdaKit.Testing;

namespace LambdaKit.Benchmarks;

/// <summary>
/// The concurrency part's before and after: the RawEcho program published with Native AOT against a copy of
/// src/LambdaKit.Runtime as of an earlier commit (<c>--before-ref</c>, extracted with the root build files it reads
/// under artifacts/benchmarks/before-runtime) and against the current one. One program source, so only the runtime differs.
/// </summary>
internal static class RuntimeBeforeAfterBuilds
{
    // The runtime project references nothing else in the repository; its build reads these root files.
    private static readonly string[] RuntimePaths =
        ["src/LambdaKit.Runtime", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", ".editorconfig"];

    public static async Task<RuntimeBeforeAfter> PrepareAsync(string beforeRef)
    {
        string root = BenchmarkHost.RepositoryRoot();
        string work = Path.Combine(root, "artifacts", "benchmarks");
        string commit = (await GitOutputAsync(root, "rev-parse", "--verify", "--end-of-options", beforeRef + "^{commit}")).Trim();
        string copy = Path.Combine(work, "before-runtime", commit);
        if (!Directory.Exists(copy))
        {
            await ExtractAsync(root, commit, copy);
        }

        string program = Path.Combine(root, "tests", "LambdaKit.Benchmarks", "RawEcho", "RawEcho.csproj");
        string shortCommit = commit[..7];
        Console.WriteLine($"Publishing tests/LambdaKit.Benchmarks/RawEcho with Native AOT against LambdaKit.Runtime at {shortCommit} and the current one ...");
        string before = Path.Combine(work, "RawEcho-" + shortCommit);
        string beforeRuntime = Path.Combine(copy, "src", "LambdaKit.Runtime", "LambdaKit.Runtime.csproj");
        await BenchmarkHost.PublishAotAsync(program, before, Path.Combine(work, "obj-RawEcho-" + shortCommit), "-p:LambdaKitRuntimeProject=" + beforeRuntime);
        string after = Path.Combine(work, "RawEcho");
        await BenchmarkHost.PublishAotAsync(program, after, Path.Combine(work, "obj-RawEcho"));
        return new RuntimeBeforeAfter(shortCommit, Launch(before), Launch(after));
    }

    private static LambdaProcessOptions Launch(string directory) =>
        new() { FileName = Path.Combine(directory, "RawEcho"), WorkingDirectory = directory };

    /// <summary>
    /// <c>git archive</c> of <paramref name="commit"/>'s runtime into a temporary directory, then moved into place:
    /// an existing copy is complete, and a commit's files never change, so later runs reuse it (and build incrementally).
    /// </summary>
    private static async Task ExtractAsync(string root, string commit, string copy)
    {
        string partial = copy + ".partial";
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }

        Directory.CreateDirectory(partial);
        using var git = StartGit(root, ["archive", "--format=tar", commit, "--", .. RuntimePaths]);
        var error = git.StandardError.ReadToEndAsync();
        await TarFile.ExtractToDirectoryAsync(git.StandardOutput.BaseStream, partial, overwriteFiles: true);
        await git.WaitForExitAsync();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git archive {commit} failed ({git.ExitCode}): {await error}");
        }

        Directory.Move(partial, copy);
    }

    private static async Task<string> GitOutputAsync(string root, params string[] arguments)
    {
        using var git = StartGit(root, arguments);
        var error = git.StandardError.ReadToEndAsync();
        string output = await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        return git.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({git.ExitCode}): {await error}");
    }

    private static Process StartGit(string root, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-C");
        start.ArgumentList.Add(root);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
    }
}

/// <summary>How to launch RawEcho against the runtime at <paramref name="BeforeCommit"/> and against the current one.</summary>
internal sealed record RuntimeBeforeAfter(string BeforeCommit, LambdaProcessOptions Before, LambdaProcessOptions After);
