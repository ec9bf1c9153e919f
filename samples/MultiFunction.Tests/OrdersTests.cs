using LambdaKit.Testing;
using MultiFunction;

namespace MultiFunction.Tests;

/// <summary>The order functions, in-process on the real runtime loop, through the public API of LambdaKit.Testing only.</summary>
public sealed class OrdersTests
{
    [Fact]
    public async Task A_quote_is_priced_and_numbered_per_execution_environment()
    {
        await using var quote = await LambdaTest.StartAsync<Orders>("quote");

        var first = await quote.InvokeAsync<OrderRequest, OrderQuote>(new OrderRequest("tea", 2, 1.5m));
        var second = await quote.InvokeAsync<OrderRequest, OrderQuote>(new OrderRequest("cake", 1, 4m));

        Assert.Equal(new OrderQuote("tea", 3.0m, 1, first.RequestId), first);
        Assert.Equal(2, second.Number);
    }

    [Fact]
    public async Task A_missing_order_is_a_function_error()
    {
        await using var quote = await LambdaTest.StartAsync<Orders>("quote");

        var failure = await Assert.ThrowsAsync<LambdaInvocationException>(() => quote.InvokeAsync<OrderRequest?, OrderQuote>(null));

        Assert.Equal("ArgumentNullException", failure.ErrorType);
    }

    [Fact]
    public async Task The_total_of_prices()
    {
        await using var total = await LambdaTest.StartAsync<Orders>("total");

        Assert.Equal(3.5m, await total.InvokeAsync<decimal[], decimal>([1.5m, 2m]));
    }

    [Fact]
    public async Task Settings_are_Lambdas_defaults_when_the_attribute_sets_none_and_a_test_can_override_them()
    {
        await using var quote = await LambdaTest.StartAsync<Orders>("quote", new LambdaTestOptions { MemorySizeMb = 512 });

        Assert.Equal(512, quote.Emulator.Options.MemorySizeMb);
        Assert.Equal(TimeSpan.FromSeconds(3), quote.Emulator.Options.Timeout);
    }

    [Fact]
    public async Task A_raw_function_gets_the_bytes_of_the_event()
    {
        // Echo is a static class, which cannot be a type argument: pass its type.
        await using var reverse = await LambdaTest.StartAsync(typeof(Echo));

        var result = await reverse.InvokeAsync("\"abc\"");

        Assert.True(result.IsSuccess, result.PayloadAsString);
        Assert.Equal("\"cba\"", result.PayloadAsString);
    }
}
