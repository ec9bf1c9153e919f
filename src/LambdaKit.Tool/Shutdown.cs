using System.Runtime.InteropServices;

namespace LambdaKit.Tool;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM: instead of dying at once, the tool cancels <see cref="Token"/>, stops the function's
/// whole process group, removes its temporary folders and exits with <see cref="ExitCode"/> (130 or 143).
/// </summary>
internal sealed class Shutdown : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;

    public Shutdown()
    {
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Request(context, ExitCodes.Interrupted));
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Request(context, ExitCodes.Terminated));
    }

    public CancellationToken Token => source.Token;

    /// <summary>The exit code for the signal received; <see cref="ExitCodes.Success"/> while none was.</summary>
    public int ExitCode { get; private set; }

    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        source.Dispose();
    }

    private void Request(PosixSignalContext context, int exitCode)
    {
        context.Cancel = true;
        if (ExitCode == ExitCodes.Success)
        {
            ExitCode = exitCode;
        }

        source.Cancel();
    }
}
