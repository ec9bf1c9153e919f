using LambdaKit;
using LambdaKit.Runtime;

[assembly: LambdaFunctionDefaults(MemorySize = 256, Timeout = 20)]

namespace TestFunctions;

public sealed record OrderRequest(string Item, int Quantity, decimal UnitPrice);

public sealed record OrderResult(string Item, decimal Total, int Number, string RequestId, int MemoryMb);

/// <summary>An instance handler (one instance per execution environment) with its own settings, and a static one on the defaults.</summary>
public sealed class Orders
{
    private int _orders;

    [LambdaFunction(Name = "place-order", MemorySize = 1024, Timeout = 7)]
    public OrderResult Place(OrderRequest request, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (request.Quantity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Quantity, "Quantity must be positive.");
        }

        return new OrderResult(request.Item, request.Quantity * request.UnitPrice, ++_orders, context.AwsRequestId, context.MemoryLimitInMB);
    }

    [LambdaFunction(Name = "count")]
    public static int Count(OrderRequest[] orders) => orders?.Length ?? 0;
}

/// <summary>The only function of its type, on the assembly's defaults; ignores its deadline on request.</summary>
public static class Greeter
{
    [LambdaFunction(Name = "greet")]
    public static async Task<string> GreetAsync(string name, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (name == "slow")
        {
            // Ignores its deadline, as a handler stuck in a call without a token does.
            await Task.Delay(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        return $"Hello, {name}, from {context.FunctionName} ({context.MemoryLimitInMB} MB)";
    }
}
