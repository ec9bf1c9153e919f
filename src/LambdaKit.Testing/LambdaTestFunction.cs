using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LambdaKit.Runtime;

namespace LambdaKit.Testing;

/// <summary>
/// A <c>[LambdaFunction]</c> running against its own emulator, configured from its attribute (<see cref="LambdaTest"/>):
/// in-process on the real runtime loop, or from its deployment package in a child process. Typed invocations read and write JSON with the function's generated
/// metadata, so the test sees exactly the bytes Lambda would.
/// </summary>
public sealed class LambdaTestFunction : IAsyncDisposable
{
    private readonly DeploymentPackage? package;
    private readonly LambdaTestSnapshot? snapshot;

    internal LambdaTestFunction(LambdaFunctionDescriptor function, RuntimeApiEmulator emulator, InProcessLambda host, LambdaTestSnapshot? snapshot = null)
    {
        Function = function;
        Emulator = emulator;
        Host = host;
        this.snapshot = snapshot;
    }

    internal LambdaTestFunction(LambdaFunctionDescriptor function, RuntimeApiEmulator emulator, LambdaProcess process, DeploymentPackage package)
    {
        Function = function;
        Emulator = emulator;
        Process = process;
        this.package = package;
    }

    /// <summary>The function as its generated code describes it (name, handler string, settings).</summary>
    public LambdaFunctionDescriptor Function { get; }

    /// <summary>The emulator: settings, platform log (START/END/REPORT), requests and results.</summary>
    public RuntimeApiEmulator Emulator { get; }

    /// <summary>The in-process host (the function's log, restarts); null when the function runs from its package.</summary>
    public InProcessLambda? Host { get; }

    /// <summary>
    /// The child process running the package (<see cref="LambdaTestOptions.Package"/>): output, restarts, memory limit;
    /// null in-process.
    /// </summary>
    public LambdaProcess? Process { get; }

    /// <summary>Invokes the function with <paramref name="input"/> and returns its result, both as the function's JSON metadata reads and writes them.</summary>
    /// <exception cref="LambdaInvocationException">The function failed, timed out, or the request was refused (the exception's <c>Result</c> says how).</exception>
    /// <exception cref="InvalidOperationException">The function does not read <typeparamref name="TInput"/> or write <typeparamref name="TOutput"/> as JSON.</exception>
    public async Task<TOutput> InvokeAsync<TInput, TOutput>(TInput input, InvokeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var outputInfo = TypeInfo<TOutput>(Function.OutputTypeInfo, "returns", "InvokeAsync<TInput>(input), which returns the raw result");
        var result = await InvokeAsync(input, options, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new LambdaInvocationException(Function.Name, result);
        }

        return JsonSerializer.Deserialize(result.Payload.Span, outputInfo)!;
    }

    /// <summary>
    /// Invokes the function with <paramref name="input"/> written by its JSON metadata; the result, success or not, is
    /// returned as Lambda answered (for functions without a JSON result, and for asserting failures).
    /// </summary>
    /// <exception cref="InvalidOperationException">The function does not read <typeparamref name="TInput"/> as JSON.</exception>
    public Task<InvocationResult> InvokeAsync<TInput>(TInput input, InvokeOptions? options = null, CancellationToken cancellationToken = default)
    {
        var inputInfo = TypeInfo<TInput>(Function.InputTypeInfo, "reads", "InvokeAsync(payload) with the raw event");
        var payload = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(payload))
        {
            JsonSerializer.Serialize(writer, input, inputInfo);
        }

        return Emulator.InvokeAsync(payload.WrittenMemory, options, cancellationToken);
    }

    /// <summary>
    /// SnapStart, in-process: starts another execution environment restored from this function's snapshot, with an
    /// emulator of its own. Init (handler construction, before-snapshot hooks) ran once, in the first environment, once
    /// it is done; the new environment runs the after-restore hooks again, then serves its invocations. Values captured
    /// in init are the same in every environment; values an after-restore hook renews are renewed per restore (but
    /// environments share one heap: see docs/testing.md, SnapStart).
    /// </summary>
    /// <exception cref="InvalidOperationException">The function was not started in-process with <see cref="LambdaTestOptions.SnapStart"/>.</exception>
    public async Task<LambdaTestFunction> RestoreAsync(CancellationToken cancellationToken = default)
    {
        if (snapshot is null)
        {
            throw new InvalidOperationException($"Function '{Function.Name}' has no snapshot to restore from: start it in-process with LambdaTestOptions.SnapStart.");
        }

        await snapshot.Taken.WaitAsync(cancellationToken).ConfigureAwait(false);
        var emulator = await RuntimeApiEmulator.StartAsync(snapshot.EmulatorOptions()).ConfigureAwait(false);
        try
        {
            return new LambdaTestFunction(Function, emulator, snapshot.Host(emulator), snapshot);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Invokes the function with a raw event (JSON or not), as Lambda's Invoke API would.</summary>
    public Task<InvocationResult> InvokeAsync(string payload, InvokeOptions? options = null, CancellationToken cancellationToken = default) =>
        Emulator.InvokeAsync(payload, options, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync().ConfigureAwait(false);
        }

        if (Process is not null)
        {
            await Process.DisposeAsync().ConfigureAwait(false);
        }

        await Emulator.DisposeAsync().ConfigureAwait(false);
        package?.Dispose();
    }

    private JsonTypeInfo<T> TypeInfo<T>(JsonTypeInfo? info, string verb, string alternative) => info switch
    {
        JsonTypeInfo<T> typed => typed,
        null => throw new InvalidOperationException($"Function '{Function.Name}' {verb} no JSON; use {alternative}."),
        _ => throw new InvalidOperationException($"Function '{Function.Name}' {verb} {info.Type.FullName} as JSON, not {typeof(T).FullName}."),
    };
}
