using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaKit.Runtime;

namespace HelloManaged;

/// <summary>Greets the caller and echoes what it was sent, so a test can tell its answer from any other.</summary>
internal static class GreetingFunction
{
    public static ValueTask HandleAsync(ReadOnlyMemory<byte> payload, ILambdaContext context, IBufferWriter<byte> response)
    {
        var request = payload.IsEmpty
            ? new GreetingRequest()
            : JsonSerializer.Deserialize(payload.Span, GreetingJsonContext.Default.GreetingRequest) ?? new GreetingRequest();
        var name = string.IsNullOrWhiteSpace(request.Name) ? "World" : request.Name;
        var greeting = new GreetingResponse($"Hello, {name}, from .NET {Environment.Version.Major}!", context.FunctionName, request.Echo);
        using var writer = new Utf8JsonWriter(response);
        JsonSerializer.Serialize(writer, greeting, GreetingJsonContext.Default.GreetingResponse);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The event: <c>{"name":"Ada","echo":"anything"}</c>; both members are optional.</summary>
internal sealed record GreetingRequest(string? Name = null, string? Echo = null);

/// <summary>The answer.</summary>
internal sealed record GreetingResponse(string Message, string FunctionName, string? Echo);

/// <summary>Source-generated serialization: fast at cold start, no reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GreetingRequest))]
[JsonSerializable(typeof(GreetingResponse))]
internal sealed partial class GreetingJsonContext : JsonSerializerContext;
