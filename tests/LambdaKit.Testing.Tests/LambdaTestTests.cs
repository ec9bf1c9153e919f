using System.Reflection;
using System.Runtime.CompilerServices;
using TestFunctions;

namespace LambdaKit.Testing.Tests;

/// <summary>
/// <see cref="LambdaTest"/> against Functions/TestFunctions.csproj, a function library built with the generator and
/// without InternalsVisibleTo: typed invocations through the generated metadata, settings from the attributes.
/// </summary>
public sealed class LambdaTestTests
{
    [Fact]
    public void The_function_library_grants_this_test_no_access_to_its_internals()
    {
        Assert.Empty(typeof(Orders).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>());
    }

    [Fact]
    public async Task A_typed_invocation_runs_the_real_loop_with_one_instance_per_environment()
    {
        await using var function = await LambdaTest.StartAsync<Orders>("place-order");

        var first = await function.InvokeAsync<OrderRequest, OrderResult>(new OrderRequest("tea", 3, 1.5m)).WaitAsync(FakeRuntime.Deadline());
        var second = await function.InvokeAsync<OrderRequest, OrderResult>(new OrderRequest("cake", 1, 4m)).WaitAsync(FakeRuntime.Deadline());

        Assert.Equal(new OrderResult("tea", 4.5m, 1, first.RequestId, 1024), first);
        Assert.Equal(2, second.Number);
        Assert.Equal([first.RequestId, second.RequestId], function.Emulator.CompletedInvocations.Select(invocation => invocation.RequestId));
        Assert.Contains(function.Emulator.PlatformLog, line => line.StartsWith($"REPORT RequestId: {first.RequestId}", StringComparison.Ordinal) && line.Contains("Memory Size: 1024 MB", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Memory_and_timeout_come_from_LambdaFunction()
    {
        await using var function = await LambdaTest.StartAsync<Orders>("place-order");

        Assert.Equal(1024, function.Emulator.Options.MemorySizeMb);
        Assert.Equal(TimeSpan.FromSeconds(7), function.Emulator.Options.Timeout);
        Assert.Equal("place-order", function.Emulator.Options.FunctionName);
        Assert.Equal("TestFunctions::TestFunctions.Orders::Place", function.Host!.Environment["_HANDLER"]);
    }

    [Fact]
    public async Task The_test_sets_the_environments_concurrency()
    {
        await using var function = await LambdaTest.StartAsync<Orders>("place-order", new LambdaTestOptions { MaxConcurrency = 8 });

        Assert.Equal(8, function.Emulator.Options.MaxConcurrency);
        Assert.Equal("8", function.Host!.Environment["AWS_LAMBDA_MAX_CONCURRENCY"]);
    }

    [Fact]
    public async Task The_test_sets_tenant_isolation_and_SnapStart()
    {
        var options = new LambdaTestOptions { TenantIsolation = true, SnapStart = true };
        await using var function = await LambdaTest.StartAsync(typeof(Greeter), options: options);

        var refused = await function.InvokeAsync<string>("Ada");
        var greeting = await function.InvokeAsync<string, string>("Ada", new InvokeOptions { TenantId = "blue" }).WaitAsync(FakeRuntime.Deadline());

        Assert.Equal("InvalidParameterValueException", refused.Error?.ErrorType);
        Assert.Equal("Hello, Ada, from greet (256 MB)", greeting);
        Assert.Equal("blue", function.Emulator.TenantId);
        Assert.Equal("snap-start", function.Host!.Environment["AWS_LAMBDA_INITIALIZATION_TYPE"]);
    }

    [Fact]
    public async Task The_assembly_defaults_apply_to_a_function_that_sets_nothing()
    {
        await using var function = await LambdaTest.StartAsync(typeof(Greeter));

        var greeting = await function.InvokeAsync<string, string>("Ada").WaitAsync(FakeRuntime.Deadline());

        Assert.Equal("Hello, Ada, from greet (256 MB)", greeting);
        Assert.Equal(TimeSpan.FromSeconds(20), function.Emulator.Options.Timeout);
    }

    [Fact]
    public async Task The_test_overrides_the_attribute_and_a_timeout_is_Lambdas()
    {
        var options = new LambdaTestOptions { MemorySizeMb = 512, Timeout = TimeSpan.FromSeconds(1) };
        await using var function = await LambdaTest.StartAsync(typeof(Greeter), options: options);

        var failure = await Assert.ThrowsAsync<LambdaInvocationException>(() => function.InvokeAsync<string, string>("slow").WaitAsync(FakeRuntime.Deadline()));
        var next = await function.InvokeAsync<string, string>("Grace").WaitAsync(FakeRuntime.Deadline());

        Assert.Equal("Sandbox.Timedout", failure.ErrorType);
        Assert.Equal("Hello, Grace, from greet (512 MB)", next);
    }

    [Fact]
    public async Task A_function_error_throws_with_Lambdas_answer_and_the_untyped_call_returns_it()
    {
        await using var function = await LambdaTest.StartAsync<Orders>("place-order");

        var failure = await Assert.ThrowsAsync<LambdaInvocationException>(() => function.InvokeAsync<OrderRequest, OrderResult>(new OrderRequest("tea", 0, 1m)).WaitAsync(FakeRuntime.Deadline()));
        var result = await function.InvokeAsync(new OrderRequest("tea", -1, 1m)).WaitAsync(FakeRuntime.Deadline());

        Assert.Equal("ArgumentOutOfRangeException", failure.ErrorType);
        Assert.Contains("Quantity must be positive.", failure.Message, StringComparison.Ordinal);
        Assert.Equal("Unhandled", result.FunctionError);
        Assert.Equal("ArgumentOutOfRangeException", result.Error?.ErrorType);
    }

    [Fact]
    public async Task A_raw_event_reaches_the_function_as_it_is()
    {
        await using var function = await LambdaTest.StartAsync<Orders>("count");

        var result = await function.InvokeAsync("""[{"Item":"a","Quantity":1,"UnitPrice":1},{"Item":"b","Quantity":1,"UnitPrice":1}]""").WaitAsync(FakeRuntime.Deadline());

        Assert.Equal("2", result.PayloadAsString);
    }

    [Fact]
    public async Task A_type_with_several_functions_needs_a_name_and_a_wrong_one_is_named_in_the_error()
    {
        var unnamed = await Assert.ThrowsAsync<ArgumentException>(() => LambdaTest.StartAsync<Orders>());
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => LambdaTest.StartAsync<Orders>("refund"));
        var none = await Assert.ThrowsAsync<ArgumentException>(() => LambdaTest.StartAsync<OrderRequest>());

        Assert.StartsWith("TestFunctions.Orders declares several functions (count, place-order): name one", unnamed.Message, StringComparison.Ordinal);
        Assert.StartsWith("TestFunctions.Orders declares no function 'refund'; it declares count, place-order.", unknown.Message, StringComparison.Ordinal);
        Assert.StartsWith("TestFunctions.OrderRequest declares no [LambdaFunction] method", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Types_other_than_the_functions_JSON_types_are_refused_before_invoking()
    {
        await using var function = await LambdaTest.StartAsync<Orders>("place-order");

        var input = await Assert.ThrowsAsync<InvalidOperationException>(() => function.InvokeAsync<string, OrderResult>("tea"));
        var output = await Assert.ThrowsAsync<InvalidOperationException>(() => function.InvokeAsync<OrderRequest, string>(new OrderRequest("tea", 1, 1m)));

        Assert.Equal("Function 'place-order' reads TestFunctions.OrderRequest as JSON, not System.String.", input.Message);
        Assert.Equal("Function 'place-order' returns TestFunctions.OrderResult as JSON, not System.String.", output.Message);
        Assert.Empty(function.Emulator.CompletedInvocations);
    }
}
