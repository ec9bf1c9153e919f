using LambdaKit.Runtime;

namespace HelloManaged;

internal static class Program
{
    public static Task<int> Main() => LambdaBootstrap.RunAsync(GreetingFunction.HandleAsync);
}
