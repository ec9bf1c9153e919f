using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaKit.Runtime.AmazonInterop;

/// <summary>
/// A <c>byte[]</c> written as an array of numbers and read from one or from a base64 string, as AWS's serializer has it
/// (System.Text.Json alone reads and writes base64 only).
/// </summary>
public sealed class ByteArrayAsNumbersConverter : JsonConverter<byte[]>
{
    public override bool HandleNull => true;

    public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetBytesFromBase64();
            case JsonTokenType.StartArray:
                var bytes = new List<byte>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    bytes.Add(reader.GetByte());
                }

                return [.. bytes];
            default:
                throw new JsonException($"A byte[] is an array of numbers or a base64 string, not {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, byte[]? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (byte item in value)
        {
            writer.WriteNumberValue(item);
        }

        writer.WriteEndArray();
    }
}
