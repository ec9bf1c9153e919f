namespace LambdaKit.Tool;

/// <summary>The tool's exit codes, spelled once.</summary>
internal static class ExitCodes
{
    /// <summary>Every invocation succeeded (or <c>serve</c> was stopped).</summary>
    public const int Success = 0;

    /// <summary>At least one invocation failed: a function error, a timeout, a runtime that exited.</summary>
    public const int FunctionError = 1;

    /// <summary>Bad usage or a package that cannot run; one line on standard error says why.</summary>
    public const int UsageError = 2;

    /// <summary>Stopped by SIGINT (Ctrl+C), as shells report it (128 + 2).</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM (128 + 15).</summary>
    public const int Terminated = 143;
}
