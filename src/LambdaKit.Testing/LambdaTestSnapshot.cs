using LambdaKit.Runtime;

namespace LambdaKit.Testing;

/// <summary>
/// An in-process SnapStart function's snapshot: its init (handler construction and the before-snapshot hooks) runs
/// once, in the first environment; every environment restored from it, the first included, gets the same handler and
/// runs the after-restore hooks again. One heap stands for the snapshot: see docs/testing.md, SnapStart.
/// </summary>
internal sealed class LambdaTestSnapshot
{
    private readonly LambdaFunctionDescriptor function;
    private readonly SnapshotHooks hooks = new(keepsAfterRestoreHooks: true);
    private readonly object gate = new();
    private LambdaHandler? handler;

    public LambdaTestSnapshot(LambdaFunctionDescriptor function, Func<RuntimeApiEmulatorOptions> emulatorOptions, InProcessLambdaOptions hostOptions)
    {
        this.function = function;
        EmulatorOptions = emulatorOptions;
        HostOptions = hostOptions;
    }

    public Func<RuntimeApiEmulatorOptions> EmulatorOptions { get; }

    public InProcessLambdaOptions HostOptions { get; }

    /// <summary>Completes once init and the before-snapshot hooks are done; fails with the failure of either.</summary>
    public Task Taken => hooks.Taken;

    /// <summary>Hosts one environment of this snapshot: init the first time, the snapshot's handler afterwards.</summary>
    public InProcessLambda Host(RuntimeApiEmulator emulator) =>
        InProcessLambda.Start(emulator, InitializeOrRestore, HostOptions, hooks);

    private ValueTask<LambdaHandler> InitializeOrRestore(LambdaInitContext context)
    {
        lock (gate)
        {
            try
            {
                handler ??= function.CreateHandler();
                return ValueTask.FromResult(handler);
            }
            catch (Exception ex)
            {
                hooks.FailSnapshot(ex);
                throw;
            }
        }
    }
}
