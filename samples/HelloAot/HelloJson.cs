using LambdaKit;

// camelCase JSON names ("name", "message", ...); LambdaKit generates the reflection-free serializer metadata.
[assembly: LambdaJsonOptions(PropertyNaming = LambdaPropertyNaming.CamelCase)]

namespace HelloAot;

/// <summary>The event: <c>{"name":"World","fail":false,"delayMs":0}</c>; every member is optional.</summary>
internal sealed record HelloRequest(string? Name = null, bool Fail = false, int DelayMs = 0);

/// <summary>The answer, echoing what the function knows about the invocation.</summary>
internal sealed record HelloResponse(string Message, string RequestId, string FunctionName, long RemainingMs);
