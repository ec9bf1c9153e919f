using LambdaKit.Testing;

namespace LambdaKit.Tool;

/// <summary>What to run and how it is configured: the options <c>invoke</c> and <c>serve</c> share.</summary>
internal sealed class FunctionSettings
{
    /// <summary>A zip or folder; null when <see cref="Command"/> is given (or, for <c>serve</c>, nothing at all).</summary>
    public string? Package { get; set; }

    /// <summary>A runtime command line given after <c>--</c>.</summary>
    public IReadOnlyList<string> Command { get; set; } = [];

    /// <summary>Function timeout in seconds (Lambda: 1 to 900, default 3).</summary>
    public int TimeoutSeconds { get; private set; } = 3;

    /// <summary>Memory size in MB (Lambda: 128 to 10,240, default 128).</summary>
    public int MemoryMb { get; private set; } = 128;

    /// <summary><c>x86_64</c> or <c>arm64</c>, when given.</summary>
    public string? Architecture { get; private set; }

    /// <summary><c>Text</c> or <c>JSON</c>, the value of <c>AWS_LAMBDA_LOG_FORMAT</c>, when given.</summary>
    public string? LogFormat { get; private set; }

    /// <summary>The <c>_HANDLER</c> value, when given.</summary>
    public string? Handler { get; private set; }

    /// <summary>User variables from <c>--env</c>, in order.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads one shared option; false when <paramref name="option"/> is not one of them.</summary>
    public bool TryRead(string option, ArgumentReader reader)
    {
        switch (option)
        {
            case "--timeout":
                TimeoutSeconds = reader.Number(option, 1, 900);
                return true;
            case "--memory":
                MemoryMb = reader.Number(option, 128, 10_240);
                return true;
            case "--architecture":
                var architecture = reader.Value(option);
                Architecture = LambdaTargets.FindArchitecture(architecture)?.Name
                    ?? throw new UsageException($"--architecture: '{architecture}' is not {LambdaTargets.ArchitectureNames}");
                return true;
            case "--log-format":
                LogFormat = reader.Value(option) switch
                {
                    "text" => "Text",
                    "json" => "JSON",
                    var other => throw new UsageException($"--log-format: '{other}' is not text or json"),
                };
                return true;
            case "--handler":
                Handler = reader.Value(option);
                return true;
            case "--env":
                AddVariable(reader.Value(option));
                return true;
            default:
                return false;
        }
    }

    /// <summary>Applies Lambda's checks to the variables (names, reserved names, the 4 KB limit).</summary>
    public void Validate()
    {
        if (FunctionVariables.FindProblem(Environment) is { } problem)
        {
            throw new UsageException("--env: " + problem);
        }
    }

    private void AddVariable(string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new UsageException($"--env: '{assignment}' is not NAME=VALUE");
        }

        var name = assignment[..equals];
        Environment[name] = assignment[(equals + 1)..];
    }
}
