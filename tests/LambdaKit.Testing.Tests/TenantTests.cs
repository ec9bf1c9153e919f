using System.Net;
using System.Text;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Testing.Tests;

/// <summary>
/// Tenant isolation: the tenant id from <see cref="InvokeOptions.TenantId"/> or <c>X-Amz-Tenant-Id</c> reaches the
/// runtime on <c>/next</c>, Lambda's refusals of a missing or unexpected tenant id, and one environment per tenant.
/// </summary>
public sealed class TenantTests
{
    [Fact]
    public async Task The_tenant_of_an_invocation_reaches_the_runtime_on_next()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { TenantIsolation = true });
        using var runtime = new FakeRuntime(emulator);

        var invocation = emulator.InvokeAsync("{}", new InvokeOptions { TenantId = "blue" });
        var next = await runtime.NextAsync();
        await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "1");

        Assert.Equal("blue", next.Headers.GetValues(RuntimeApiContract.TenantIdHeader).Single());
        Assert.True((await invocation.WaitAsync(FakeRuntime.Deadline())).IsSuccess);
        Assert.Equal("blue", emulator.TenantId);
    }

    [Fact]
    public async Task The_Invoke_API_takes_the_tenant_from_its_header()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { TenantIsolation = true });
        using var runtime = new FakeRuntime(emulator);

        var invoke = runtime.InvokeHttpAsync(Encoding.UTF8.GetBytes("{}"), tenantId: "green");
        var next = await runtime.NextAsync();
        await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "1");

        Assert.Equal("green", next.Headers.GetValues(RuntimeApiContract.TenantIdHeader).Single());
        Assert.Equal(HttpStatusCode.OK, (await invoke).StatusCode);
    }

    [Fact]
    public async Task A_function_without_isolation_sends_no_tenant_header()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var runtime = new FakeRuntime(emulator);

        var invocation = emulator.InvokeAsync("{}");
        var next = await runtime.NextAsync();
        await runtime.PostResponseAsync(FakeRuntime.RequestId(next), "1");
        await invocation.WaitAsync(FakeRuntime.Deadline());

        Assert.False(next.Headers.Contains(RuntimeApiContract.TenantIdHeader));
        Assert.Null(emulator.TenantId);
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, "blue")]
    public async Task A_tenant_id_that_does_not_fit_the_function_is_refused_with_400(bool tenantIsolation, string? tenantId)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { FunctionName = "orders", TenantIsolation = tenantIsolation });
        using var runtime = new FakeRuntime(emulator);

        var result = await emulator.InvokeAsync("{}", new InvokeOptions { TenantId = tenantId });
        using var response = await runtime.InvokeHttpAsync(Encoding.UTF8.GetBytes("{}"), "orders", tenantId: tenantId);

        Assert.Equal(400, result.StatusCode);
        Assert.False(result.IsSuccess);
        Assert.Equal("InvalidParameterValueException", result.Error?.ErrorType);
        Assert.Contains("tenant", result.Error?.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameterValueException", response.Headers.GetValues("X-Amzn-ErrorType").Single());
        Assert.Equal(result.PayloadAsString, await response.Content.ReadAsStringAsync());
        Assert.Empty(emulator.NextRequestTimes);
        Assert.Empty(emulator.CompletedInvocations);
    }

    [Fact]
    public async Task One_emulator_serves_one_tenant_only()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { TenantIsolation = true });
        using var runtime = new FakeRuntime(emulator);
        var blue = emulator.InvokeAsync("{}", new InvokeOptions { TenantId = "blue" });

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => emulator.InvokeAsync("{}", new InvokeOptions { TenantId = "green" }));
        using var response = await runtime.InvokeHttpAsync(Encoding.UTF8.GetBytes("{}"), tenantId: "green");

        Assert.Contains("LambdaPool", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await runtime.PostResponseAsync(FakeRuntime.RequestId(await runtime.NextAsync()), "1");
        await blue.WaitAsync(FakeRuntime.Deadline());
    }

    [Fact]
    public async Task A_pool_gives_each_tenant_its_own_process_and_cold_start()
    {
        await using var pool = await LambdaPool.StartAsync(
            new LambdaPoolOptions { Environments = 1, Function = new RuntimeApiEmulatorOptions { TenantIsolation = true } },
            emulator => LambdaProcess.Start(emulator, ShellRuntime.Options()));

        var blue = await pool.InvokeAsync("{}", new InvokeOptions { TenantId = "blue" }).WaitAsync(FakeRuntime.Deadline());
        var green = await pool.InvokeAsync("{}", new InvokeOptions { TenantId = "green" }).WaitAsync(FakeRuntime.Deadline());
        var blueAgain = await pool.InvokeAsync("{}", new InvokeOptions { TenantId = "blue" }).WaitAsync(FakeRuntime.Deadline());

        Assert.Equal(blue.PayloadAsString, blueAgain.PayloadAsString);
        Assert.NotEqual(blue.PayloadAsString, green.PayloadAsString);
        Assert.Equal(2, pool.Environments.Count);
        var blueEnvironment = Assert.Single(pool.EnvironmentsOf("blue"));
        var greenEnvironment = Assert.Single(pool.EnvironmentsOf("green"));
        Assert.Equal("blue", blueEnvironment.TenantId);
        Assert.Equal("green", greenEnvironment.TenantId);
        Assert.Single(blueEnvironment.PlatformLog, line => line.Contains("\tInit Duration: ", StringComparison.Ordinal));
        Assert.Single(greenEnvironment.PlatformLog, line => line.Contains("\tInit Duration: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pool_with_isolation_refuses_an_invocation_without_a_tenant_and_starts_nothing()
    {
        await using var pool = await LambdaPool.StartAsync(
            new LambdaPoolOptions { Environments = 1, Function = new RuntimeApiEmulatorOptions { TenantIsolation = true } },
            emulator => LambdaProcess.Start(emulator, ShellRuntime.Options()));

        var result = await pool.InvokeAsync("{}");

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("InvalidParameterValueException", result.Error?.ErrorType);
        Assert.Empty(pool.Environments);
    }
}
