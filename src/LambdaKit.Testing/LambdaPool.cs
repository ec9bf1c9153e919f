using System.Text;
using System.Threading.Channels;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing;

/// <summary>
/// Several execution environments of one function, as Lambda scales out: each is its own emulator with its own host
/// (a <see cref="LambdaProcess"/> or an <see cref="InProcessLambda"/>), and queued invocations go to whichever
/// environment is free, in order, so up to <see cref="LambdaPoolOptions.Environments"/> run in parallel. With tenant
/// isolation (<see cref="RuntimeApiEmulatorOptions.TenantIsolation"/> on <see cref="LambdaPoolOptions.Function"/>), each
/// tenant gets environments of its own, started at its first invocation (a cold start), and its invocations go to them
/// only.
/// </summary>
public sealed class LambdaPool : IAsyncDisposable
{
    private readonly Channel<PendingInvocation> sharedQueue = NewQueue();
    private readonly object gate = new();
    private readonly List<PoolEnvironment> environments = new();
    private readonly Dictionary<string, Task<Channel<PendingInvocation>>> tenantQueues = new(StringComparer.Ordinal);
    private readonly List<Channel<PendingInvocation>> queues = new();
    private readonly List<Task> workers = new();
    private readonly LambdaPoolOptions options;
    private readonly Func<RuntimeApiEmulator, IAsyncDisposable> startHost;
    private readonly CancellationTokenSource stopping = new();
    private bool disposed;

    private LambdaPool(LambdaPoolOptions options, Func<RuntimeApiEmulator, IAsyncDisposable> startHost)
    {
        this.options = options;
        this.startHost = startHost;
    }

    /// <summary>The emulators of the environments, in the order they started (their logs, requests and results).</summary>
    public IReadOnlyList<RuntimeApiEmulator> Environments
    {
        get
        {
            lock (gate)
            {
                return environments.Select(environment => environment.Emulator).ToArray();
            }
        }
    }

    /// <summary>The hosts <c>startHost</c> returned, in the order of <see cref="Environments"/>.</summary>
    public IReadOnlyList<IAsyncDisposable> Hosts
    {
        get
        {
            lock (gate)
            {
                return environments.Select(environment => environment.Host).ToArray();
            }
        }
    }

    /// <summary>
    /// Starts the pool: without tenant isolation, <see cref="LambdaPoolOptions.Environments"/> emulators and, on each,
    /// the host <paramref name="startHost"/> returns (e.g. <c>emulator =&gt; LambdaProcess.Start(emulator, processOptions)</c>);
    /// with it, none yet: each tenant's environments start at its first invocation.
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

        var pool = new LambdaPool(options, startHost);
        if (!options.Function.TenantIsolation)
        {
            try
            {
                await pool.StartEnvironmentsAsync(pool.sharedQueue, tenantId: null).ConfigureAwait(false);
            }
            catch
            {
                await pool.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return pool;
    }

    /// <summary>The emulators of the environments that serve <paramref name="tenantId"/> (none before its first invocation).</summary>
    public IReadOnlyList<RuntimeApiEmulator> EnvironmentsOf(string tenantId)
    {
        lock (gate)
        {
            return environments.Where(environment => environment.TenantId == tenantId).Select(environment => environment.Emulator).ToArray();
        }
    }

    /// <summary>
    /// Invokes the function synchronously on the next free environment (of the invocation's tenant, with tenant
    /// isolation); see <see cref="RuntimeApiEmulator.InvokeAsync(ReadOnlyMemory{byte}, InvokeOptions?, CancellationToken)"/>.
    /// A tenant id that does not fit the function's tenant isolation is refused as there (400).
    /// </summary>
    public async Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, InvokeOptions? invokeOptions = null, CancellationToken cancellationToken = default)
    {
        var queue = sharedQueue;
        if (options.Function.TenantIsolation)
        {
            var tenantId = invokeOptions?.TenantId;
            if (RuntimeApiEmulator.TenantProblem(options.Function, tenantId) is { } problem)
            {
                return RuntimeApiEmulator.InvalidParameter(invokeOptions?.RequestId ?? Guid.NewGuid().ToString(), problem);
            }

            queue = await TenantQueueAsync(tenantId!).ConfigureAwait(false);
        }

        var pending = new PendingInvocation(payload, invokeOptions, cancellationToken);
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite(pending), this);
        return await pending.Completion.Task.ConfigureAwait(false);
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
    public Task<EventInvocationResult> InvokeEventAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        InvokeEventAsync(payload, null, cancellationToken);

    /// <summary>
    /// Invokes the function asynchronously (<c>Event</c>) with <paramref name="invokeOptions"/> (a tenant, a timeout)
    /// on every attempt; see <see cref="InvokeEventAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.
    /// </summary>
    public async Task<EventInvocationResult> InvokeEventAsync(ReadOnlyMemory<byte> payload, InvokeOptions? invokeOptions, CancellationToken cancellationToken = default)
    {
        if (payload.Length > RuntimeApiContract.MaxAsynchronousPayloadBytes)
        {
            return new EventInvocationResult([RuntimeApiEmulator.RequestTooLarge(Guid.NewGuid().ToString(), RuntimeApiContract.MaxAsynchronousPayloadBytes)]);
        }

        var attempts = new List<InvocationResult>();
        while (true)
        {
            var result = await InvokeAsync(payload, invokeOptions, cancellationToken).ConfigureAwait(false);
            attempts.Add(result);
            if (result.IsSuccess || result.StatusCode != 200 || attempts.Count > options.MaximumRetryAttempts)
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
        List<Channel<PendingInvocation>> allQueues;
        List<Task<Channel<PendingInvocation>>> starting;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            starting = tenantQueues.Values.ToList();
            allQueues = [sharedQueue, .. queues];
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(starting).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
        {
            // A tenant's environments were still starting; what started is disposed below.
        }
        catch (Exception)
        {
            // That start failed; its caller saw why.
        }

        foreach (var queue in allQueues.Distinct())
        {
            queue.Writer.TryComplete();
            while (queue.Reader.TryRead(out var pending))
            {
                pending.Completion.TrySetException(new ObjectDisposedException(nameof(LambdaPool)));
            }
        }

        List<PoolEnvironment> started;
        lock (gate)
        {
            started = environments.ToList();
        }

        foreach (var environment in started)
        {
            await environment.Host.DisposeAsync().ConfigureAwait(false);
            await environment.Emulator.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        stopping.Dispose();
    }

    private static Channel<PendingInvocation> NewQueue() =>
        Channel.CreateUnbounded<PendingInvocation>(new UnboundedChannelOptions { SingleWriter = false });

    /// <summary>The queue of <paramref name="tenantId"/>'s environments, started by its first invocation.</summary>
    private Task<Channel<PendingInvocation>> TenantQueueAsync(string tenantId)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!tenantQueues.TryGetValue(tenantId, out var queue))
            {
                queue = StartTenantAsync(tenantId);
                tenantQueues.Add(tenantId, queue);
            }

            return queue;
        }
    }

    private async Task<Channel<PendingInvocation>> StartTenantAsync(string tenantId)
    {
        await Task.Yield();
        var queue = NewQueue();
        lock (gate)
        {
            queues.Add(queue);
        }

        await StartEnvironmentsAsync(queue, tenantId).ConfigureAwait(false);
        return queue;
    }

    /// <summary>Starts <see cref="LambdaPoolOptions.Environments"/> environments serving <paramref name="queue"/>.</summary>
    private async Task StartEnvironmentsAsync(Channel<PendingInvocation> queue, string? tenantId)
    {
        for (var i = 0; i < options.Environments; i++)
        {
            stopping.Token.ThrowIfCancellationRequested();
            var emulator = await RuntimeApiEmulator.StartAsync(options.Function).ConfigureAwait(false);
            try
            {
                var environment = new PoolEnvironment(emulator, startHost(emulator), tenantId);
                lock (gate)
                {
                    environments.Add(environment);
                    workers.Add(Task.Run(() => ServeAsync(emulator, queue.Reader)));
                }
            }
            catch
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>One environment's loop: takes the next queued invocation whenever its previous one is over.</summary>
    private async Task ServeAsync(RuntimeApiEmulator emulator, ChannelReader<PendingInvocation> queue)
    {
        try
        {
            while (await queue.WaitToReadAsync(stopping.Token).ConfigureAwait(false))
            {
                if (!queue.TryRead(out var pending))
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

    private sealed record PoolEnvironment(RuntimeApiEmulator Emulator, IAsyncDisposable Host, string? TenantId);

    private sealed class PendingInvocation(ReadOnlyMemory<byte> payload, InvokeOptions? options, CancellationToken cancellationToken)
    {
        public ReadOnlyMemory<byte> Payload { get; } = payload;

        public InvokeOptions? Options { get; } = options;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<InvocationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
