namespace LambdaKit.Testing;

/// <summary>How a runtime process ended: Lambda's status text (<c>exit status 3</c>, <c>signal: killed</c>) and error type.</summary>
internal readonly record struct RuntimeExit(string Status, string ErrorType)
{
    public const string ExitErrorType = "Runtime.ExitError";

    public const string OutOfMemoryErrorType = "Runtime.OutOfMemory";
}
