using System.Text.Encodings.Web;
using System.Text.Json;

namespace LambdaKit.Testing;

/// <summary>
/// Lambda's rules for a function's configured environment variables: names of a letter then letters, digits or
/// <c>_</c>; none of the reserved names Lambda sets itself; at most 4 KB in total.
/// </summary>
public static class FunctionVariables
{
    /// <summary>Lambda's limit on the stored variables object, <c>{"K":"V",...}</c> serialised without whitespace.</summary>
    public const int LimitBytes = 4096;

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "TZ",
    };

    /// <summary>The names Lambda sets itself and refuses in a function's configuration.</summary>
    public static IReadOnlySet<string> ReservedNames => Reserved;

    /// <summary>What Lambda would refuse about <paramref name="variables"/>, in one line; null when it accepts them.</summary>
    public static string? FindProblem(IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in variables)
            {
                if (name.Length < 2 || !char.IsAsciiLetter(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    return $"'{name}' is not a Lambda variable name (a letter, then letters, digits or '_')";
                }

                if (Reserved.Contains(name))
                {
                    return $"'{name}' is reserved: Lambda sets it and refuses it in a function's configuration";
                }

                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return buffer.Length > LimitBytes
            ? $"the variables take {buffer.Length} bytes; Lambda allows {LimitBytes} in total"
            : null;
    }

    /// <summary>Throws when Lambda would refuse <paramref name="variables"/> as a function's configuration.</summary>
    /// <exception cref="ArgumentException">A name is malformed or reserved, or the variables exceed 4 KB.</exception>
    public static void Validate(IEnumerable<KeyValuePair<string, string>> variables)
    {
        if (FindProblem(variables) is { } problem)
        {
            throw new ArgumentException("Function variables: " + problem + ".", nameof(variables));
        }
    }
}
