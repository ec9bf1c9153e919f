using LambdaKit.Runtime;

namespace HelloAot;

internal static class Program
{
    public static Task<int> Main() => LambdaBootstrap.RunAsync(HelloFunction.HandleAsync);
}
