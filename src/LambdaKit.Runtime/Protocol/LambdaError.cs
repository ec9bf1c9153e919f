using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LambdaKit.Runtime.Protocol;

/// <summary>
/// The error body Lambda defines for <c>/runtime/invocation/{id}/error</c> and <c>/runtime/init/error</c>:
/// <c>{"errorMessage","errorType","stackTrace":[...],"cause":{...}}</c>, with inner exceptions nested under
/// <c>cause</c> as the .NET runtime reports them. Written and read without reflection.
/// </summary>
public sealed class LambdaError
{
    private static readonly JsonEncodedText ErrorMessageName = JsonEncodedText.Encode("errorMessage");
    private static readonly JsonEncodedText ErrorTypeName = JsonEncodedText.Encode("errorType");
    private static readonly JsonEncodedText StackTraceName = JsonEncodedText.Encode("stackTrace");
    private static readonly JsonEncodedText CauseName = JsonEncodedText.Encode("cause");

    /// <summary>
    /// Errors end up in logs and API responses, not HTML: escape only what JSON requires, so stack frames keep
    /// their <c>+</c>, <c>`</c> and quotes readable.
    /// </summary>
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Nesting beyond this depth is cut off, so a cyclic or absurd inner-exception chain cannot blow up a report.</summary>
    public const int MaxCauseDepth = 16;

    public LambdaError(string errorType, string errorMessage, IReadOnlyList<string>? stackTrace = null, LambdaError? cause = null)
    {
        ErrorType = errorType;
        ErrorMessage = errorMessage;
        StackTrace = stackTrace ?? Array.Empty<string>();
        Cause = cause;
    }

    /// <summary>Short type name of the failure, for example <c>InvalidOperationException</c>.</summary>
    public string ErrorType { get; }

    public string ErrorMessage { get; }

    /// <summary>One entry per stack frame line, trimmed.</summary>
    public IReadOnlyList<string> StackTrace { get; }

    /// <summary>The inner exception's error, if any.</summary>
    public LambdaError? Cause { get; }

    /// <summary>Builds the error shape of <paramref name="exception"/>, its inner exceptions nested as causes.</summary>
    public static LambdaError FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return FromException(exception, 0);
    }

    private static LambdaError FromException(Exception exception, int depth)
    {
        LambdaError? cause = null;
        if (exception.InnerException is { } inner && depth < MaxCauseDepth)
        {
            cause = FromException(inner, depth + 1);
        }

        return new LambdaError(exception.GetType().Name, exception.Message, SplitStackTrace(exception.StackTrace), cause);
    }

    /// <summary>Splits a .NET stack trace into trimmed, non-empty lines.</summary>
    public static IReadOnlyList<string> SplitStackTrace(string? stackTrace)
    {
        if (string.IsNullOrEmpty(stackTrace))
        {
            return Array.Empty<string>();
        }

        return stackTrace.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Writes the error as UTF-8 JSON.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        Write(writer, this, 0);
    }

    /// <summary>The error as UTF-8 JSON bytes.</summary>
    public byte[] ToUtf8Json()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, LambdaError error, int depth)
    {
        writer.WriteStartObject();
        writer.WriteString(ErrorMessageName, error.ErrorMessage);
        writer.WriteString(ErrorTypeName, error.ErrorType);
        writer.WriteStartArray(StackTraceName);
        foreach (var line in error.StackTrace)
        {
            writer.WriteStringValue(line);
        }

        writer.WriteEndArray();
        if (error.Cause is { } cause && depth < MaxCauseDepth)
        {
            writer.WritePropertyName(CauseName);
            Write(writer, cause, depth + 1);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads an error body. Returns <see langword="false"/> when <paramref name="utf8Json"/> is not a JSON object;
    /// missing members read as empty strings and an empty stack trace.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, out LambdaError? error)
    {
        error = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = (MaxCauseDepth * 2) + 8 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            error = ReadObject(ref reader);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static LambdaError ReadObject(ref Utf8JsonReader reader)
    {
        string type = string.Empty;
        string message = string.Empty;
        List<string>? stack = null;
        LambdaError? cause = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("errorType"u8))
            {
                reader.Read();
                type = reader.TokenType == JsonTokenType.String ? reader.GetString()! : type;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("errorMessage"u8))
            {
                reader.Read();
                message = reader.TokenType == JsonTokenType.String ? reader.GetString()! : message;
                reader.Skip();
            }
            else if (reader.ValueTextEquals("stackTrace"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    stack = new List<string>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            stack.Add(reader.GetString()!);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("cause"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    cause = ReadObject(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new LambdaError(type, message, stack, cause);
    }
}
