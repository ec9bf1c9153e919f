using System.Text.Json;

namespace LambdaKit.EndToEnd.Tests;

/// <summary>The native HelloAot with <c>AWS_LAMBDA_LOG_FORMAT=JSON</c>, Lambda's structured log setting.</summary>
[Collection(HelloAotGroup.Name)]
public sealed class JsonLogTests(PublishedHelloAot published)
{
    [Fact]
    public async Task JSON_log_records_carry_the_request_id_and_the_exception()
    {
        using var timeout = new CancellationTokenSource(NativeFunctionHost.InvocationTimeout * 2);
        await using var host = await NativeFunctionHost.StartAsync(published, new Dictionary<string, string?> { ["AWS_LAMBDA_LOG_FORMAT"] = "JSON" });

        var greeting = await host.Emulator.InvokeAsync("""{"name":"Ada"}""", new() { RequestId = "json-ok" }, timeout.Token);
        var failure = await host.Emulator.InvokeAsync("""{"name":"Bob","fail":true}""", new() { RequestId = "json-error" }, timeout.Token);
        Assert.True(greeting.IsSuccess, greeting.PayloadAsString);
        Assert.False(failure.IsSuccess);
        await host.Process.WaitForOutputAsync(line => line.Text.Contains("\"errorType\"", StringComparison.Ordinal), timeout.Token);

        // One JSON object per line: a multi-line exception must not spill into lines CloudWatch cannot parse.
        var records = host.Process.StandardOutput.Select(text => JsonDocument.Parse(text)).ToList();
        try
        {
            var info = Assert.Single(records, r => Message(r) == "Greeting Ada.").RootElement;
            Assert.Equal("INFO", info.GetProperty("level").GetString());
            Assert.Equal("json-ok", info.GetProperty("requestId").GetString());
            Assert.StartsWith("Root=1-", info.GetProperty("traceId").GetString(), StringComparison.Ordinal);

            var error = Assert.Single(records, r => r.RootElement.TryGetProperty("errorType", out _)).RootElement;
            Assert.Equal("ERROR", error.GetProperty("level").GetString());
            Assert.Equal("json-error", error.GetProperty("requestId").GetString());
            Assert.Equal("System.InvalidOperationException", error.GetProperty("errorType").GetString());
        }
        finally
        {
            records.ForEach(record => record.Dispose());
        }
    }

    private static string? Message(JsonDocument record) =>
        record.RootElement.TryGetProperty("message", out var message) ? message.GetString() : null;
}
