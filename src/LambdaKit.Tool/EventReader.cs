using System.Text;
using System.Text.Json;

namespace LambdaKit.Tool;

/// <summary>Turns <c>--event</c> values (a file, <c>-</c> for standard input, or inline JSON) into payloads.</summary>
internal static class EventReader
{
    /// <summary>Reads every event in order; a missing file or invalid JSON is a <see cref="UsageException"/>.</summary>
    public static List<byte[]> ReadAll(IReadOnlyList<string> values, TextReader standardInput)
    {
        var events = new List<byte[]>();
        var stdinUsed = false;
        foreach (var value in values)
        {
            byte[] payload;
            string source;
            if (value == "-")
            {
                if (stdinUsed)
                {
                    throw new UsageException("--event: standard input ('-') can be read only once");
                }

                stdinUsed = true;
                payload = Encoding.UTF8.GetBytes(standardInput.ReadToEnd());
                source = "standard input";
            }
            else if (File.Exists(value))
            {
                payload = File.ReadAllBytes(value);
                source = $"file '{value}'";
            }
            else if (IsJson(value))
            {
                events.Add(Encoding.UTF8.GetBytes(value));
                continue;
            }
            else
            {
                throw new UsageException($"--event: file '{value}' does not exist (and the value is not JSON)");
            }

            if (!IsJson(payload))
            {
                // Lambda's Invoke API refuses such a body (InvalidRequestContentException).
                throw new UsageException($"--event: {source} is not valid JSON");
            }

            events.Add(payload);
        }

        return events;
    }

    private static bool IsJson(string text) => IsJson(Encoding.UTF8.GetBytes(text));

    private static bool IsJson(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            reader.Read();
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
