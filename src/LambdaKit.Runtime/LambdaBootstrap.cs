using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LambdaKit.Runtime.Logging;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime;

/// <summary>
/// The runtime loop: initialize once, then get the next invocation, call the handler, post its response or error,
/// forever. Generated <c>Main</c> methods call <see cref="RunAsync(Func{LambdaInitContext, ValueTask{LambdaHandler}}, LambdaBootstrapOptions?, CancellationToken)"/>.
/// </summary>
public static class LambdaBootstrap
{
    /// <summary>Exit code after a requested stop (SIGTERM or cancellation).</summary>
    public const int ExitCodeStopped = 0;

    /// <summary>Exit code after initialization, or a SnapStart hook, failed and was reported to the Runtime API.</summary>
    public const int ExitCodeInitError = 1;

    /// <summary>Exit code when the Runtime API is missing, unreachable after retries, or refused <c>/next</c>.</summary>
    public const int ExitCodeRuntimeApiUnavailable = 2;

    /// <summary>Runs <paramref name="handler"/> until stopped. Returns the process exit code.</summary>
    public static Task<int> RunAsync(LambdaHandler handler, LambdaBootstrapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunAsync(_ => ValueTask.FromResult(handler), options, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="initialize"/> once (the init phase: create clients, read configuration, pick the handler),
    /// then the invocation loop. An exception from <paramref name="initialize"/> is reported to
    /// <c>/runtime/init/error</c> and ends the runtime with <see cref="ExitCodeInitError"/>. Returns the process exit code.
    /// </summary>
    public static Task<int> RunAsync(Func<LambdaInitContext, ValueTask<LambdaHandler>> initialize, LambdaBootstrapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        return RunCoreAsync(async init => Handlers.From(await initialize(init).ConfigureAwait(false)), options, cancellationToken);
    }

    /// <summary>Runs a handler that streams its response (<see cref="LambdaResponseStream"/>) until stopped. Returns the process exit code.</summary>
    public static Task<int> RunStreamingAsync(LambdaStreamingHandler handler, LambdaBootstrapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return RunStreamingAsync(_ => ValueTask.FromResult(handler), options, cancellationToken);
    }

    /// <summary>
    /// As <see cref="RunAsync(Func{LambdaInitContext, ValueTask{LambdaHandler}}, LambdaBootstrapOptions?, CancellationToken)"/>,
    /// for a handler that streams its response.
    /// </summary>
    public static Task<int> RunStreamingAsync(Func<LambdaInitContext, ValueTask<LambdaStreamingHandler>> initialize, LambdaBootstrapOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        return RunCoreAsync(async init => new Handlers(null, await initialize(init).ConfigureAwait(false)), options, cancellationToken);
    }

    private static async Task<int> RunCoreAsync(Func<LambdaInitContext, Task<Handlers>> initialize, LambdaBootstrapOptions? options, CancellationToken cancellationToken)
    {
        options ??= new LambdaBootstrapOptions();
        Func<string, string?> getEnvironmentVariable = options.EnvironmentVariables is { } variables
            ? name => variables.TryGetValue(name, out var value) ? value : null
            : Environment.GetEnvironmentVariable;
        var settings = LambdaFunctionSettings.FromEnvironment(getEnvironmentVariable);
        var logger = LambdaLogger.FromEnvironment(getEnvironmentVariable, options.LogOutput ?? Console.OpenStandardOutput());
        if (settings.MemorySizeProblem is { } memoryProblem)
        {
            logger.Log(LambdaLogLevel.Warning, memoryProblem);
        }

        if (settings.MaxConcurrencyProblem is { } concurrencyProblem)
        {
            logger.Log(LambdaLogLevel.Warning, concurrencyProblem);
        }

        if (string.IsNullOrWhiteSpace(settings.RuntimeApiAddress))
        {
            logger.Log(LambdaLogLevel.Critical, $"{LambdaEnvironmentVariables.RuntimeApi} is not set: this process is not running inside Lambda or a Runtime API emulator, so there is nothing to serve.");
            return ExitCodeRuntimeApiUnavailable;
        }

        RuntimeApiClient client;
        try
        {
            client = new RuntimeApiClient(settings.RuntimeApiAddress, logger, options.RetryPolicy, options.TimeProvider);
        }
        catch (ArgumentException ex)
        {
            logger.Log(LambdaLogLevel.Critical, $"{LambdaEnvironmentVariables.RuntimeApi}: {ex.Message}");
            return ExitCodeRuntimeApiUnavailable;
        }

        using (client)
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        using (options.HandleTerminationSignal ? RegisterTerminationSignal(stop) : null)
        {
            try
            {
                Handlers handler;
                try
                {
                    handler = await initialize(new LambdaInitContext(settings, logger, stop.Token)).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    logger.Log(LambdaLogLevel.Critical, "Initialization failed; reporting it to the Runtime API and exiting.", ex);
                    await client.SendInitErrorAsync(ToInitError(ex), stop.Token).ConfigureAwait(false);
                    return ExitCodeInitError;
                }

                if (LambdaSnapshot.IsSnapStart(getEnvironmentVariable) && !await LambdaSnapshot.RunAsync(client, logger, stop.Token).ConfigureAwait(false))
                {
                    return ExitCodeInitError;
                }

                if (settings.MaxConcurrency > 1)
                {
                    return await RunWorkersAsync(handler, settings, logger, options, stop.Token).ConfigureAwait(false);
                }

                using var loop = new InvocationLoop(client, handler, settings, logger, options, setsTraceIdVariable: true);
                await loop.RunAsync(stop.Token).ConfigureAwait(false);
                return ExitCodeStopped;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                logger.RequestId = null;
                logger.Log(LambdaLogLevel.Information, "Stop requested; the runtime loop has ended.");
                return ExitCodeStopped;
            }
            catch (RuntimeApiUnavailableException ex)
            {
                logger.RequestId = null;
                logger.Log(LambdaLogLevel.Critical, ex.Message + " Ending the runtime.");
                return ExitCodeRuntimeApiUnavailable;
            }
        }
    }

    /// <summary>
    /// Lambda Managed Instances: <see cref="LambdaFunctionSettings.MaxConcurrency"/> workers, each polling <c>/next</c>
    /// on its own connection with its own buffers, deadline and logger ids. A worker that fails is logged and ends
    /// without stopping the others; the runtime ends when every worker has stopped (exit 2 when none was asked to).
    /// </summary>
    private static async Task<int> RunWorkersAsync(Handlers handler, LambdaFunctionSettings settings, LambdaLogger logger, LambdaBootstrapOptions options, CancellationToken stop)
    {
        var workers = new Task<bool>[settings.MaxConcurrency];
        for (int i = 0; i < workers.Length; i++)
        {
            int number = i + 1;
            workers[i] = Task.Run(() => RunWorkerAsync(number, handler, settings, logger, options, stop), CancellationToken.None);
        }

        bool[] stoppedOnRequest = await Task.WhenAll(workers).ConfigureAwait(false);
        if (Array.IndexOf(stoppedOnRequest, true) < 0)
        {
            logger.Log(LambdaLogLevel.Critical, $"All {workers.Length} workers have failed. Ending the runtime.");
            return ExitCodeRuntimeApiUnavailable;
        }

        logger.Log(LambdaLogLevel.Information, "Stop requested; every worker has finished its invocation and ended.");
        return ExitCodeStopped;
    }

    /// <summary>One worker's loop; true when it ended because a stop was requested.</summary>
    private static async Task<bool> RunWorkerAsync(int number, Handlers handler, LambdaFunctionSettings settings, LambdaLogger logger, LambdaBootstrapOptions options, CancellationToken stop)
    {
        var workerLogger = logger.CreateWorkerLogger();
        workerLogger.BecomeCurrentWorker();
        try
        {
            using var client = new RuntimeApiClient(settings.RuntimeApiAddress!, workerLogger, options.RetryPolicy, options.TimeProvider);
            using var loop = new InvocationLoop(client, handler, settings, workerLogger, options, setsTraceIdVariable: false);
            await loop.RunAsync(stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception ex)
        {
            workerLogger.RequestId = null;
            workerLogger.TraceId = null;
            workerLogger.TenantId = null;
            workerLogger.Log(LambdaLogLevel.Critical, $"Worker {number} of {settings.MaxConcurrency} has failed and ended; the other workers go on.", ex);
            return false;
        }
    }

    private static LambdaError ToInitError(Exception exception)
    {
        var error = LambdaError.FromException(exception);
        return exception is LambdaInitException init
            ? new LambdaError(init.ErrorType, error.ErrorMessage, error.StackTrace, error.Cause)
            : error;
    }

    private static PosixSignalRegistration? RegisterTerminationSignal(CancellationTokenSource stop)
    {
        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                // Finish the loop ourselves instead of letting the process die mid-response.
                context.Cancel = true;
                stop.Cancel();
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The function's handler: exactly one of the two is set.</summary>
    private readonly record struct Handlers(LambdaHandler? Buffered, LambdaStreamingHandler? Streaming)
    {
        /// <summary>A handler of the buffered shape, or a streaming one wrapped by <see cref="LambdaStreaming.AsLambdaHandler"/>.</summary>
        public static Handlers From(LambdaHandler handler) =>
            LambdaStreaming.Unwrap(handler) is { } streaming ? new Handlers(null, streaming) : new Handlers(handler, null);
    }

    /// <summary>The per-invocation work, kept free of closures and LINQ: warm invocations allocate almost nothing beyond the payload.</summary>
    private sealed class InvocationLoop : IDisposable
    {
        private const string TraceIdVariable = LambdaEnvironmentVariables.TraceId;
        private readonly RuntimeApiClient _client;
        private readonly LambdaHandler? _handler;
        private readonly LambdaStreamingHandler? _streamingHandler;
        private readonly LambdaFunctionSettings _settings;
        private readonly LambdaLogger _logger;
        private readonly TimeSpan _cancellationMargin;
        private readonly TimeProvider _time;
        private readonly bool _setsTraceIdVariable;
        private readonly ArrayBufferWriter<byte> _response = new(4096);
        private CancellationTokenSource _deadline;
        private byte[]? _streamBuffer;

        // setsTraceIdVariable: copy each trace id to _X_AMZN_TRACE_ID, only when this loop is the process's only one
        // (concurrent invocations would overwrite each other's).
        public InvocationLoop(RuntimeApiClient client, Handlers handler, LambdaFunctionSettings settings, LambdaLogger logger, LambdaBootstrapOptions options, bool setsTraceIdVariable)
        {
            _setsTraceIdVariable = setsTraceIdVariable;
            _client = client;
            _handler = handler.Buffered;
            _streamingHandler = handler.Streaming;
            _settings = settings;
            _logger = logger;
            _cancellationMargin = options.CancellationMargin;
            _time = options.TimeProvider;
            _deadline = NewDeadlineSource();

            // The process's first timer starts the runtime's timer thread (a clone, an 8 MB stack, a wait for it to
            // run). Arming the deadline's timer once here, and disarming it, moves that from the first invocation into init.
            _deadline.CancelAfter(MaxTimerDelay);
            ResetDeadline();

            // The first change of an environment variable copies the whole environment into a managed table: done here
            // (setting the trace id variable to its current value changes nothing), not in the first invocation.
            if (setsTraceIdVariable)
            {
                Environment.SetEnvironmentVariable(TraceIdVariable, Environment.GetEnvironmentVariable(TraceIdVariable));
            }

            client.PrepareFirstInvocation();
        }

        public async Task RunAsync(CancellationToken stop)
        {
            while (true)
            {
                var invocation = await _client.GetNextInvocationAsync(stop).ConfigureAwait(false);
                await InvokeAsync(invocation).ConfigureAwait(false);
            }
        }

        public void Dispose() => _deadline.Dispose();

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        private async ValueTask InvokeAsync(LambdaInvocation invocation)
        {
            if (_setsTraceIdVariable)
            {
                Environment.SetEnvironmentVariable(TraceIdVariable, invocation.TraceId);
            }

            _logger.RequestId = invocation.RequestId;
            _logger.TraceId = invocation.TraceId;
            _logger.TenantId = invocation.TenantId;
            var context = new LambdaContext(_settings, invocation, _logger, _time, ArmDeadline(invocation.Deadline));
            if (_streamingHandler is not null)
            {
                await InvokeStreamingAsync(invocation, context).ConfigureAwait(false);
                EndInvocation();
                return;
            }

            _response.ResetWrittenCount();
            LambdaError? error = null;
            try
            {
                await _handler!(invocation.Payload, context, _response).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.Log(LambdaLogLevel.Error, "The handler threw an exception; reporting it as the invocation's error.", ex);
                error = LambdaError.FromException(ex);
            }

            // A stop request (SIGTERM) ends the loop only between invocations: the answer of a running one is always posted.
            // The client logs every outcome other than Accepted, once; a post is never repeated after it was sent.
            if (error is null)
            {
                await _client.SendResponseAsync(invocation.RequestId, _response.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await _client.SendErrorAsync(invocation.RequestId, error, CancellationToken.None).ConfigureAwait(false);
            }

            EndInvocation();
        }

        /// <summary>A streaming handler's invocation: an error before the first chunk is an ordinary error post.</summary>
        private async ValueTask InvokeStreamingAsync(LambdaInvocation invocation, LambdaContext context)
        {
            var stream = new LambdaResponseStream(_client, invocation.RequestId, _streamBuffer ??= new byte[LambdaResponseStream.BufferSize]);
            LambdaError? error = null;
            try
            {
                await _streamingHandler!(invocation.Payload, context, stream).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.Log(LambdaLogLevel.Error, "The handler threw an exception; reporting it as the invocation's error.", ex);
                error = LambdaError.FromException(ex);
            }

            if (!await stream.CompleteAsync(error).ConfigureAwait(false))
            {
                await _client.SendErrorAsync(invocation.RequestId, error!, CancellationToken.None).ConfigureAwait(false);
            }
        }

        private void EndInvocation()
        {
            ResetDeadline();
            _logger.RequestId = null;
            _logger.TraceId = null;
            _logger.TenantId = null;
        }

        private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

        // The source is disarmed: by init for the first invocation, by EndInvocation for the others.
        private CancellationToken ArmDeadline(DateTimeOffset deadline)
        {
            var delay = deadline - _time.GetUtcNow() - _cancellationMargin;
            if (delay <= TimeSpan.Zero)
            {
                _deadline.Cancel();
            }
            else if (delay <= MaxTimerDelay)
            {
                _deadline.CancelAfter(delay);
            }

            // A deadline beyond the timer's range (about 49 days; Lambda's longest timeout is 15 minutes) never fires.
            return _deadline.Token;
        }

        /// <summary>
        /// Reusing one source keeps its timer. One that already fired cannot be reset, nor can one on a clock other than
        /// <see cref="TimeProvider.System"/> (test clocks): it is replaced.
        /// </summary>
        private void ResetDeadline()
        {
            if (!_deadline.TryReset())
            {
                _deadline.Dispose();
                _deadline = NewDeadlineSource();
            }
        }

        /// <summary>A source whose timer runs on the options' clock, the one the deadline is computed with.</summary>
        private CancellationTokenSource NewDeadlineSource() => new(Timeout.InfiniteTimeSpan, _time);
    }
}
