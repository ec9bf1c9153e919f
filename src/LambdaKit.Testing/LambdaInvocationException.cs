namespace LambdaKit.Testing;

/// <summary>
/// A typed invocation (<see cref="LambdaTestFunction.InvokeAsync{TInput, TOutput}"/>) did not return a response: the
/// function failed, timed out, or Lambda refused the request. <see cref="Result"/> holds what Lambda answered.
/// </summary>
public sealed class LambdaInvocationException : Exception
{
    public LambdaInvocationException()
        : this("The invocation failed.")
    {
    }

    public LambdaInvocationException(string message)
        : base(message)
    {
    }

    public LambdaInvocationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal LambdaInvocationException(string functionName, InvocationResult result)
        : base($"Function '{functionName}' failed: {result.Error?.ErrorType ?? "error"}: {result.Error?.ErrorMessage ?? result.PayloadAsString}")
    {
        Result = result;
    }

    /// <summary>Lambda's answer: status, error type and message, the error JSON.</summary>
    public InvocationResult? Result { get; }

    /// <summary>The error type (<c>InvalidOperationException</c>, <c>Sandbox.Timedout</c>, ...), when there is a result.</summary>
    public string? ErrorType => Result?.Error?.ErrorType;
}
