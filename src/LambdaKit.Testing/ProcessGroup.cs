using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LambdaKit.Testing;

/// <summary>
/// Starts a child in a process group of its own (through <c>setsid</c>, which execs in place, so the child keeps its
/// process id) and kills that whole group, which also reaches grandchildren that were re-parented when their parent
/// exited (<c>( sleep 600 &amp; )</c>), beyond what <see cref="Process.Kill(bool)"/> can find by walking children.
/// </summary>
internal static class ProcessGroup
{
    private const int SigKill = 9;

    private static readonly string? Setsid = OperatingSystem.IsLinux()
        ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists)
        : null;

    /// <summary>
    /// Rewrites <paramref name="startInfo"/> to run its program under <c>setsid</c>; false (unchanged) where that is not
    /// possible, or where the program cannot be started, so that <see cref="Process.Start()"/> reports that as before.
    /// </summary>
    public static bool TryIsolate(ProcessStartInfo startInfo)
    {
        if (!OperatingSystem.IsLinux() || Setsid is null || ResolveExecutable(startInfo.FileName) is not { } program)
        {
            return false;
        }

        startInfo.ArgumentList.Insert(0, program);
        startInfo.FileName = Setsid;
        return true;
    }

    /// <summary>Kills the group led by <paramref name="process"/> (when it has one) and its tree of children.</summary>
    public static void KillTree(Process process, bool ownGroup)
    {
        if (ownGroup)
        {
            // The group outlives its leader, so this also works after the runtime itself has exited.
            _ = Kill(-process.Id, SigKill);
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>Lambda's wording for a runtime ended by SIGKILL (as the out-of-memory killer ends it).</summary>
    public const string KilledStatus = "signal: killed";

    /// <summary>How Lambda words a runtime's end: <c>exit status N</c>, or <c>signal: killed</c> for a signal.</summary>
    public static string DescribeExit(int exitCode) => exitCode switch
    {
        // .NET reports a process ended by signal N as 128 + N.
        > 128 and < 160 => "signal: " + SignalName(exitCode - 128),
        _ => "exit status " + exitCode,
    };

    private static string SignalName(int signal) => signal switch
    {
        1 => "hangup",
        2 => "interrupt",
        3 => "quit",
        4 => "illegal instruction",
        5 => "trace/breakpoint trap",
        6 => "aborted",
        7 => "bus error",
        8 => "floating point exception",
        9 => "killed",
        11 => "segmentation fault",
        13 => "broken pipe",
        14 => "alarm clock",
        15 => "terminated",
        _ => "signal " + signal,
    };

    /// <summary>The path <see cref="Process.Start()"/> would run: as given when it has a slash, else from PATH.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string? ResolveExecutable(string fileName)
    {
        var candidates = fileName.Contains('/', StringComparison.Ordinal)
            ? [Path.GetFullPath(fileName)]
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, fileName));
        return candidates.FirstOrDefault(IsExecutableFile);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool IsExecutableFile(string path) =>
        File.Exists(path)
        && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int processId, int signal);
}
