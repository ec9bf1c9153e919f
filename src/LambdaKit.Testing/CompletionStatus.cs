namespace LambdaKit.Testing;

/// <summary>What became of a runtime's answer for a request id.</summary>
internal enum CompletionStatus
{
    Completed,
    UnknownRequestId,
    NotInFlight,
}
