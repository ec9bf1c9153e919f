using System.Text;
using LambdaKit.Runtime;

namespace LambdaKit.Testing;

/// <summary>
/// A LambdaKit.Runtime bootstrap loop hosted inside the test process against an emulator: the same client, loop and
/// error handling as a deployed function, without starting a process. Lambda's environment variables are passed to
/// the loop as a dictionary, so tests in one process do not share them. Like Lambda, a timeout resets the
/// environment: the loop running the late handler is abandoned (its answer is refused) and a fresh loop, initialised
/// again, takes the next invocation.
/// </summary>
public sealed class InProcessLambda : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly LogCapture _log = new();
    private readonly object _gate = new();
    private readonly List<CancellationTokenSource> _loops = new();
    private readonly Func<LambdaBootstrapOptions, CancellationToken, Task<int>> _run;
    private readonly LambdaBootstrapOptions _bootstrapOptions;
    private readonly Action? _reset;
    private int _restarts;
    private bool _disposed;

    private InProcessLambda(RuntimeApiEmulator emulator, Dictionary<string, string> environment, Func<LambdaBootstrapOptions, CancellationToken, Task<int>> run, InProcessLambdaOptions options)
    {
        Emulator = emulator;
        Environment = environment;
        _run = run;
        _reset = options.ResetAfterTimeout ? OnReset : null;
        _bootstrapOptions = new LambdaBootstrapOptions
        {
            EnvironmentVariables = environment,
            LogOutput = _log,
            HandleTerminationSignal = false,
            CancellationMargin = options.CancellationMargin,
            RetryPolicy = options.RetryPolicy,
        };
    }

    /// <summary>How many times a timeout (or an init timeout) replaced the loop with a fresh one.</summary>
    public int Restarts
    {
        get
        {
            lock (_gate)
            {
                return _restarts;
            }
        }
    }

    public RuntimeApiEmulator Emulator { get; }

    /// <summary>The Lambda environment variables the loop reads.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Completes with the current loop's exit code (see <see cref="LambdaBootstrap"/>'s exit-code constants).</summary>
    public Task<int> Completion { get; private set; } = Task.FromResult(0);

    /// <summary>
    /// Everything the function logged so far. The emulator's START/END/REPORT lines are not mixed in (they would
    /// break JSON-format logs); they are in <see cref="RuntimeApiEmulator.PlatformLog"/>.
    /// </summary>
    public string Log => _log.Text;

    /// <summary>The log, one entry per line.</summary>
    public IReadOnlyList<string> LogLines => _log.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Starts <paramref name="handler"/> against <paramref name="emulator"/>.</summary>
    public static InProcessLambda Start(RuntimeApiEmulator emulator, LambdaHandler handler, InProcessLambdaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Start(emulator, _ => ValueTask.FromResult(handler), options);
    }

    /// <summary>Starts a function with an init phase against <paramref name="emulator"/>.</summary>
    public static InProcessLambda Start(RuntimeApiEmulator emulator, Func<LambdaInitContext, ValueTask<LambdaHandler>> initialize, InProcessLambdaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        return Start(emulator, (bootstrapOptions, stop) => LambdaBootstrap.RunAsync(initialize, bootstrapOptions, stop), options);
    }

    /// <summary>Hosts <paramref name="initialize"/> with the SnapStart hooks of a snapshot restored many times.</summary>
    internal static InProcessLambda Start(RuntimeApiEmulator emulator, Func<LambdaInitContext, ValueTask<LambdaHandler>> initialize, InProcessLambdaOptions options, SnapshotHooks hooks) =>
        Start(
            emulator,
            (bootstrapOptions, stop) =>
            {
                // The loop's flow (its own, under Task.Run) registers and runs the snapshot's hooks.
                LambdaSnapshot.Use(hooks);
                return LambdaBootstrap.RunAsync(initialize, bootstrapOptions, stop);
            },
            options);

    /// <summary>Starts a handler that streams its response (<see cref="LambdaResponseStream"/>) against <paramref name="emulator"/>.</summary>
    public static InProcessLambda StartStreaming(RuntimeApiEmulator emulator, LambdaStreamingHandler handler, InProcessLambdaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Start(emulator, (bootstrapOptions, stop) => LambdaBootstrap.RunStreamingAsync(handler, bootstrapOptions, stop), options);
    }

    private static InProcessLambda Start(RuntimeApiEmulator emulator, Func<LambdaBootstrapOptions, CancellationToken, Task<int>> run, InProcessLambdaOptions? options)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        options ??= new InProcessLambdaOptions();
        var environment = LambdaEnvironment.Create(emulator, options.Handler);
        LambdaEnvironment.Apply(environment, options.Variables, options.Environment);

        var host = new InProcessLambda(emulator, environment, run, options);
        lock (host._gate)
        {
            host.StartLoopLocked();
        }

        return host;
    }

    /// <summary>Stops the loop as SIGTERM would and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        return await Completion.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        if (_reset is not null)
        {
            Emulator.EndEnvironment(_reset);
        }

        await StopAsync().ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var loop in _loops)
            {
                loop.Dispose();
            }
        }

        _stop.Dispose();
    }

    /// <summary>Starts a loop as a new execution environment of the emulator.</summary>
    private void StartLoopLocked()
    {
        var loop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        _loops.Add(loop);
        Emulator.BeginEnvironment(_reset);

        // Task.Run: the loop must not run its first steps on the caller's thread.
        Completion = Task.Run(() => _run(_bootstrapOptions, loop.Token));
    }

    /// <summary>
    /// Called by the emulator at a timeout: the running loop is told to stop and left behind (a handler on a thread of
    /// this process cannot be killed; its late answer gets 400), and a fresh loop initialises for the next invocation.
    /// </summary>
    private void OnReset()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _loops[^1].Cancel();
            StartLoopLocked();
            _restarts++;
        }
    }

    /// <summary>A write-only stream that keeps what the logger writes.</summary>
    private sealed class LogCapture : Stream
    {
        private readonly MemoryStream _buffer = new();

        public string Text
        {
            get
            {
                lock (_buffer)
                {
                    return Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length);
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_buffer)
            {
                _buffer.Write(buffer);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _buffer.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>Settings of <see cref="InProcessLambda"/>.</summary>
public sealed class InProcessLambdaOptions
{
    /// <summary>The <c>_HANDLER</c> string. Default <c>function</c>.</summary>
    public string Handler { get; set; } = "function";

    /// <summary>
    /// The function's configured variables, checked as Lambda checks them (names, reserved names, 4 KB in total):
    /// <c>InProcessLambda.Start</c> throws an <see cref="ArgumentException"/> for what Lambda would refuse.
    /// </summary>
    public IDictionary<string, string> Variables { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Variables applied last, unchecked, to add, overwrite or (with a null value) remove any of Lambda's environment,
    /// reserved ones included: for tests of what Lambda itself would not allow.
    /// </summary>
    public IDictionary<string, string?> Environment { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>
    /// Whether a timeout (or an init timeout) abandons the running loop and starts a fresh one for the next invocation,
    /// as Lambda resets the execution environment. Default true; without it the next invocation waits for the same loop.
    /// </summary>
    public bool ResetAfterTimeout { get; set; } = true;

    /// <inheritdoc cref="LambdaBootstrapOptions.CancellationMargin"/>
    public TimeSpan CancellationMargin { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Retries of the Runtime API client. Default: short delays, so a stopped emulator ends the loop quickly.</summary>
    public RuntimeApiRetryPolicy RetryPolicy { get; set; } = new(4, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200));
}
