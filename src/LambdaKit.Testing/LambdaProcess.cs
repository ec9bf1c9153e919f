using System.Diagnostics;

namespace LambdaKit.Testing;

/// <summary>
/// A runtime running as a child process against a <see cref="RuntimeApiEmulator"/>, with Lambda's environment
/// variables and captured output. Like Lambda, a timed-out invocation, an init timeout or a runtime that exits resets
/// the environment: the process is killed and started again before the next invocation is handed out. The process
/// runs in a process group of its own (Linux); resets and disposing kill the whole group.
/// </summary>
public sealed class LambdaProcess : IAsyncDisposable
{
    /// <summary>The variable through which the process learns its private temporary folder.</summary>
    public const string TemporaryDirectoryVariable = "TMPDIR";

    private readonly RuntimeApiEmulator emulator;
    private readonly ProcessStartInfo startInfo;
    private readonly Action? reset;
    private readonly int outputLineLimit;
    private readonly MemoryLimitMode memoryLimit;
    private readonly object gate = new();
    private readonly Queue<ProcessOutputLine> output = new();
    private readonly List<(Func<ProcessOutputLine, bool> Predicate, TaskCompletionSource<ProcessOutputLine> Signal)> waiters = new();
    private RuntimeProcess current = null!;
    private Task restarting = Task.CompletedTask;
    private int restarts;
    private long droppedLines;
    private bool disposed;
    private bool processDisposed;
    private int? exitCodeAtDispose;

    private LambdaProcess(RuntimeApiEmulator emulator, ProcessStartInfo startInfo, IReadOnlyDictionary<string, string> environment, LambdaProcessOptions options, string temporaryDirectory)
    {
        TemporaryDirectory = temporaryDirectory;
        this.emulator = emulator;
        this.startInfo = startInfo;
        Environment = environment;
        reset = options.ResetAfterTimeout ? OnReset : null;
        outputLineLimit = options.OutputLineLimit;
        memoryLimit = options.MemoryLimit;
    }

    /// <summary>Raised for every output line, on a background thread.</summary>
    public event EventHandler<ProcessOutputLine>? OutputReceived;

    /// <summary>
    /// The execution environment's private <c>/tmp</c>, passed as <c>TMPDIR</c>: kept across resets (Lambda does not clear
    /// <c>/tmp</c> when it resets an environment) and removed by <see cref="DisposeAsync"/>.
    /// </summary>
    public string TemporaryDirectory { get; }

    /// <summary>
    /// What holds the current process to the memory size: <see cref="MemoryLimitMode.Cgroup"/>,
    /// <see cref="MemoryLimitMode.Sampling"/> or <see cref="MemoryLimitMode.Off"/>.
    /// </summary>
    public MemoryLimitMode MemoryLimit => Current.Memory?.Mode ?? MemoryLimitMode.Off;

    /// <summary>The operating-system process id of the current runtime process.</summary>
    public int Id => Current.Process.Id;

    /// <summary>How many times the process was started again after a timeout, an init timeout or an exit.</summary>
    public int Restarts
    {
        get
        {
            lock (gate)
            {
                return restarts;
            }
        }
    }

    /// <summary>The Lambda variables the process was started with (after overrides, without inherited ones).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>True once the current process has exited.</summary>
    public bool HasExited => processDisposed ? exitCodeAtDispose.HasValue : Current.Process.HasExited;

    /// <summary>The exit code of the current process, or null while it runs.</summary>
    public int? ExitCode => processDisposed ? exitCodeAtDispose : Current.Process.HasExited ? Current.Process.ExitCode : null;

    /// <summary>
    /// The last <see cref="LambdaProcessOptions.OutputLineLimit"/> standard output and standard error lines, in the
    /// order they were read, with the emulator's <c>START</c>/<c>END</c>/<c>REPORT</c> lines
    /// (<see cref="ProcessOutputLine.IsPlatform"/>) where they happened. Older lines are dropped (they were raised by
    /// <see cref="OutputReceived"/>); <see cref="DroppedOutputLines"/> counts them.
    /// </summary>
    public IReadOnlyList<ProcessOutputLine> Output
    {
        get
        {
            lock (gate)
            {
                return output.ToArray();
            }
        }
    }

    /// <summary>How many lines fell out of <see cref="Output"/> because of its limit.</summary>
    public long DroppedOutputLines
    {
        get
        {
            lock (gate)
            {
                return droppedLines;
            }
        }
    }

    /// <summary>Standard output lines so far (within the limit).</summary>
    public IReadOnlyList<string> StandardOutput => Lines(isStandardError: false);

    /// <summary>Standard error lines so far.</summary>
    public IReadOnlyList<string> StandardError => Lines(isStandardError: true);

    private RuntimeProcess Current
    {
        get
        {
            lock (gate)
            {
                return current;
            }
        }
    }

    /// <summary>Starts <paramref name="options"/>' executable with the Lambda environment of <paramref name="emulator"/>.</summary>
    public static LambdaProcess Start(RuntimeApiEmulator emulator, LambdaProcessOptions options) =>
        Start(emulator, options, outputReceived: null);

    /// <summary>
    /// Starts <paramref name="options"/>' executable like <see cref="Start(RuntimeApiEmulator, LambdaProcessOptions)"/>,
    /// with <paramref name="outputReceived"/> subscribed to <see cref="OutputReceived"/> before the process starts, so it
    /// also sees the lines a runtime writes at once (a handler added after <c>Start</c> returns may miss them).
    /// </summary>
    public static LambdaProcess Start(RuntimeApiEmulator emulator, LambdaProcessOptions options, EventHandler<ProcessOutputLine>? outputReceived)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.OutputLineLimit, 1, nameof(options));
        var workingDirectory = Path.GetFullPath(options.WorkingDirectory ?? Directory.GetCurrentDirectory());
        var lambdaVariables = LambdaEnvironment.Create(emulator, options.Handler, workingDirectory, options.ExecutionEnvironment);
        LambdaEnvironment.Apply(lambdaVariables, options.Variables, options.Environment);

        // The execution environment's private /tmp; a variable of the function (or an override) may still move it.
        var temporaryDirectory = Directory.CreateTempSubdirectory("lambdakit-tmp-").FullName;
        lambdaVariables.TryAdd(TemporaryDirectoryVariable, temporaryDirectory);

        var startInfo = new ProcessStartInfo(options.FileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var argument in options.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (!options.InheritEnvironment)
        {
            startInfo.Environment.Clear();
        }

        foreach (var (name, value) in lambdaVariables)
        {
            startInfo.Environment[name] = value;
        }

        foreach (var (name, value) in options.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
        }

        var lambdaProcess = new LambdaProcess(emulator, startInfo, lambdaVariables, options, temporaryDirectory);
        lambdaProcess.OutputReceived += outputReceived;
        emulator.PlatformLogLineWritten += lambdaProcess.OnPlatformLine;
        try
        {
            lock (lambdaProcess.gate)
            {
                lambdaProcess.current = lambdaProcess.StartRuntimeLocked();
            }
        }
        catch
        {
            emulator.PlatformLogLineWritten -= lambdaProcess.OnPlatformLine;
            lambdaProcess.RemoveTemporaryDirectory();
            throw;
        }

        return lambdaProcess;
    }

    /// <summary>Waits for the first output line (past or future) that satisfies <paramref name="predicate"/>.</summary>
    /// <exception cref="InvalidOperationException">The process exited and closed its output without such a line.</exception>
    public Task<ProcessOutputLine> WaitForOutputAsync(Func<ProcessOutputLine, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (gate)
        {
            foreach (var line in output)
            {
                if (predicate(line))
                {
                    return Task.FromResult(line);
                }
            }

            if (current.OutputClosed && !current.Replaced)
            {
                return Task.FromException<ProcessOutputLine>(new InvalidOperationException("The process closed its output without writing a matching line."));
            }

            var signal = new TaskCompletionSource<ProcessOutputLine>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((predicate, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits for the process to exit and its output to be fully read; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        var runtime = Current;
        await runtime.Process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(runtime.StandardOutputClosed.Task, runtime.StandardErrorClosed.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        return runtime.Process.ExitCode;
    }

    /// <summary>
    /// Kills the current process and its process group, if still running. Like any exit of the runtime, the pending or
    /// next invocation then fails with <c>Runtime.ExitError</c> (<c>signal: killed</c>) and the one after that starts a
    /// new process.
    /// </summary>
    public void Kill()
    {
        var runtime = Current;
        runtime.KilledByHost = true;
        ProcessGroup.KillTree(runtime.Process, runtime.OwnGroup);
    }

    /// <summary>Kills the process tree and waits briefly for it to go away.</summary>
    public async ValueTask DisposeAsync()
    {
        Task pendingRestart;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            pendingRestart = restarting;
        }

        emulator.PlatformLogLineWritten -= OnPlatformLine;
        if (reset is not null)
        {
            emulator.EndEnvironment(reset);
        }

        try
        {
            await pendingRestart.ConfigureAwait(false);
        }
        finally
        {
            var runtime = Current;
            var process = runtime.Process;
            ProcessGroup.KillTree(process, runtime.OwnGroup);
            await WaitForExitBrieflyAsync(process).ConfigureAwait(false);
            runtime.Memory?.Dispose();
            exitCodeAtDispose = process.HasExited ? process.ExitCode : null;
            processDisposed = true;
            process.Dispose();
            RemoveTemporaryDirectory();
        }
    }

    private void RemoveTemporaryDirectory()
    {
        try
        {
            Directory.Delete(TemporaryDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // The function removed it itself.
        }
    }

    private static async Task WaitForExitBrieflyAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A process that ignores SIGKILL this long is beyond our reach; do not hang the test run.
        }
    }

    /// <summary>Starts a process from <see cref="startInfo"/> as a new execution environment of the emulator.</summary>
    private RuntimeProcess StartRuntimeLocked()
    {
        var isolated = CloneStartInfo();
        var ownGroup = ProcessGroup.TryIsolate(isolated);
        var runtime = new RuntimeProcess(new Process { StartInfo = isolated, EnableRaisingEvents = true }, ownGroup);
        runtime.Process.OutputDataReceived += (_, e) => OnLine(e.Data, isStandardError: false, runtime);
        runtime.Process.ErrorDataReceived += (_, e) => OnLine(e.Data, isStandardError: true, runtime);
        runtime.Process.Exited += (_, _) => _ = OnExitedAsync(runtime);
        runtime.Environment = emulator.BeginEnvironment(reset);
        try
        {
            runtime.Process.Start();
        }
        catch
        {
            runtime.Process.Dispose();
            throw;
        }

        emulator.SetEnvironmentProcess(runtime.Process.Id);
        runtime.Memory = Testing.MemoryLimit.Watch(runtime.Process.Id, emulator.Options.MemorySizeMb, memoryLimit, () => ProcessGroup.KillTree(runtime.Process, runtime.OwnGroup));
        runtime.Process.BeginOutputReadLine();
        runtime.Process.BeginErrorReadLine();
        return runtime;
    }

    private ProcessStartInfo CloneStartInfo()
    {
        var copy = new ProcessStartInfo(startInfo.FileName)
        {
            WorkingDirectory = startInfo.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var argument in startInfo.ArgumentList)
        {
            copy.ArgumentList.Add(argument);
        }

        copy.Environment.Clear();
        foreach (var (name, value) in startInfo.Environment)
        {
            copy.Environment[name] = value;
        }

        return copy;
    }

    /// <summary>
    /// The runtime exited without being told to: once its output is read (or after a moment, since a grandchild may
    /// hold the pipes), the emulator fails the pending or next invocation with <c>Runtime.ExitError</c>.
    /// </summary>
    private async Task OnExitedAsync(RuntimeProcess runtime)
    {
        lock (gate)
        {
            if (disposed || runtime.Replaced)
            {
                return;
            }
        }

        await Task.WhenAny(Task.WhenAll(runtime.StandardOutputClosed.Task, runtime.StandardErrorClosed.Task), Task.Delay(200)).ConfigureAwait(false);
        int exitCode;
        lock (gate)
        {
            if (disposed || runtime.Replaced)
            {
                return;
            }

            exitCode = runtime.Process.ExitCode;
        }

        var status = ProcessGroup.DescribeExit(exitCode);
        var outOfMemory = status == ProcessGroup.KilledStatus && !runtime.KilledByHost && runtime.Memory?.WasExceeded == true;
        runtime.Memory?.Dispose();
        emulator.ReportExit(runtime.Environment, new RuntimeExit(status, outOfMemory ? RuntimeExit.OutOfMemoryErrorType : RuntimeExit.ExitErrorType));
    }

    /// <summary>Called by the emulator to reset the environment; it hands out nothing more until the new process has started.</summary>
    private void OnReset()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            current.Replaced = true;
            restarting = Task.Run(RestartAsync);
        }
    }

    private async Task RestartAsync()
    {
        var old = Current;
        ProcessGroup.KillTree(old.Process, old.OwnGroup);
        await WaitForExitBrieflyAsync(old.Process).ConfigureAwait(false);
        old.Memory?.Dispose();
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            current = StartRuntimeLocked();
            restarts++;
        }

        old.Process.Dispose();
    }

    private string[] Lines(bool isStandardError)
    {
        lock (gate)
        {
            return output.Where(line => !line.IsPlatform && line.IsStandardError == isStandardError).Select(line => line.Text).ToArray();
        }
    }

    private void OnLine(string? text, bool isStandardError, RuntimeProcess runtime)
    {
        if (text is null)
        {
            (isStandardError ? runtime.StandardErrorClosed : runtime.StandardOutputClosed).TrySetResult();
            FailWaitersIfOutputEnded(runtime);
            return;
        }

        Add(new ProcessOutputLine(text, isStandardError, DateTimeOffset.UtcNow));
    }

    private void OnPlatformLine(object? sender, string text) =>
        Add(new ProcessOutputLine(text, IsStandardError: false, DateTimeOffset.UtcNow, IsPlatform: true));

    private void Add(ProcessOutputLine line)
    {
        List<TaskCompletionSource<ProcessOutputLine>>? matched = null;
        lock (gate)
        {
            output.Enqueue(line);
            if (output.Count > outputLineLimit)
            {
                output.Dequeue();
                droppedLines++;
            }

            for (var i = waiters.Count - 1; i >= 0; i--)
            {
                if (waiters[i].Predicate(line))
                {
                    (matched ??= new()).Add(waiters[i].Signal);
                    waiters.RemoveAt(i);
                }
            }
        }

        if (matched is not null)
        {
            foreach (var signal in matched)
            {
                signal.TrySetResult(line);
            }
        }

        OutputReceived?.Invoke(this, line);
    }

    /// <summary>Once the current process has closed its output for good (it is not being replaced), no line can come.</summary>
    private void FailWaitersIfOutputEnded(RuntimeProcess runtime)
    {
        lock (gate)
        {
            if (!runtime.OutputClosed || runtime.Replaced || !ReferenceEquals(runtime, current))
            {
                return;
            }

            foreach (var (_, signal) in waiters)
            {
                signal.TrySetException(new InvalidOperationException("The process closed its output without writing a matching line."));
            }

            waiters.Clear();
        }
    }

    /// <summary>One started process and the state of its output streams.</summary>
    private sealed class RuntimeProcess(Process process, bool ownGroup)
    {
        public Process Process { get; } = process;

        /// <summary>Whether the process leads a process group of its own (started through <c>setsid</c>).</summary>
        public bool OwnGroup { get; } = ownGroup;

        /// <summary>The emulator's number for the execution environment this process is.</summary>
        public int Environment { get; set; }

        public TaskCompletionSource StandardOutputClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource StandardErrorClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool OutputClosed => StandardOutputClosed.Task.IsCompleted && StandardErrorClosed.Task.IsCompleted;

        /// <summary>What holds the process to the memory size.</summary>
        public MemoryLimit? Memory { get; set; }

        /// <summary>Set when <see cref="Kill"/> ended the process, which is never an out-of-memory kill.</summary>
        public bool KilledByHost { get; set; }

        /// <summary>Set under the host's lock when a reset condemned this process.</summary>
        public bool Replaced { get; set; }
    }
}
