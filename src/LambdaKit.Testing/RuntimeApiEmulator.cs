using System.Buffers;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LambdaKit.Runtime.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LambdaKit.Testing;

/// <summary>
/// A local Lambda Runtime API (2018-06-01) and Invoke API on 127.0.0.1, hosting one execution environment:
/// invocations are queued and handed to the runtime's <c>/next</c> poll one at a time, with Lambda's headers,
/// payload limits, error shapes and timeouts.
/// </summary>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    private static readonly byte[] StatusOkBody = "{\"status\":\"OK\"}"u8.ToArray();

    private readonly RuntimeApiEmulatorOptions options;
    private readonly WebApplication app;
    private readonly InvocationDispatcher dispatcher;
    private readonly PlatformLog platformLog;
    private readonly CancellationTokenSource stopping = new();
    private readonly object requestsGate = new();
    private readonly List<RuntimeApiRequest> requests = new();
    private bool stopped;
    private bool disposed;

    private RuntimeApiEmulator(RuntimeApiEmulatorOptions options)
    {
        this.options = options;
        platformLog = new PlatformLog(options.FunctionVersion, options.MemorySizeMb);
        dispatcher = new InvocationDispatcher(options.TimeProvider, options.TimeoutGrace, options.InitTimeout, platformLog);
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
        app.MapGet(RuntimeApiContract.NextInvocationPath, HandleNextAsync);
        app.MapPost(RuntimeApiContract.InvocationPathPrefix + "{requestId}" + RuntimeApiContract.ResponseSuffix, HandleResponseAsync);
        app.MapPost(RuntimeApiContract.InvocationPathPrefix + "{requestId}" + RuntimeApiContract.ErrorSuffix, HandleErrorAsync);
        app.MapPost(RuntimeApiContract.InitErrorPath, HandleInitErrorAsync);
        app.MapPost(RuntimeApiContract.InvokePathPrefix + "{functionName}" + RuntimeApiContract.InvokePathSuffix, HandleInvokeAsync);
        app.MapFallback(HandleUnknownAsync);
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
    /// <c>RequestTooLargeException</c>, without reaching the runtime.
    /// </summary>
    public Task<InvocationResult> InvokeAsync(ReadOnlyMemory<byte> payload, InvokeOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (payload.Length > RuntimeApiContract.MaxSynchronousPayloadBytes)
        {
            return Task.FromResult(RequestTooLarge(options?.RequestId ?? Guid.NewGuid().ToString(), RuntimeApiContract.MaxSynchronousPayloadBytes));
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
    internal void ReportExit(int environment, string status) => dispatcher.ReportExit(environment, status);

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

    private Invocation CreateInvocation(ReadOnlyMemory<byte> payload, InvokeOptions? invokeOptions)
    {
        var timeout = invokeOptions?.Timeout ?? options.Timeout;
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(invokeOptions), "The invocation timeout must be positive.");
        }

        return new Invocation(
            invokeOptions?.RequestId ?? Guid.NewGuid().ToString(),
            payload.IsEmpty ? "{}"u8.ToArray() : payload.ToArray(),
            invokeOptions?.ContentType ?? InvokeApiNames.JsonContentType,
            timeout,
            invokeOptions?.TraceId ?? NewTraceId(options.TimeProvider.GetUtcNow()),
            invokeOptions?.ClientContext,
            invokeOptions?.CognitoIdentity);
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

    private async Task HandleNextAsync(HttpContext context)
    {
        var receivedAt = options.TimeProvider.GetUtcNow();
        dispatcher.RecordPoll(receivedAt);
        if (Faults.TryTakeNext(out var fault))
        {
            await ApplyFaultAsync(context, receivedAt, null, ReadOnlyMemory<byte>.Empty, 0, fault).ConfigureAwait(false);
            return;
        }

        Invocation invocation;
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token))
        {
            try
            {
                invocation = await dispatcher.WaitForNextAsync(linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                Record(context, receivedAt, null, ReadOnlyMemory<byte>.Empty, 0, null);
                context.Abort();
                return;
            }
        }

        if (context.RequestAborted.IsCancellationRequested || stopping.IsCancellationRequested)
        {
            dispatcher.Requeue(invocation);
            Record(context, receivedAt, null, ReadOnlyMemory<byte>.Empty, 0, null);
            context.Abort();
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;

        // Always a Content-Type and a Content-Length: AWS's native Node.js client crashes without a Content-Type.
        response.ContentType = invocation.ContentType;
        response.ContentLength = invocation.Payload.Length;
        var headers = response.Headers;
        headers[RuntimeApiContract.RequestIdHeader] = invocation.RequestId;
        headers[RuntimeApiContract.DeadlineHeader] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers[RuntimeApiContract.InvokedFunctionArnHeader] = FunctionArn;
        headers[RuntimeApiContract.TraceIdHeader] = invocation.TraceId;
        if (invocation.ClientContext is { } clientContext)
        {
            headers[RuntimeApiContract.ClientContextHeader] = clientContext;
        }

        if (invocation.CognitoIdentity is { } cognitoIdentity)
        {
            headers[RuntimeApiContract.CognitoIdentityHeader] = cognitoIdentity;
        }

        Record(context, receivedAt, invocation.RequestId, ReadOnlyMemory<byte>.Empty, 0, StatusCodes.Status200OK);
        dispatcher.MarkStarted(invocation);
        try
        {
            await response.Body.WriteAsync(invocation.Payload, context.RequestAborted).ConfigureAwait(false);
            await response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The runtime went away before the event reached it: give the event to the next poll.
            dispatcher.Requeue(invocation);
        }
    }

    private async Task HandleResponseAsync(HttpContext context)
    {
        var receivedAt = options.TimeProvider.GetUtcNow();
        var requestId = RouteValue(context, "requestId");
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (Faults.TryTakeResponse(out var fault))
        {
            await ApplyFaultAsync(context, receivedAt, requestId, body, length, fault).ConfigureAwait(false);
            return;
        }

        var contentType = context.Request.ContentType;
        if (length > RuntimeApiContract.MaxSynchronousPayloadBytes)
        {
            await CompleteTooLargeAsync(context, receivedAt, requestId, length).ConfigureAwait(false);
            return;
        }

        var status = dispatcher.TryComplete(
            requestId,
            () => new InvocationResult(requestId, body, contentType, null, null, null));
        await ReplyCompletionAsync(context, receivedAt, requestId, body, length, status).ConfigureAwait(false);
    }

    private async Task HandleErrorAsync(HttpContext context)
    {
        var receivedAt = options.TimeProvider.GetUtcNow();
        var requestId = RouteValue(context, "requestId");
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (Faults.TryTakeError(out var fault))
        {
            await ApplyFaultAsync(context, receivedAt, requestId, body, length, fault).ConfigureAwait(false);
            return;
        }

        if (length > RuntimeApiContract.MaxSynchronousPayloadBytes)
        {
            await CompleteTooLargeAsync(context, receivedAt, requestId, length).ConfigureAwait(false);
            return;
        }

        var failure = ReadFailure(context, body);
        var status = dispatcher.TryComplete(requestId, () => failure.ToResult(requestId));
        await ReplyCompletionAsync(context, receivedAt, requestId, body, length, status).ConfigureAwait(false);
    }

    private async Task HandleInitErrorAsync(HttpContext context)
    {
        var receivedAt = options.TimeProvider.GetUtcNow();
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (length > RuntimeApiContract.MaxSynchronousPayloadBytes)
        {
            body = ReadOnlyMemory<byte>.Empty;
        }

        if (dispatcher.TryReportInitError(ReadFailure(context, body)))
        {
            await ReplyAsync(context, receivedAt, null, body, length, StatusCodes.Status202Accepted, StatusOkBody).ConfigureAwait(false);
        }
        else
        {
            var error = new LambdaError("InvalidStateTransition", "Init error reported after the runtime started polling for invocations.");
            await ReplyAsync(context, receivedAt, null, body, length, StatusCodes.Status403Forbidden, error.ToUtf8Json()).ConfigureAwait(false);
        }
    }

    private async Task HandleUnknownAsync(HttpContext context)
    {
        var receivedAt = options.TimeProvider.GetUtcNow();
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        var error = new LambdaError("NotFound", $"No Runtime API resource at {context.Request.Method} {context.Request.Path}.");
        await ReplyAsync(context, receivedAt, null, body, length, StatusCodes.Status404NotFound, error.ToUtf8Json()).ConfigureAwait(false);
    }

    private async Task HandleInvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var (body, length) = await ReadBodyAsync(context).ConfigureAwait(false);
        var functionName = RouteValue(context, "functionName");
        var qualifier = request.Query[InvokeApiNames.QualifierQuery].ToString();
        if (!IsThisFunction(functionName) || (qualifier.Length > 0 && qualifier != options.FunctionVersion))
        {
            await WriteInvokeApiErrorAsync(
                context,
                StatusCodes.Status404NotFound,
                "ResourceNotFoundException",
                $"Function not found: arn:aws:lambda:{options.Region}:{options.AccountId}:function:{functionName}").ConfigureAwait(false);
            return;
        }

        var invocationType = request.Headers[InvokeApiNames.InvocationTypeHeader].ToString();
        if (invocationType.Length == 0)
        {
            invocationType = InvokeApiNames.RequestResponse;
        }

        if (invocationType is not (InvokeApiNames.RequestResponse or InvokeApiNames.Event or InvokeApiNames.DryRun))
        {
            await WriteInvokeApiErrorAsync(
                context,
                StatusCodes.Status400BadRequest,
                "InvalidParameterValueException",
                $"Unsupported invocation type '{invocationType}'.").ConfigureAwait(false);
            return;
        }

        var payloadLimit = invocationType == InvokeApiNames.Event ? RuntimeApiContract.MaxAsynchronousPayloadBytes : RuntimeApiContract.MaxSynchronousPayloadBytes;
        if (length > payloadLimit)
        {
            await WriteInvokeApiErrorAsync(context, StatusCodes.Status413PayloadTooLarge, InvokeApiNames.RequestTooLargeError, RequestTooLargeMessage(payloadLimit)).ConfigureAwait(false);
            return;
        }

        if (invocationType == InvokeApiNames.DryRun)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        string? clientContext = null;
        var encodedClientContext = request.Headers[InvokeApiNames.ClientContextHeader].ToString();
        if (encodedClientContext.Length > 0)
        {
            // The Invoke API takes the client context base64-encoded; the runtime receives the JSON itself.
            try
            {
                clientContext = Encoding.UTF8.GetString(Convert.FromBase64String(encodedClientContext));
            }
            catch (FormatException)
            {
                await WriteInvokeApiErrorAsync(
                    context,
                    StatusCodes.Status400BadRequest,
                    "InvalidParameterValueException",
                    "Client context must be a base64-encoded JSON object.").ConfigureAwait(false);
                return;
            }
        }

        var invocation = CreateInvocation(body, new InvokeOptions { ClientContext = clientContext });
        dispatcher.Enqueue(invocation);
        if (invocationType == InvokeApiNames.Event)
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            context.Response.Headers[InvokeApiNames.RequestIdHeader] = invocation.RequestId;
            return;
        }

        InvocationResult result;
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token))
        {
            try
            {
                result = await WaitAsync(invocation, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                context.Abort();
                return;
            }
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = result.ContentType ?? InvokeApiNames.JsonContentType;
        response.ContentLength = result.Payload.Length;
        response.Headers[InvokeApiNames.RequestIdHeader] = result.RequestId;
        response.Headers[RuntimeApiContract.ExecutedVersionHeader] = options.FunctionVersion;
        if (result.FunctionError is { } functionError)
        {
            response.Headers[RuntimeApiContract.FunctionErrorResponseHeader] = functionError;
        }

        await response.Body.WriteAsync(result.Payload, context.RequestAborted).ConfigureAwait(false);
    }

    private bool IsThisFunction(string name) =>
        name == options.FunctionName || name == InvokeApiNames.RieFunctionName || name == FunctionArn;

    private static string RequestTooLargeMessage(int limit) => string.Create(
        CultureInfo.InvariantCulture,
        $"Request must be smaller than {limit} bytes for the InvokeFunction operation");

    private static InvocationResult RequestTooLarge(string requestId, int limit)
    {
        var message = RequestTooLargeMessage(limit);
        return new InvocationResult(
            requestId,
            InvokeApiErrorBody(message),
            InvokeApiNames.JsonContentType,
            null,
            new LambdaError(InvokeApiNames.RequestTooLargeError, message),
            null,
            StatusCodes.Status413PayloadTooLarge);
    }

    /// <summary>The Invoke API's error body, <c>{"Type":"User","message":...}</c>; the error type goes in a header.</summary>
    private static byte[] InvokeApiErrorBody(string message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("Type", "User");
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task WriteInvokeApiErrorAsync(HttpContext context, int statusCode, string errorType, string message)
    {
        var body = InvokeApiErrorBody(message);
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = InvokeApiNames.JsonContentType;
        response.Headers[InvokeApiNames.ErrorTypeHeader] = errorType;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// The error a runtime posted; when the body is not an error object, Lambda builds the error from the
    /// <c>Lambda-Runtime-Function-Error-Type</c> header instead.
    /// </summary>
    private static FunctionFailure ReadFailure(HttpContext context, ReadOnlyMemory<byte> body)
    {
        var errorTypeHeader = context.Request.Headers[RuntimeApiContract.FunctionErrorTypeHeader].ToString();
        var errorType = errorTypeHeader.Length > 0 ? errorTypeHeader : null;
        var contentType = context.Request.ContentType;
        if (LambdaError.TryParse(body.Span, out var parsed) && parsed is not null)
        {
            return new FunctionFailure(body, parsed, contentType, errorType);
        }

        var built = new LambdaError(errorType ?? RuntimeApiContract.UnhandledFunctionError, string.Empty);
        return new FunctionFailure(built.ToUtf8Json(), built, RuntimeApiContract.ErrorContentType, errorType);
    }

    private async Task CompleteTooLargeAsync(HttpContext context, DateTimeOffset receivedAt, string requestId, long length)
    {
        var error = new LambdaError(
            "Function.ResponseSizeTooLarge",
            string.Create(
                CultureInfo.InvariantCulture,
                $"Response payload size ({length} bytes) exceeded maximum allowed payload size ({RuntimeApiContract.MaxSynchronousPayloadBytes} bytes)."));
        var status = dispatcher.TryComplete(requestId, () => FunctionFailure.FromError(error).ToResult(requestId));
        if (status == CompletionStatus.Completed)
        {
            await ReplyAsync(context, receivedAt, requestId, ReadOnlyMemory<byte>.Empty, length, StatusCodes.Status413PayloadTooLarge, error.ToUtf8Json()).ConfigureAwait(false);
        }
        else
        {
            await ReplyCompletionAsync(context, receivedAt, requestId, ReadOnlyMemory<byte>.Empty, length, status).ConfigureAwait(false);
        }
    }

    private Task ReplyCompletionAsync(HttpContext context, DateTimeOffset receivedAt, string requestId, ReadOnlyMemory<byte> body, long length, CompletionStatus status)
    {
        var (code, reply) = status switch
        {
            CompletionStatus.Completed => (StatusCodes.Status202Accepted, StatusOkBody),
            CompletionStatus.UnknownRequestId => (
                StatusCodes.Status400BadRequest,
                new LambdaError("InvalidRequestID", $"Invalid request ID: '{requestId}' is not an invocation of this runtime.").ToUtf8Json()),
            _ => (
                StatusCodes.Status400BadRequest,
                new LambdaError("InvalidStateTransition", $"Invocation '{requestId}' is not in progress: it already completed or timed out.").ToUtf8Json()),
        };
        return ReplyAsync(context, receivedAt, requestId, body, length, code, reply);
    }

    private async Task ReplyAsync(HttpContext context, DateTimeOffset receivedAt, string? requestId, ReadOnlyMemory<byte> body, long length, int statusCode, byte[] reply)
    {
        Record(context, receivedAt, requestId, body, length, statusCode);
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = InvokeApiNames.JsonContentType;
        response.ContentLength = reply.Length;
        await response.Body.WriteAsync(reply, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ApplyFaultAsync(HttpContext context, DateTimeOffset receivedAt, string? requestId, ReadOnlyMemory<byte> body, long length, RuntimeApiFault fault)
    {
        if (fault == RuntimeApiFault.CloseConnection)
        {
            Record(context, receivedAt, requestId, body, length, null);
            context.Abort();
            return;
        }

        var error = new LambdaError("ServiceException", "Injected fault: internal server error.");
        await ReplyAsync(context, receivedAt, requestId, body, length, StatusCodes.Status500InternalServerError, error.ToUtf8Json()).ConfigureAwait(false);
    }

    private void Record(HttpContext context, DateTimeOffset receivedAt, string? requestId, ReadOnlyMemory<byte> body, long length, int? statusCode)
    {
        var request = context.Request;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        var record = new RuntimeApiRequest(receivedAt, request.Method, request.Path.Value ?? string.Empty, requestId, headers, body, length, statusCode);
        lock (requestsGate)
        {
            requests.Add(record);
        }
    }

    private static string RouteValue(HttpContext context, string name) =>
        context.Request.RouteValues[name] as string ?? string.Empty;

    /// <summary>Reads the body, keeping at most the 6 MB limit in memory but counting every byte.</summary>
    private static async Task<(ReadOnlyMemory<byte> Body, long Length)> ReadBodyAsync(HttpContext context)
    {
        var limit = RuntimeApiContract.MaxSynchronousPayloadBytes;
        var declared = context.Request.ContentLength;
        using var kept = new MemoryStream(declared is > 0 and <= RuntimeApiContract.MaxSynchronousPayloadBytes ? (int)declared.Value : 0);
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long total = 0;
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total <= limit)
                {
                    kept.Write(chunk, 0, read);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return (total > limit ? ReadOnlyMemory<byte>.Empty : kept.ToArray(), total);
    }
}
