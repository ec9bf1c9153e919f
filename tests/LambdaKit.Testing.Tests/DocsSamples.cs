using System.Text.RegularExpressions;
using LambdaKit.Events;
using LambdaKit.Testing.Events;
using LambdaKit.Tests.Shared;
using TestFunctions;

namespace LambdaKit.Testing.Tests;

/// <summary>
/// The C# samples of docs/testing.md's typed-test, concurrency, tenant, SnapStart and streaming sections, compiled and run here: each <c>#region docs</c> below must
/// appear in docs/testing.md as a code block, word for word (after removing this file's indentation).
/// </summary>
public sealed partial class DocsSamples
{
    [Fact]
    public async Task Typed_invocation()
    {
        #region docs
        await using var fn = await LambdaTest.StartAsync<Orders>("place-order");
        OrderResult result = await fn.InvokeAsync<OrderRequest, OrderResult>(new OrderRequest("tea", 2, 1.5m));
        Assert.Equal(3.0m, result.Total);
        #endregion
    }

    [Fact]
    public async Task SnapStart_restore_many()
    {
        #region docs
        await using var first = await LambdaTest.StartAsync<Snapshots>(new LambdaTestOptions { SnapStart = true });
        SnapshotView a = await first.InvokeAsync<string, SnapshotView>("a");
        await using var second = await first.RestoreAsync();
        SnapshotView b = await second.InvokeAsync<string, SnapshotView>("b");
        Assert.Equal(a.InitId, b.InitId);
        Assert.NotEqual(a.RestoreId, b.RestoreId);
        #endregion
    }

    [Fact]
    public async Task Failures_and_overrides()
    {
        #region docs
        var options = new LambdaTestOptions { MemorySizeMb = 512, Timeout = TimeSpan.FromSeconds(1) };
        await using var fn = await LambdaTest.StartAsync<Orders>("place-order", options);
        var failure = await Assert.ThrowsAsync<LambdaInvocationException>(
            () => fn.InvokeAsync<OrderRequest, OrderResult>(new OrderRequest("tea", 0, 1.5m)));
        Assert.Equal("ArgumentOutOfRangeException", failure.ErrorType);
        #endregion
    }

    [Fact]
    public async Task Typed_invocation_from_a_zip()
    {
        string zipPath = TestFunctionsPackage.ZipPath;
        #region docs
        var options = new LambdaTestOptions { Package = zipPath };
        await using var fn = await LambdaTest.StartAsync<Orders>("place-order", options);
        OrderResult result = await fn.InvokeAsync<OrderRequest, OrderResult>(new OrderRequest("tea", 2, 1.5m));
        Assert.Equal(1024, result.MemoryMb);
        Assert.NotEqual(Environment.ProcessId, fn.Process!.Id);
        #endregion
    }

    [Fact]
    public async Task Static_class_and_ready_made_events()
    {
        #region docs
        await using var drain = await LambdaTest.StartAsync(typeof(Drains));
        SQSEvent batch = SqsEventBuilder.Batch(10, i => i == 3 ? "bad" : "good");
        var response = await drain.InvokeAsync<SQSEvent, SQSBatchResponse>(batch);
        Assert.Equal(batch.Records![3].MessageId, Assert.Single(response.BatchItemFailures!).ItemIdentifier);

        APIGatewayHttpApiV2ProxyRequest request = new HttpApiRequestBuilder("GET", "/orders/42?expand=items")
            .WithRoute("/orders/{id}")
            .WithHeader("X-Customer", "ada")
            .Build();
        string json = new SqsEventBuilder("orders").AddMessages(3).ToJson();
        #endregion

        Assert.Equal("42", request.PathParameters!["id"]);
        Assert.Contains("arn:aws:sqs:us-east-1:123456789012:orders", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrency_in_one_environment()
    {
        LambdaProcessOptions runtime = ConcurrentShellRuntime.Options();
        #region docs
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { MaxConcurrency = 4 });
        await using var process = LambdaProcess.Start(emulator, runtime);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => emulator.InvokeAsync("\"slow\"")));
        Assert.Equal(4, emulator.PeakInvocationsInFlight);
        #endregion
    }

    [Fact]
    public async Task Tenant_isolation()
    {
        LambdaProcessOptions runtime = ShellRuntime.Options();
        #region docs
        await using var pool = await LambdaPool.StartAsync(
            new LambdaPoolOptions { Environments = 1, Function = new RuntimeApiEmulatorOptions { TenantIsolation = true } },
            emulator => LambdaProcess.Start(emulator, runtime));
        var blue = await pool.InvokeAsync("{}", new InvokeOptions { TenantId = "blue" });
        var green = await pool.InvokeAsync("{}", new InvokeOptions { TenantId = "green" });
        Assert.Single(pool.EnvironmentsOf("blue"));
        Assert.Equal(2, pool.Environments.Count);
        #endregion
        Assert.NotEqual(blue.PayloadAsString, green.PayloadAsString);
    }

    [Fact]
    public async Task Streaming_invocation()
    {
        #region docs
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.StartStreaming(emulator, async (payload, context, response) =>
        {
            await response.WriteAsync("first "u8.ToArray());
            await response.FlushAsync();
            await response.WriteAsync("second"u8.ToArray());
        });

        StreamingInvocation invocation = emulator.InvokeWithResponseStream("{}");
        TimeSpan? timeToFirstByte = await invocation.TimeToFirstByte;
        string body = await invocation.ReadBodyAsStringAsync();
        InvocationResult result = await invocation.Completion;
        Assert.Equal("first second", body);
        Assert.True(result.IsSuccess && timeToFirstByte is not null);
        #endregion
    }

    [Fact]
    public void Every_region_is_a_code_block_of_the_testing_guide()
    {
        var root = RepositoryRoot.Find();
        var guide = File.ReadAllText(Path.Combine(root, "docs", "testing.md"));
        var regions = Region().Matches(File.ReadAllText(Path.Combine(root, "tests", "LambdaKit.Testing.Tests", "DocsSamples.cs")))
            .Select(match => string.Join('\n', match.Groups["code"].Value.Split('\n').Select(line => line.Length >= 8 ? line[8..] : line.Trim())))
            .ToList();

        Assert.Equal(8, regions.Count);
        Assert.All(regions, region => Assert.Contains("```csharp\n" + region + "```", guide, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^ *#region docs\n(?<code>.*?)^ *#endregion", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Region();
}
