namespace LambdaKit.Testing;

/// <summary>
/// The endpoint a request is for, and the one variable segment of its path: the <c>{requestId}</c> or
/// <c>{functionName}</c>, empty for endpoints without one.
/// </summary>
internal readonly record struct RuntimeApiRoute(RuntimeApiEndpoint Endpoint, string Parameter);
