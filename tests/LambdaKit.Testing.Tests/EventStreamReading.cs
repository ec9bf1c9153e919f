using System.Buffers.Binary;
using Amazon.Runtime.EventStreams;

namespace LambdaKit.Testing.Tests;

/// <summary>Reads event-stream messages with the AWS SDK's decoder, which checks both CRCs of each message.</summary>
internal static class EventStreamReading
{
    /// <summary>The next message, read as soon as its bytes are in; null at the end of the stream.</summary>
    public static async Task<EventStreamMessage?> ReadMessageAsync(Stream body)
    {
        var prelude = new byte[4];
        int read = await body.ReadAtLeastAsync(prelude, prelude.Length, throwOnEndOfStream: false, FakeRuntime.Deadline());
        if (read == 0)
        {
            return null;
        }

        var message = new byte[BinaryPrimitives.ReadInt32BigEndian(prelude)];
        prelude.CopyTo(message, 0);
        await body.ReadExactlyAsync(message.AsMemory(prelude.Length), FakeRuntime.Deadline());
        return EventStreamMessage.FromBuffer(message, 0, message.Length);
    }

    public static async Task<List<EventStreamMessage>> ReadAllAsync(Stream body)
    {
        var messages = new List<EventStreamMessage>();
        while (await ReadMessageAsync(body) is { } message)
        {
            messages.Add(message);
        }

        return messages;
    }

    public static string Header(EventStreamMessage message, string name) => message.Headers[name].AsString();
}
