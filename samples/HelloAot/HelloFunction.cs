using System.Buffers;
using System.Text.Json;
using LambdaKit.Runtime;
using LambdaKit.Runtime.Logging;

namespace HelloAot;

/// <summary>Greets the caller; fails on request so the error path can be exercised end to end.</summary>
internal static class HelloFunction
{
    public const string FailureMessage = "HelloAot failed because the event asked it to (\"fail\": true).";

    public static ValueTask HandleAsync(ReadOnlyMemory<byte> payload, ILambdaContext context, IBufferWriter<byte> response)
    {
        // Lambda sends {} for an invoke without a payload, but the Runtime API does not promise a body.
        var request = payload.IsEmpty
            ? new HelloRequest()
            : JsonSerializer.Deserialize(payload.Span, HelloJsonContext.Default.HelloRequest) ?? new HelloRequest();
        string name = string.IsNullOrWhiteSpace(request.Name) ? "World" : request.Name;
        context.Logger.LogInformation($"Greeting {name}.");
        if (request.Fail)
        {
            Fail(name);
        }

        var greeting = new HelloResponse(
            $"Hello, {name}!",
            context.AwsRequestId,
            context.FunctionName,
            (long)context.RemainingTime.TotalMilliseconds);
        using var writer = new Utf8JsonWriter(response);
        JsonSerializer.Serialize(writer, greeting, HelloJsonContext.Default.HelloResponse);
        return ValueTask.CompletedTask;
    }

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
