namespace LambdaKit.Tool;

/// <summary>A usage or package problem: the tool prints <c>lambdakit: {Message}</c> on one line and exits with 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
