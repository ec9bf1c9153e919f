using LambdaKit;
using LambdaKit.Runtime;
using LambdaKit.Runtime.Logging;

namespace HelloAot;

/// <summary>Greets the caller; fails on request so the error path can be exercised end to end.</summary>
internal static class HelloFunction
{
    public const string FailureMessage = "HelloAot failed because the event asked it to (\"fail\": true).";

    /// <summary>
    /// The function. LambdaKit generates its registration, the JSON metadata of both records and <c>Main</c>; an empty
    /// payload arrives as <see langword="null"/> (Lambda sends <c>{}</c>, but the Runtime API does not promise a body).
    /// </summary>
    [LambdaFunction(Name = "hello")]
    public static ValueTask<HelloResponse> HandleAsync(HelloRequest? request, ILambdaContext context)
    {
        string name = string.IsNullOrWhiteSpace(request?.Name) ? "World" : request.Name;
        context.Logger.LogInformation($"Greeting {name}.");
        if (request?.Fail == true)
        {
            Fail(name);
        }

        return request is { DelayMs: > 0 }
            ? GreetAfterAsync(TimeSpan.FromMilliseconds(request.DelayMs), name, context)
            : ValueTask.FromResult(Greet(name, context));
    }

    /// <summary>
    /// Waits without holding a thread: with <c>AWS_LAMBDA_MAX_CONCURRENCY</c> (Managed Instances) other invocations run
    /// meanwhile. The wait ends at the invocation's deadline.
    /// </summary>
    private static async ValueTask<HelloResponse> GreetAfterAsync(TimeSpan delay, string name, ILambdaContext context)
    {
        await Task.Delay(delay, context.CancellationToken);
        return Greet(name, context);
    }

    private static HelloResponse Greet(string name, ILambdaContext context) => new(
        $"Hello, {name}!",
        context.AwsRequestId,
        context.FunctionName,
        (long)context.RemainingTime.TotalMilliseconds);

    private static void Fail(string name)
    {
        // Thrown and caught so the inner exception has its own stack trace: the error's "cause" shows a real chain.
        try
        {
            throw new ArgumentException($"Refusing to greet '{name}'.", nameof(name));
        }
        catch (ArgumentException inner)
        {
            throw new InvalidOperationException(FailureMessage, inner);
        }
    }
}
