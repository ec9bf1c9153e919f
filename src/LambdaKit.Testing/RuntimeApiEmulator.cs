using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using LambdaKit.Runtime.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LambdaKit.Testing;

/// <summary>
/// A local Lambda Runtime API (2018-06-01) and Invoke API on 127.0.0.1, hosting one execution environment:
/// invocations are queued and handed to the runtime's <c>/next</c> polls (one at a time unless
/// <see cref="RuntimeApiEmulatorOptions.MaxConcurrency"/> says more), with Lambda's headers,
/// payload limits, error shapes and timeouts.
/// </summary>
public sealed partial class RuntimeApiEmulator : IAsyncDisposable
{
    /// <summary>Lambda's most invocations per Managed Instances execution environment.</summary>
    public const int MaxConcurrencyLimit = LambdaKit.Runtime.LambdaFunctionSettings.MaxConcurrencyLimit;

    private static readonly byte[] StatusOkBody = "{\"status\":\"OK\"}"u8.ToArray();

    private readonly RuntimeApiEmulatorOptions options;
    private readonly WebApplication app;
    private readonly InvocationDispatcher dispatcher;
    private readonly PlatformLog platformLog;
    private readonly CancellationTokenSource stopping = new();
    private readonly object requestsGate = new();
    private readonly Queue<RuntimeApiRequest> requests = new();
    private bool stopped;
    private bool disposed;

    private RuntimeApiEmulator(RuntimeApiEmulatorOptions options)
    {
        this.options = options;
        platformLog = new PlatformLog(options.FunctionVersion, options.MemorySizeMb, options.HistoryLimit);
        dispatcher = new InvocationDispatcher(options.TimeProvider, options.TimeoutGrace, options.InitTimeout, options.HistoryLimit, options.MaxConcurrency, platformLog);
        FunctionArn = string.Create(
            CultureInfo.InvariantCulture,
            $"arn:aws:lambda:{options.Region}:{options.AccountId}:function:{options.FunctionName}");

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(RuntimeApiEmulator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;

            // Payload limits are Lambda's, enforced by the handlers so they can answer like Lambda does.
            kestrel.Limits.MaxRequestBodySize = null;
        });

        app = builder.Build();

        // One terminal handler and no Map* calls, so no routing middleware: see DispatchAsync.
        app.Run(DispatchAsync);
    }

    /// <summary>Host and port of the Runtime API: the value for <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string RuntimeApiAddress { get; private set; } = string.Empty;

    /// <summary><c>http://127.0.0.1:port/</c>, the base of both the Runtime API and the Invoke API.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The configuration this emulator was started with.</summary>
    public RuntimeApiEmulatorOptions Options => options;

    /// <summary>The function ARN sent in <c>Lambda-Runtime-Invoked-Function-Arn</c>.</summary>
    public string FunctionArn { get; }

    /// <summary>Faults to inject into upcoming Runtime API requests.</summary>
    public RuntimeApiFaults Faults { get; } = new();

    /// <summary>The error the runtime posted to <c>/runtime/init/error</c>, if any.</summary>
    public LambdaError? InitError => dispatcher.InitError;

    /// <summary>Every Runtime API request answered so far, in the order they were answered.</summary>
    public IReadOnlyList<RuntimeApiRequest> Requests
    {
        get
        {
            lock (requestsGate)
            {
                return requests.ToArray();
            }
        }
    }

    /// <summary>How many invocations the runtime has been handed and not yet answered (nor timed out).</summary>
    public int InvocationsInFlight => dispatcher.InFlight;

    /// <summary>
    /// The most invocations in flight at the same moment so far: above 1 only when they overlapped, which needs
    /// <see cref="RuntimeApiEmulatorOptions.MaxConcurrency"/> above 1 and a runtime polling <c>/next</c> concurrently.
    /// </summary>
    public int PeakInvocationsInFlight => dispatcher.PeakInFlight;

    /// <summary>Arrival times of every <c>GET /next</c> so far, including ones still waiting.</summary>
    public IReadOnlyList<DateTimeOffset> NextRequestTimes => dispatcher.Polls;

    /// <summary>Results of every completed invocation (HTTP, C# and <c>Event</c> invokes), in completion order.</summary>
    public IReadOnlyList<InvocationResult> CompletedInvocations => dispatcher.Completed;

    /// <summary>
    /// The <c>START</c>, <c>END</c> and <c>REPORT</c> lines Lambda would have written around each invocation the
    /// runtime was handed, in order. Duration runs from answering <c>/next</c> to the response, error or timeout;
    /// Init Duration (first invocation after a host started its runtime) from that start to the first <c>/next</c>;
    /// Max Memory Used is the peak resident set of the host's process (<c>VmHWM</c>, Linux only, else 0).
    /// </summary>
    public IReadOnlyList<string> PlatformLog => platformLog.Lines;

    /// <summary>Raised for every <see cref="PlatformLog"/> line, in order, on the thread that caused it.</summary>
    public event EventHandler<string>? PlatformLogLineWritten
    {
        add => platformLog.LineWritten += value;
        remove => platformLog.LineWritten -= value;
    }

    /// <summary>Starts an emulator on 127.0.0.1, on <see cref="RuntimeApiEmulatorOptions.Port"/> or an ephemeral port.</summary>
    /// <exception cref="IOException">The port is in use.</exception>
    public static async Task<RuntimeApiEmulator> StartAsync(RuntimeApiEmulatorOptions? options = null)
    {
        options ??= new RuntimeApiEmulatorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.InitTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RestoreTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HistoryLimit, 1, nameof(options));
        if (options.MaxConcurrency is < 1 or > MaxConcurrencyLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxConcurrency, $"MaxConcurrency must be between 1 and {MaxConcurrencyLimit:N0}, as Lambda's PerExecutionEnvironmentMaxConcurrency.");
        }
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The port must be between 0 and 65535.");
        }

        var emulator = new RuntimeApiEmulator(options);
        try
        {
            await emulator.app.StartAsync().ConfigureAwait(false);
            var address = emulator.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            var uri = new Uri(address);
            emulator.BaseUri = new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
            emulator.RuntimeApiAddress = string.Create(CultureInfo.InvariantCulture, $"{uri.Host}:{uri.Port}");
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Invokes the function synchronously (<c>RequestResponse</c>) through the same queue as the Invoke API and
    /// returns when the runtime has responded, failed or timed out.
    /// A payload over Lambda's 6 MB synchronous limit is refused as Lambda refuses it: a result with status 413 and
    /// <c>RequestTooLargeException</c>, without reaching the runtime; so is a tenant id that does not fit
    /// <see cref="RuntimeApiEmulatorOptions.TenantIsolation"/>: status 400, <c>InvalidParameterValueException</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// With tenant isolation, the invocation is for another tenant than the one this environment serves.
    /// </exception>
    public Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, InvokeOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (payload.Length > RuntimeApiContract.MaxSynchronousPayloadBytes)
        {
            return Task.FromResult(RequestTooLarge(options?.RequestId ?? Guid.NewGuid().ToString(), RuntimeApiContract.MaxSynchronousPayloadBytes));
        }

        if (TenantProblem(options?.TenantId) is { } problem)
        {
            return Task.FromResult(InvalidParameter(options?.RequestId ?? Guid.NewGuid().ToString(), problem));
        }

        var invocation = CreateInvocation(payload, options);
        dispatcher.Enqueue(invocation);
        return WaitAsync(invocation, cancellationToken);
    }

    /// <summary>Invokes the function with a UTF-8 string payload; see <see cref="InvokeAsync(ReadOnlyMemory{byte}, InvokeOptions?, CancellationToken)"/>.</summary>
    public Task<InvocationResult> InvokeAsync(string payload, InvokeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return InvokeAsync(Encoding.UTF8.GetBytes(payload), options, cancellationToken);
    }

    /// <summary>A host is about to start a fresh runtime (a new execution environment); see <see cref="InvocationDispatcher.BeginEnvironment"/>.</summary>
    internal int BeginEnvironment(Action? reset) => dispatcher.BeginEnvironment(reset);

    /// <summary>The host that registered <paramref name="reset"/> stops; invocations are no longer held for it.</summary>
    internal void EndEnvironment(Action reset) => dispatcher.EndEnvironment(reset);

    /// <summary>The runtime of environment <paramref name="environment"/> exited by itself; see <see cref="InvocationDispatcher.ReportExit"/>.</summary>
    internal void ReportExit(int environment, RuntimeExit status) => dispatcher.ReportExit(environment, status);

    /// <summary>The operating-system process of the current runtime, for Max Memory Used.</summary>
    internal void SetEnvironmentProcess(int processId) => dispatcher.SetEnvironmentProcess(processId);

    /// <summary>Completes once the runtime has sent at least <paramref name="count"/> <c>GET /next</c> requests.</summary>
    public Task WaitForNextRequestAsync(int count = 1, CancellationToken cancellationToken = default) =>
        dispatcher.WaitForPollsAsync(count, cancellationToken);

    /// <summary>
    /// Stops listening and aborts open connections, as if the Runtime API had gone away. Queued invocations stay
    /// queued; use <see cref="DisposeAsync"/> to fail them.
    /// </summary>
    public async Task StopAsync()
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        await stopping.CancelAsync().ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
    }

    /// <summary>Stops the server and fails every invocation still waiting.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await StopAsync().ConfigureAwait(false);
        dispatcher.Dispose();
        await app.DisposeAsync().ConfigureAwait(false);
        stopping.Dispose();
    }

    private async Task<InvocationResult> WaitAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        try
        {
            return await invocation.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            dispatcher.Abandon(invocation);
            throw;
        }
    }

    private Invocation CreateInvocation(ReadOnlyMemory<byte> payload, InvokeOptions? invokeOptions, string? requestId = null)
    {
        var timeout = invokeOptions?.Timeout ?? options.Timeout;
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(invokeOptions), "The invocation timeout must be positive.");
        }

        return new Invocation(
            requestId ?? invokeOptions?.RequestId ?? Guid.NewGuid().ToString(),
            payload.IsEmpty ? "{}"u8.ToArray() : payload.ToArray(),
            invokeOptions?.ContentType ?? InvokeApiNames.JsonContentType,
            timeout,
            invokeOptions?.TraceId ?? NewTraceId(options.TimeProvider.GetUtcNow()),
            invokeOptions?.ClientContext,
            invokeOptions?.CognitoIdentity,
            invokeOptions?.TenantId);
    }

    /// <summary>An X-Ray trace header: <c>Root=1-{epoch seconds, 8 hex}-{24 hex};Parent={16 hex};Sampled=1</c>.</summary>
    private static string NewTraceId(DateTimeOffset now)
    {
        Span<byte> random = stackalloc byte[20];
        RandomNumberGenerator.Fill(random);
        var epoch = now.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        // Lower case like X-Ray's own ids; Convert.ToHexStringLower does not exist on net8.0.
        var root = Convert.ToHexString(random[..12]).ToLowerInvariant();
        var parent = Convert.ToHexString(random[12..]).ToLowerInvariant();
        return $"Root=1-{epoch}-{root};Parent={parent};Sampled=1";
    }
}
