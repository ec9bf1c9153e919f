using System.Text;
using System.Threading.Channels;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing;

/// <summary>
/// Several execution environments of one function, as Lambda scales out: each is its own emulator with its own host
/// (a <see cref="LambdaProcess"/> or an <see cref="InProcessLambda"/>), and queued invocations go to whichever
/// environment is free, in order, so up to <see cref="LambdaPoolOptions.Environments"/> run in parallel.
/// </summary>
public sealed class LambdaPool : IAsyncDisposable
{
    private readonly Channel<PendingInvocation> queue = Channel.CreateUnbounded<PendingInvocation>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly List<(RuntimeApiEmulator Emulator, IAsyncDisposable Host)> environments = new();
    private readonly List<Task> workers = new();
    private readonly LambdaPoolOptions options;
    private readonly CancellationTokenSource stopping = new();

    private LambdaPool(LambdaPoolOptions options) => this.options = options;

    /// <summary>The emulators of the environments, in order (their logs, requests and results).</summary>
    public IReadOnlyList<RuntimeApiEmulator> Environments => environments.Select(environment => environment.Emulator).ToArray();

    /// <summary>The hosts <c>startHost</c> returned, in the order of <see cref="Environments"/>.</summary>
    public IReadOnlyList<IAsyncDisposable> Hosts => environments.Select(environment => environment.Host).ToArray();

    /// <summary>
    /// Starts <see cref="LambdaPoolOptions.Environments"/> emulators and, on each, the host <paramref name="startHost"/>
    /// returns (e.g. <c>emulator =&gt; LambdaProcess.Start(emulator, processOptions)</c>).
    /// </summary>
    public static async Task<LambdaPool> StartAsync(LambdaPoolOptions options, Func<RuntimeApiEmulator, IAsyncDisposable> startHost)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(startHost);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Environments, 1, nameof(options));
        if (options.MaximumRetryAttempts is < 0 or > 2 || options.RetryDelays.Count < options.MaximumRetryAttempts)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaximumRetryAttempts is 0 to 2, with a retry delay for each.");
        }

        if (options.Function.Port != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Each environment picks its own port: leave Function.Port at 0.");
        }

        var pool = new LambdaPool(options);
        try
        {
            for (var i = 0; i < options.Environments; i++)
            {
                var emulator = await RuntimeApiEmulator.StartAsync(options.Function).ConfigureAwait(false);
                try
                {
                    pool.environments.Add((emulator, startHost(emulator)));
                }
                catch
                {
                    await emulator.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }
        }
        catch
        {
            await pool.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        foreach (var (emulator, _) in pool.environments)
        {
            pool.workers.Add(Task.Run(() => pool.ServeAsync(emulator)));
        }

        return pool;
    }

    /// <summary>Invokes the function synchronously on the next free environment; see <see cref="RuntimeApiEmulator.InvokeAsync(ReadOnlyMemory{byte}, InvokeOptions?, CancellationToken)"/>.</summary>
    public Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, InvokeOptions? invokeOptions = null, CancellationToken cancellationToken = default)
    {
        var pending = new PendingInvocation(payload, invokeOptions, cancellationToken);
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite(pending), this);

        return pending.Completion.Task;
    }

    /// <summary>Invokes the function synchronously with a UTF-8 string payload.</summary>
    public Task<InvocationResult> InvokeAsync(string payload, InvokeOptions? invokeOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return InvokeAsync(Encoding.UTF8.GetBytes(payload), invokeOptions, cancellationToken);
    }

    /// <summary>
    /// Invokes the function asynchronously (<c>Event</c>), as Lambda does: a payload over 1 MB is refused (413), and an
    /// attempt that fails is run again after <see cref="LambdaPoolOptions.RetryDelays"/>, up to
    /// <see cref="LambdaPoolOptions.MaximumRetryAttempts"/> times. Completes with every attempt once the last is over.
    /// Each attempt has its own request id (Lambda reuses the first).
    /// </summary>
    public async Task<EventInvocationResult> InvokeEventAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (payload.Length > RuntimeApiContract.MaxAsynchronousPayloadBytes)
        {
            return new EventInvocationResult([RuntimeApiEmulator.RequestTooLarge(Guid.NewGuid().ToString(), RuntimeApiContract.MaxAsynchronousPayloadBytes)]);
        }

        var attempts = new List<InvocationResult>();
        while (true)
        {
            var result = await InvokeAsync(payload, null, cancellationToken).ConfigureAwait(false);
            attempts.Add(result);
            if (result.IsSuccess || attempts.Count > options.MaximumRetryAttempts)
            {
                return new EventInvocationResult(attempts);
            }

            await Task.Delay(options.RetryDelays[attempts.Count - 1], options.Function.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Invokes the function asynchronously with a UTF-8 string payload.</summary>
    public Task<EventInvocationResult> InvokeEventAsync(string payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return InvokeEventAsync(Encoding.UTF8.GetBytes(payload), cancellationToken);
    }

    /// <summary>Stops taking invocations, fails those still queued, and disposes every host and emulator.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!queue.Writer.TryComplete())
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        while (queue.Reader.TryRead(out var pending))
        {
            pending.Completion.TrySetException(new ObjectDisposedException(nameof(LambdaPool)));
        }

        foreach (var (emulator, host) in environments)
        {
            await host.DisposeAsync().ConfigureAwait(false);
            await emulator.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        stopping.Dispose();
    }

    /// <summary>One environment's loop: takes the next queued invocation whenever its previous one is over.</summary>
    private async Task ServeAsync(RuntimeApiEmulator emulator)
    {
        try
        {
            while (await queue.Reader.WaitToReadAsync(stopping.Token).ConfigureAwait(false))
            {
                if (!queue.Reader.TryRead(out var pending))
                {
                    continue;
                }

                try
                {
                    pending.Completion.TrySetResult(await emulator.InvokeAsync(pending.Payload, pending.Options, pending.CancellationToken).ConfigureAwait(false));
                }
                catch (Exception ex)
                {
                    pending.Completion.TrySetException(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private sealed class PendingInvocation(ReadOnlyMemory<byte> payload, InvokeOptions? options, CancellationToken cancellationToken)
    {
        public ReadOnlyMemory<byte> Payload { get; } = payload;

        public InvokeOptions? Options { get; } = options;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<InvocationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
