using System.Text.Json;
using LambdaKit.Runtime.Logging;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Tests;

/// <summary>Tenant isolation: <c>Lambda-Runtime-Aws-Tenant-Id</c> on <c>/next</c> reaches the context and the JSON log records.</summary>
public sealed class TenantTests
{
    private const string Deadline = "Lambda-Runtime-Deadline-Ms: 4102444800000";
    private const string Arn = "Lambda-Runtime-Invoked-Function-Arn: arn";
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);
    private static readonly Dictionary<string, string> JsonLogs = new() { [LambdaEnvironmentVariables.LogFormat] = "JSON" };

    [Fact]
    public async Task The_tenant_id_reaches_the_context_and_every_json_record_of_the_invocation()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r1", Deadline, Arn, RuntimeApiContract.TenantIdHeader + ": blue"))
              .Then(ScriptedHttpServer.Response(202));
        string? tenantId = null;

        var (exitCode, log) = await BootstrapRun.RunAsync(
            server,
            (payload, context, response) =>
            {
                tenantId = context.TenantId;
                context.Logger.LogInformation("serving");
                return ValueTask.CompletedTask;
            },
            () => server.Requests.Count >= 3,
            TestTimeout,
            environment: JsonLogs);

        Assert.Equal(0, exitCode);
        Assert.Equal("blue", tenantId);
        var record = JsonDocument.Parse(Assert.Single(log, line => line.Contains("\"serving\"", StringComparison.Ordinal))).RootElement;
        Assert.Equal("blue", record.GetProperty("tenantId").GetString());
        Assert.Equal("r1", record.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task An_invocation_without_the_header_has_no_tenant_id_and_its_records_no_tenant_field()
    {
        await using var server = new ScriptedHttpServer();
        server.Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r1", Deadline, Arn, RuntimeApiContract.TenantIdHeader + ": blue"))
              .Then(ScriptedHttpServer.Response(202))
              .Then(ScriptedHttpServer.Next("{}", "Lambda-Runtime-Aws-Request-Id: r2", Deadline, Arn))
              .Then(ScriptedHttpServer.Response(202));
        var tenants = new List<string?>();

        var (_, log) = await BootstrapRun.RunAsync(
            server,
            (payload, context, response) =>
            {
                tenants.Add(context.TenantId);
                context.Logger.LogInformation("serving " + context.AwsRequestId);
                return ValueTask.CompletedTask;
            },
            () => server.Requests.Count >= 5,
            TestTimeout,
            environment: JsonLogs);

        Assert.Equal(["blue", null], tenants);
        var second = JsonDocument.Parse(Assert.Single(log, line => line.Contains("\"serving r2\"", StringComparison.Ordinal))).RootElement;
        Assert.False(second.TryGetProperty("tenantId", out _));
    }
}
