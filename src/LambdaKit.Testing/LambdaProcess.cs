using System.Diagnostics;

namespace LambdaKit.Testing;

/// <summary>
/// A runtime running as a child process against a <see cref="RuntimeApiEmulator"/>, with Lambda's environment
/// variables and captured output. Disposing kills the process tree.
/// </summary>
public sealed class LambdaProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly object gate = new();
    private readonly List<ProcessOutputLine> output = new();
    private readonly List<(Func<ProcessOutputLine, bool> Predicate, TaskCompletionSource<ProcessOutputLine> Signal)> waiters = new();
    private readonly TaskCompletionSource stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool disposed;
    private bool processDisposed;
    private int? exitCodeAtDispose;

    private readonly RuntimeApiEmulator emulator;

    private LambdaProcess(RuntimeApiEmulator emulator, Process process, IReadOnlyDictionary<string, string> environment)
    {
        this.emulator = emulator;
        this.process = process;
        Environment = environment;
    }

    /// <summary>Raised for every output line, on a background thread.</summary>
    public event EventHandler<ProcessOutputLine>? OutputReceived;

    /// <summary>The operating-system process id.</summary>
    public int Id => process.Id;

    /// <summary>The Lambda variables the process was started with (after overrides, without inherited ones).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => processDisposed ? exitCodeAtDispose.HasValue : process.HasExited;

    /// <summary>The exit code, or null while the process runs.</summary>
    public int? ExitCode => processDisposed ? exitCodeAtDispose : process.HasExited ? process.ExitCode : null;

    /// <summary>
    /// Standard output and standard error lines so far, in the order they were read, with the emulator's
    /// <c>START</c>/<c>END</c>/<c>REPORT</c> lines (<see cref="ProcessOutputLine.IsPlatform"/>) where they happened.
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

    /// <summary>Standard output lines so far.</summary>
    public IReadOnlyList<string> StandardOutput => Lines(isStandardError: false);

    /// <summary>Standard error lines so far.</summary>
    public IReadOnlyList<string> StandardError => Lines(isStandardError: true);

    /// <summary>Starts <paramref name="options"/>' executable with the Lambda environment of <paramref name="emulator"/>.</summary>
    public static LambdaProcess Start(RuntimeApiEmulator emulator, LambdaProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        ArgumentNullException.ThrowIfNull(options);
        var workingDirectory = Path.GetFullPath(options.WorkingDirectory ?? Directory.GetCurrentDirectory());
        var lambdaVariables = LambdaEnvironment.Create(emulator, options.Handler, workingDirectory, options.ExecutionEnvironment);
        foreach (var (name, value) in options.Environment)
        {
            if (value is null)
            {
                lambdaVariables.Remove(name);
            }
            else
            {
                lambdaVariables[name] = value;
            }
        }

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

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var lambdaProcess = new LambdaProcess(emulator, process, lambdaVariables);
        process.OutputDataReceived += (_, e) => lambdaProcess.OnLine(e.Data, isStandardError: false);
        process.ErrorDataReceived += (_, e) => lambdaProcess.OnLine(e.Data, isStandardError: true);
        emulator.BeginEnvironment();
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        emulator.SetEnvironmentProcess(process.Id);
        emulator.PlatformLogLineWritten += lambdaProcess.OnPlatformLine;

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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

            if (stdoutClosed.Task.IsCompleted && stderrClosed.Task.IsCompleted)
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
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(stdoutClosed.Task, stderrClosed.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <summary>Kills the process and its children, if still running.</summary>
    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>Kills the process tree and waits briefly for it to go away.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        emulator.PlatformLogLineWritten -= OnPlatformLine;
        Kill();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A process that ignores SIGKILL this long is beyond our reach; do not hang the test run.
            }
        }

        exitCodeAtDispose = process.HasExited ? process.ExitCode : null;
        processDisposed = true;
        process.Dispose();
    }

    private string[] Lines(bool isStandardError)
    {
        lock (gate)
        {
            return output.Where(line => !line.IsPlatform && line.IsStandardError == isStandardError).Select(line => line.Text).ToArray();
        }
    }

    private void OnLine(string? text, bool isStandardError)
    {
        if (text is null)
        {
            (isStandardError ? stderrClosed : stdoutClosed).TrySetResult();
            if (stdoutClosed.Task.IsCompleted && stderrClosed.Task.IsCompleted)
            {
                FailWaiters();
            }

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
            output.Add(line);
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

    private void FailWaiters()
    {
        lock (gate)
        {
            foreach (var (_, signal) in waiters)
            {
                signal.TrySetException(new InvalidOperationException("The process closed its output without writing a matching line."));
            }

            waiters.Clear();
        }
    }
}
