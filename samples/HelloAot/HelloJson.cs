using System.Text.Json.Serialization;

namespace HelloAot;

/// <summary>The event: <c>{"name":"World","fail":false}</c>; both members are optional.</summary>
internal sealed record HelloRequest(string? Name = null, bool Fail = false);

/// <summary>The answer, echoing what the function knows about the invocation.</summary>
internal sealed record HelloResponse(string Message, string RequestId, string FunctionName, long RemainingMs);

/// <summary>Compile-time serialization metadata: Native AOT has no reflection-based serializer.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HelloRequest))]
[JsonSerializable(typeof(HelloResponse))]
internal sealed partial class HelloJsonContext : JsonSerializerContext;
