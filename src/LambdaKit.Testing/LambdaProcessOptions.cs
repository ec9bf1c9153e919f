namespace LambdaKit.Testing;

/// <summary>How to start a runtime as a child process; see <see cref="LambdaProcess.Start(RuntimeApiEmulator, LambdaProcessOptions)"/>.</summary>
public sealed class LambdaProcessOptions
{
    /// <summary>The executable: a <c>bootstrap</c>, <c>dotnet</c>, <c>node</c>, ...</summary>
    public required string FileName { get; init; }

    /// <summary>Command-line arguments, passed without shell interpretation.</summary>
    public IList<string> Arguments { get; init; } = new List<string>();

    /// <summary>The <c>_HANDLER</c> string. Default <c>bootstrap</c>.</summary>
    public string Handler { get; init; } = "bootstrap";

    /// <summary>Working directory and <c>LAMBDA_TASK_ROOT</c>. Default: the current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary><c>AWS_EXECUTION_ENV</c>; default <see cref="LambdaEnvironment.DefaultExecutionEnvironment"/>.</summary>
    public string? ExecutionEnvironment { get; init; }

    /// <summary>
    /// Whether the child also gets this process's environment (PATH, HOME, DOTNET_ROOT, ...) beneath the Lambda
    /// variables. Default true, since most executables need some of it to start outside Lambda.
    /// </summary>
    public bool InheritEnvironment { get; init; } = true;

    /// <summary>
    /// Whether a timed-out invocation, an init timeout or an exit of the runtime kills the process (group) and starts
    /// it again before the next invocation, as Lambda resets the execution environment (the next invocation is a cold
    /// start). Default true. Without it there is no init timeout, and after an exit every invocation fails with
    /// <c>Runtime.ExitError</c>.
    /// </summary>
    public bool ResetAfterTimeout { get; init; } = true;

    /// <summary>
    /// How the runtime is held to the emulator's memory size: a runtime over it is killed and the invocation fails
    /// with <c>Runtime.OutOfMemory</c>. Default <see cref="MemoryLimitMode.Automatic"/> (a cgroup where one can be
    /// created, else sampling of the process's resident set).
    /// </summary>
    public MemoryLimitMode MemoryLimit { get; init; } = MemoryLimitMode.Automatic;

    /// <summary>
    /// How many lines <see cref="LambdaProcess.Output"/> keeps (the newest); every line is still raised by
    /// <see cref="LambdaProcess.OutputReceived"/>. Default 10,000.
    /// </summary>
    public int OutputLineLimit { get; init; } = 10_000;

    /// <summary>
    /// The function's configured variables, checked as Lambda checks them (names, reserved names, 4 KB in total):
    /// <see cref="LambdaProcess.Start(RuntimeApiEmulator, LambdaProcessOptions)"/> throws an <see cref="ArgumentException"/> for what Lambda would refuse.
    /// </summary>
    public IDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Variables applied last, unchecked, over the Lambda ones and the inherited ones; a null value removes the
    /// variable. For what a runtime needs outside Lambda (PATH, DOTNET_ROOT) and tests of what Lambda would not allow.
    /// </summary>
    public IDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>(StringComparer.Ordinal);
}
