namespace LambdaKit.Testing;

/// <summary>One line a child runtime wrote to standard output or standard error.</summary>
/// <param name="Text">The line, without its terminator.</param>
/// <param name="IsStandardError">True for standard error, false for standard output.</param>
/// <param name="ReceivedAt">When the line was read.</param>
public sealed record ProcessOutputLine(string Text, bool IsStandardError, DateTimeOffset ReceivedAt);
