using System.Text.Json;

namespace LambdaKit.Tool;

/// <summary>What to run and how it is configured: the options <c>invoke</c> and <c>serve</c> share.</summary>
internal sealed class FunctionSettings
{
    /// <summary>Lambda's limit on the stored variables object, <c>{"K":"V",...}</c> without whitespace.</summary>
    public const int EnvironmentLimitBytes = 4096;

    /// <summary>Variables Lambda sets itself and refuses in a function's configuration.</summary>
    private static readonly HashSet<string> ReservedVariables = new(StringComparer.Ordinal)
    {
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "TZ",
    };

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
                Architecture = reader.Value(option) switch
                {
                    "x86_64" => "x86_64",
                    "arm64" => "arm64",
                    var other => throw new UsageException($"--architecture: '{other}' is not x86_64 or arm64"),
                };
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

    /// <summary>Applies Lambda's checks to the variables as a whole (the 4 KB limit).</summary>
    public void Validate()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in Environment)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        if (buffer.Length > EnvironmentLimitBytes)
        {
            throw new UsageException($"--env: the variables take {buffer.Length} bytes; Lambda allows {EnvironmentLimitBytes} in total");
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
        if (name.Length < 2 || !char.IsAsciiLetter(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new UsageException($"--env: '{name}' is not a Lambda variable name (a letter, then letters, digits or '_')");
        }

        if (ReservedVariables.Contains(name))
        {
            throw new UsageException($"--env: '{name}' is reserved: Lambda sets it and refuses it in a function's configuration");
        }

        Environment[name] = assignment[(equals + 1)..];
    }
}
