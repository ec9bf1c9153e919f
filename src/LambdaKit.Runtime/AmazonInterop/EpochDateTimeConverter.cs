using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaKit.Runtime.AmazonInterop;

/// <summary>
/// A <c>DateTime</c> read from an ISO 8601 string or from a number of seconds since the Unix epoch (UTC, fractions
/// kept), as AWS's serializer reads them (DynamoDB Streams' <c>ApproximateCreationDateTime</c> is a number); written as
/// System.Text.Json writes dates.
/// </summary>
public sealed class EpochDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTime(out var date))
        {
            return date;
        }

        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out long seconds))
            {
                return DateTime.UnixEpoch.AddSeconds(seconds);
            }

            if (reader.TryGetDouble(out double fractional))
            {
                return DateTime.UnixEpoch.AddSeconds(fractional);
            }
        }

        throw new JsonException($"A DateTime is an ISO 8601 string or a number of seconds since 1970-01-01, not {reader.TokenType}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
