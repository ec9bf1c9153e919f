using System.Runtime.InteropServices;

namespace LambdaKit.EndToEnd.Tests;

/// <summary>libc calls .NET has no API for.</summary>
internal static class NativeMethods
{
    public const int SIGTERM = 15;

    /// <summary>Sends a signal; <see cref="System.Diagnostics.Process.Kill()"/> can only send SIGKILL.</summary>
    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int kill(int pid, int sig);
}
