using System.Text.Json;
using LambdaKit.Runtime;

namespace LambdaKit.EndToEnd.Tests;

/// <summary>
/// samples/MultiFunction, one Native AOT binary with three handlers: <c>_HANDLER</c> selects one by function name or
/// by handler string, and a missing or unknown name fails init instead of exiting silently.
/// </summary>
[Collection(MultiFunctionGroup.Name)]
public sealed class MultiFunctionTests(PublishedMultiFunction published)
{
    private const string ValidHandlers =
        "Valid handlers: quote (bootstrap::MultiFunction.Orders::Quote), reverse (bootstrap::MultiFunction.Echo::ReverseAsync), total (bootstrap::MultiFunction.Orders::Total).";

    [Fact]
    public void Native_AOT_publish_reports_no_warnings()
    {
        Assert.True(
            published.WarningLines.Count == 0,
            "The publish must be free of warnings (trim and AOT analysis included):\n" + string.Join('\n', published.WarningLines));
        Assert.Contains("Generating native code", published.PublishOutput, StringComparison.Ordinal);
        // The packaging summary names every function with the handler to deploy it with (_HANDLER on provided.al2023).
        Assert.Contains("  function quote: handler 'quote'", published.PublishOutput, StringComparison.Ordinal);
        Assert.Contains("  function reverse: handler 'reverse'", published.PublishOutput, StringComparison.Ordinal);
        Assert.Contains("  function total: handler 'total'", published.PublishOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quote")]
    [InlineData("bootstrap::MultiFunction.Orders::Quote")]
    public async Task HANDLER_selects_the_instance_JSON_handler(string handler)
    {
        await using var host = await StartAsync(handler);
        using var timeout = new CancellationTokenSource(NativeFunctionHost.InvocationTimeout * 2);

        var first = await host.Emulator.InvokeAsync("""{"Item":"tea","Quantity":3,"UnitPrice":1.5}""", cancellationToken: timeout.Token);
        var second = await host.Emulator.InvokeAsync("""{"item":"cake","quantity":1,"unitPrice":4}""", cancellationToken: timeout.Token);

        Assert.True(first.IsSuccess, first.PayloadAsString + "\n" + Log(host));
        Assert.Equal($$"""{"Item":"tea","Total":4.5,"Number":1,"RequestId":"{{first.RequestId}}"}""", first.PayloadAsString);

        // One instance per execution environment (its counter goes on), and reads are case-insensitive.
        Assert.True(second.IsSuccess, second.PayloadAsString);
        Assert.Equal($$"""{"Item":"cake","Total":4,"Number":2,"RequestId":"{{second.RequestId}}"}""", second.PayloadAsString);
    }

    [Theory]
    [InlineData("total")]
    [InlineData("bootstrap::MultiFunction.Orders::Total")]
    public async Task HANDLER_selects_the_static_JSON_handler(string handler)
    {
        await using var host = await StartAsync(handler);
        using var timeout = new CancellationTokenSource(NativeFunctionHost.InvocationTimeout * 2);

        var result = await host.Emulator.InvokeAsync("[1.25,2,0.75]", cancellationToken: timeout.Token);

        Assert.True(result.IsSuccess, result.PayloadAsString + "\n" + Log(host));
        Assert.Equal(4m, JsonSerializer.Deserialize<decimal>(result.Payload.Span));
    }

    [Theory]
    [InlineData("reverse")]
    [InlineData("bootstrap::MultiFunction.Echo::ReverseAsync")]
    public async Task HANDLER_selects_the_stream_handler(string handler)
    {
        await using var host = await StartAsync(handler);
        using var timeout = new CancellationTokenSource(NativeFunctionHost.InvocationTimeout * 2);

        var result = await host.Emulator.InvokeAsync("not even JSON", cancellationToken: timeout.Token);

        Assert.True(result.IsSuccess, result.PayloadAsString + "\n" + Log(host));
        Assert.Equal("NOSJ neve ton", result.PayloadAsString);
    }

    [Theory]
    [InlineData(null, "This function has several handlers: set LAMBDAKIT_FUNCTION to one of them (or _HANDLER, on a custom runtime).")]
    [InlineData("", "This function has several handlers: set LAMBDAKIT_FUNCTION to one of them (or _HANDLER, on a custom runtime).")]
    [InlineData("refund", "No handler named 'refund' (_HANDLER).")]
    [InlineData("bootstrap::MultiFunction.Orders::Refund", "No handler named 'bootstrap::MultiFunction.Orders::Refund' (_HANDLER).")]
    public async Task A_missing_or_unknown_HANDLER_is_an_init_error_naming_the_valid_handlers(string? handler, string reason)
    {
        await using var host = await StartAsync(handler);
        using var timeout = new CancellationTokenSource(NativeFunctionHost.InvocationTimeout * 2);

        var exitCode = await host.Process.WaitForExitAsync(timeout.Token);

        Assert.True(exitCode == LambdaBootstrap.ExitCodeInitError, $"exit code {exitCode}\n" + Log(host));
        var error = host.Emulator.InitError;
        Assert.True(error is not null, "no init error\n" + Log(host));
        Assert.Equal("Runtime.NoSuchHandler", error.ErrorType);
        Assert.Equal(reason + " " + ValidHandlers, error.ErrorMessage);
    }

    // null removes _HANDLER from the environment; the binary's environment is otherwise Lambda's.
    private Task<NativeFunctionHost> StartAsync(string? handler) =>
        NativeFunctionHost.StartAsync(published, new Dictionary<string, string?> { ["_HANDLER"] = handler });

    /// <summary>The function's own log, which explains most failures.</summary>
    private static string Log(NativeFunctionHost host) =>
        string.Join('\n', host.Process.Output.Select(line => (line.IsStandardError ? "stderr: " : "stdout: ") + line.Text));
}
