using System.Buffers;
using System.Text.Json;

namespace LambdaKit.Testing;

/// <summary>
/// The events of <c>InvokeWithResponseStream</c>'s event stream (the restJson1 binding of the Lambda API): a
/// <c>PayloadChunk</c> per piece of the response, then one <c>InvokeComplete</c>.
/// </summary>
internal static class ResponseStreamEvents
{
    public const string ContentType = "application/vnd.amazon.eventstream";

    public static byte[] PayloadChunk(ReadOnlySpan<byte> chunk) =>
        EventStreamEncoder.Encode(Headers("PayloadChunk", "application/octet-stream"), chunk);

    /// <summary>The last event; its members are left out when null, as the JSON protocol does.</summary>
    public static byte[] InvokeComplete(string? errorCode, string? errorDetails, string? logResult)
    {
        var json = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            WriteIfPresent(writer, "ErrorCode", errorCode);
            WriteIfPresent(writer, "ErrorDetails", errorDetails);
            WriteIfPresent(writer, "LogResult", logResult);
            writer.WriteEndObject();
        }

        return EventStreamEncoder.Encode(Headers("InvokeComplete", InvokeApiNames.JsonContentType), json.WrittenSpan);
    }

    private static KeyValuePair<string, string>[] Headers(string eventType, string contentType) =>
    [
        new(":event-type", eventType),
        new(":content-type", contentType),
        new(":message-type", "event"),
    ];

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
