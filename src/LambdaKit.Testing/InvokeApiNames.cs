namespace LambdaKit.Testing;

/// <summary>Invoke API names that the Runtime API contract does not cover, spelled once.</summary>
internal static class InvokeApiNames
{
    public const string InvocationTypeHeader = "X-Amz-Invocation-Type";
    public const string ClientContextHeader = "X-Amz-Client-Context";
    public const string RequestIdHeader = "X-Amzn-RequestId";
    public const string ErrorTypeHeader = "X-Amzn-ErrorType";
    public const string LogTypeHeader = "X-Amz-Log-Type";
    public const string TailLogType = "Tail";
    public const string QualifierQuery = "Qualifier";
    public const string RequestResponse = "RequestResponse";
    public const string Event = "Event";
    public const string DryRun = "DryRun";
    public const string RieFunctionName = "function";
    public const string JsonContentType = "application/json";
    public const string RequestTooLargeError = "RequestTooLargeException";
    public const string InvalidParameterValueError = "InvalidParameterValueException";
}
