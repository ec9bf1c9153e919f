using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using LambdaKit.Testing;
using Xunit.Abstractions;

namespace LambdaKit.EndToEnd.Tests;

/// <summary>The published native HelloAot, run as a child process against the emulator, invoked as Lambda would.</summary>
[Collection(HelloAotGroup.Name)]
public sealed class InvocationTests(PublishedHelloAot published, ITestOutputHelper output) : IAsyncLifetime
{
    private const string FailureMessage = "HelloAot failed because the event asked it to (\"fail\": true).";

    private readonly CancellationTokenSource _timeout = new(NativeFunctionHost.InvocationTimeout * 2);
    private NativeFunctionHost? _started;

    private NativeFunctionHost Host => _started ?? throw new InvalidOperationException("The host did not start.");

    public async Task InitializeAsync() => _started = await NativeFunctionHost.StartAsync(published);

    public async Task DisposeAsync()
    {
        if (_started is { } host)
        {
            await host.DisposeAsync();

            // The function's own log explains most failures; xunit shows it with the failing test.
            foreach (var line in host.Process.Output)
            {
                output.WriteLine((line.IsStandardError ? "stderr: " : "stdout: ") + line.Text);
            }
        }

        _timeout.Dispose();
    }

    [Fact]
    public async Task Invoke_API_returns_the_greeting()
    {
        using var response = await InvokeOverHttpAsync("""{"name":"Ada"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Amz-Function-Error"));
        string requestId = Assert.Single(response.Headers.GetValues("X-Amzn-RequestId"));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_timeout.Token));
        var root = json.RootElement;
        Assert.Equal("Hello, Ada!", root.GetProperty("message").GetString());
        Assert.Equal(requestId, root.GetProperty("requestId").GetString());
        Assert.Equal(NativeFunctionHost.FunctionName, root.GetProperty("functionName").GetString());
        long remainingMs = root.GetProperty("remainingMs").GetInt64();
        Assert.InRange(remainingMs, 1, (long)NativeFunctionHost.InvocationTimeout.TotalMilliseconds);
    }

    [Fact]
    public async Task Event_without_a_name_greets_the_world()
    {
        var result = await Host.Emulator.InvokeAsync("{}", cancellationToken: _timeout.Token);

        Assert.True(result.IsSuccess, result.PayloadAsString);
        using var json = JsonDocument.Parse(result.Payload);
        Assert.Equal("Hello, World!", json.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Invoke_API_reports_a_thrown_exception_as_an_unhandled_error_with_its_cause()
    {
        using var response = await InvokeOverHttpAsync("""{"name":"Bob","fail":true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unhandled", Assert.Single(response.Headers.GetValues("X-Amz-Function-Error")));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(_timeout.Token));
        var error = json.RootElement;
        Assert.Equal("InvalidOperationException", error.GetProperty("errorType").GetString());
        Assert.Equal(FailureMessage, error.GetProperty("errorMessage").GetString());
        Assert.Contains(StackTrace(error), frame => frame.StartsWith("at HelloAot.HelloFunction.HandleAsync(", StringComparison.Ordinal));

        var cause = error.GetProperty("cause");
        Assert.Equal("ArgumentException", cause.GetProperty("errorType").GetString());
        Assert.Equal("Refusing to greet 'Bob'. (Parameter 'name')", cause.GetProperty("errorMessage").GetString());
        Assert.Contains(StackTrace(cause), frame => frame.StartsWith("at HelloAot.HelloFunction.Fail(", StringComparison.Ordinal));
        Assert.False(cause.TryGetProperty("cause", out _));

        var post = Assert.Single(Host.Emulator.Requests, request => request.Path.EndsWith("/error", StringComparison.Ordinal));
        Assert.Equal("InvalidOperationException", post.Header("Lambda-Runtime-Function-Error-Type"));
        Assert.Equal("application/vnd.aws.lambda.error+json", post.ContentType);
    }

    [Fact]
    public async Task Warm_invocations_run_one_after_another_in_the_same_process()
    {
        int processId = Host.Process.Id;
        string[] names = ["Ada", "Grace", "Edsger", "Barbara", "Niklaus"];
        var requestIds = new List<string>();
        foreach (string name in names)
        {
            var result = await Host.Emulator.InvokeAsync($$"""{"name":"{{name}}"}""", cancellationToken: _timeout.Token);

            Assert.True(result.IsSuccess, result.PayloadAsString);
            using var json = JsonDocument.Parse(result.Payload);
            Assert.Equal($"Hello, {name}!", json.RootElement.GetProperty("message").GetString());
            Assert.Equal(result.RequestId, json.RootElement.GetProperty("requestId").GetString());
            requestIds.Add(result.RequestId);

            // An error in between must not end or poison the warm environment.
            var failure = await Host.Emulator.InvokeAsync("""{"fail":true}""", cancellationToken: _timeout.Token);
            Assert.Equal("Unhandled", failure.FunctionError);
        }

        Assert.Equal(names.Length, requestIds.Distinct().Count());
        Assert.False(Host.Process.HasExited);
        Assert.Equal(processId, Host.Process.Id);
        Assert.Null(Host.Emulator.InitError);
        Assert.Equal(names.Length * 2, Host.Emulator.CompletedInvocations.Count);
    }

    [Fact]
    public async Task Log_lines_carry_the_request_id()
    {
        var greeting = await Host.Emulator.InvokeAsync("""{"name":"Ada"}""", new InvokeOptions { RequestId = "log-test-ok" }, _timeout.Token);
        var failure = await Host.Emulator.InvokeAsync("""{"name":"Bob","fail":true}""", new InvokeOptions { RequestId = "log-test-error" }, _timeout.Token);
        Assert.True(greeting.IsSuccess, greeting.PayloadAsString);
        Assert.False(failure.IsSuccess);

        // Lambda's text format: timestamp, request id, level, message, tab-separated.
        var line = await Host.Process.WaitForOutputAsync(l => l.Text.EndsWith("\tGreeting Ada.", StringComparison.Ordinal), _timeout.Token);
        Assert.False(line.IsStandardError);
        string[] fields = line.Text.Split('\t');
        Assert.Equal(4, fields.Length);
        Assert.True(DateTimeOffset.TryParseExact(fields[0], "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), fields[0]);
        Assert.Equal("log-test-ok", fields[1]);
        Assert.Equal("INFO", fields[2]);

        // Every physical line of the multi-line exception report carries the request id, so none is orphaned in CloudWatch.
        await Host.Process.WaitForOutputAsync(l => l.Text.Contains("System.ArgumentException: Refusing to greet 'Bob'.", StringComparison.Ordinal), _timeout.Token);
        var errorLines = Host.Process.StandardOutput.Where(text => text.Split('\t') is [_, _, "ERROR", _]).ToList();
        Assert.NotEmpty(errorLines);
        Assert.All(errorLines, text => Assert.Equal("log-test-error", text.Split('\t')[1]));
        Assert.Contains(Host.Process.StandardOutput, text => text.Split('\t') is [_, "log-test-error", "INFO", "Greeting Bob."]);
    }

    [Fact]
    public async Task SIGTERM_ends_the_runtime_cleanly_with_exit_code_0()
    {
        var result = await Host.Emulator.InvokeAsync("""{"name":"Ada"}""", cancellationToken: _timeout.Token);
        Assert.True(result.IsSuccess, result.PayloadAsString);
        await Host.Emulator.WaitForNextRequestAsync(2, _timeout.Token);

        // Lambda sends SIGTERM when it shuts an execution environment down; the runtime is then waiting on /next.
        Assert.True(NativeMethods.kill(Host.Process.Id, NativeMethods.SIGTERM) == 0, $"kill failed: errno {Marshal.GetLastPInvokeError()}");

        Assert.Equal(0, await Host.Process.WaitForExitAsync(_timeout.Token));
        Assert.Contains(Host.Process.StandardOutput, text => text.EndsWith("\tStop requested; the runtime loop has ended.", StringComparison.Ordinal));
    }

    private async Task<HttpResponseMessage> InvokeOverHttpAsync(string payload)
    {
        using var client = new HttpClient { BaseAddress = Host.Emulator.BaseUri, Timeout = NativeFunctionHost.InvocationTimeout * 2 };
        using var content = new StringContent(payload, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await client.PostAsync(new Uri($"2015-03-31/functions/{NativeFunctionHost.FunctionName}/invocations", UriKind.Relative), content, _timeout.Token);
    }

    private static List<string> StackTrace(JsonElement error) =>
        error.GetProperty("stackTrace").EnumerateArray().Select(frame => frame.GetString() ?? string.Empty).ToList();
}
