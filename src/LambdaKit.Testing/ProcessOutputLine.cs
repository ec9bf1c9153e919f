namespace LambdaKit.Testing;

/// <summary>One line a child runtime wrote to standard output or standard error, or a platform log line.</summary>
/// <param name="Text">The line, without its terminator.</param>
/// <param name="IsStandardError">True for standard error, false for standard output and platform lines.</param>
/// <param name="ReceivedAt">When the line was read.</param>
/// <param name="IsPlatform">
/// True for a <c>START</c>/<c>END</c>/<c>REPORT</c> line of the emulator (Lambda writes these into the function's log
/// stream); such lines are in <see cref="LambdaProcess.Output"/> but not in its standard output or error.
/// </param>
public sealed record ProcessOutputLine(string Text, bool IsStandardError, DateTimeOffset ReceivedAt, bool IsPlatform = false);
