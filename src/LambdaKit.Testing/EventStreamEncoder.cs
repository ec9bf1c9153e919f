using System.Buffers.Binary;
using System.Text;
using LambdaKit.Build;

namespace LambdaKit.Testing;

/// <summary>
/// Encodes one message of the AWS event-stream binary format (<c>application/vnd.amazon.eventstream</c>): the prelude
/// (total length, headers length, CRC32 of both), string-valued headers, the payload, and the CRC32 of all before it.
/// </summary>
internal static class EventStreamEncoder
{
    private const int PreludeLength = 12;
    private const int ChecksumLength = 4;
    private const byte StringValueType = 7;

    public static byte[] Encode(IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> payload)
    {
        int headersLength = 0;
        foreach (var (name, value) in headers)
        {
            headersLength += 1 + Encoding.UTF8.GetByteCount(name) + 1 + 2 + Encoding.UTF8.GetByteCount(value);
        }

        var message = new byte[PreludeLength + headersLength + payload.Length + ChecksumLength];
        BinaryPrimitives.WriteInt32BigEndian(message, message.Length);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), headersLength);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), Crc32Of(message, 8));
        int offset = PreludeLength;
        foreach (var (name, value) in headers)
        {
            int nameLength = Encoding.UTF8.GetBytes(name, message.AsSpan(offset + 1));
            message[offset] = checked((byte)nameLength);
            offset += 1 + nameLength;
            message[offset++] = StringValueType;
            int valueLength = Encoding.UTF8.GetBytes(value, message.AsSpan(offset + 2));
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(offset), checked((ushort)valueLength));
            offset += 2 + valueLength;
        }

        payload.CopyTo(message.AsSpan(offset));
        offset += payload.Length;
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(offset), Crc32Of(message, offset));
        return message;
    }

    /// <summary>IEEE CRC32 of the message's first <paramref name="count"/> bytes, as zlib computes it.</summary>
    private static uint Crc32Of(byte[] message, int count)
    {
        var crc = new Crc32();
        crc.Append(message, count);
        return crc.Value;
    }
}
