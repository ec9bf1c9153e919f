using LambdaKit;
using LambdaKit.Runtime;

namespace MultiFunction;

/// <summary>The order event: <c>{"Item":"tea","Quantity":2,"UnitPrice":1.5}</c>.</summary>
public sealed record OrderRequest(string Item, int Quantity, decimal UnitPrice);

/// <summary>The priced order: its number in this execution environment and the invocation's request id.</summary>
public sealed record OrderQuote(string Item, decimal Total, int Number, string RequestId);

/// <summary>Order functions: an instance handler (state per execution environment) and a static one.</summary>
public sealed class Orders
{
    // LambdaKit creates the instance once per execution environment, during init, so this counts its invocations.
    private int _quotes;

    [LambdaFunction(Name = "quote")]
    public OrderQuote Quote(OrderRequest order, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(context);
        return new OrderQuote(order.Item, order.Quantity * order.UnitPrice, ++_quotes, context.AwsRequestId);
    }

    [LambdaFunction(Name = "total")]
    public static decimal Total(decimal[] prices) => prices?.Sum() ?? 0m;
}
