using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LambdaKit.Events;

namespace LambdaKit.Testing.Events;

/// <summary>
/// An SQS event as Lambda's event source mapping delivers a batch: each message with an id, a receipt handle, the
/// system attributes SQS sets, the MD5 of its body, <c>aws:sqs</c> and the queue's ARN.
/// </summary>
public sealed class SqsEventBuilder
{
    private readonly List<SQSMessage> _messages = [];

    /// <param name="queueName">The queue, used in <c>eventSourceARN</c>.</param>
    /// <param name="region">The region of the queue.</param>
    /// <param name="accountId">The account that owns the queue.</param>
    public SqsEventBuilder(string queueName = "test-queue", string region = "us-east-1", string accountId = "123456789012")
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        QueueArn = $"arn:aws:sqs:{region}:{accountId}:{queueName}";
        Region = region;
    }

    /// <summary><c>arn:aws:sqs:region:account:queue</c>.</summary>
    public string QueueArn { get; }

    public string Region { get; }

    /// <summary>A batch of <paramref name="count"/> messages on the default queue; message <c>i</c> (from 0) has the body <paramref name="body"/>(i), else <c>message i</c>.</summary>
    public static SQSEvent Batch(int count, Func<int, string>? body = null) => new SqsEventBuilder().AddMessages(count, body).Build();

    /// <summary>Adds a message with <paramref name="body"/> and, optionally, string message attributes.</summary>
    public SqsEventBuilder AddMessage(string body, IReadOnlyDictionary<string, string>? messageAttributes = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        _messages.Add(new SQSMessage
        {
            MessageId = Guid.NewGuid().ToString(),
            ReceiptHandle = Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)),
            Body = body,
            Attributes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ApproximateReceiveCount"] = "1",
                ["SentTimestamp"] = sent,
                ["SenderId"] = "AIDAIENQZJOLO23YVJ4VO",
                ["ApproximateFirstReceiveTimestamp"] = sent,
            },
            MessageAttributes = messageAttributes?.ToDictionary(
                attribute => attribute.Key,
                attribute => new SQSMessageAttributeValue { StringValue = attribute.Value, StringListValues = [], BinaryListValues = [], DataType = "String" },
                StringComparer.Ordinal) ?? new Dictionary<string, SQSMessageAttributeValue>(StringComparer.Ordinal),
            Md5OfBody = Md5Hex(body),
            EventSource = "aws:sqs",
            EventSourceArn = QueueArn,
            AwsRegion = Region,
        });
        return this;
    }

    /// <summary>Adds <paramref name="count"/> messages; message <c>i</c> (from 0 within this call) has the body <paramref name="body"/>(i), else <c>message i</c>.</summary>
    public SqsEventBuilder AddMessages(int count, Func<int, string>? body = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (var i = 0; i < count; i++)
        {
            AddMessage(body?.Invoke(i) ?? "message " + i.ToString(CultureInfo.InvariantCulture));
        }

        return this;
    }

    /// <summary>SQS's <c>md5OfBody</c>: the MD5 of the body's UTF-8 bytes, in lowercase hex.</summary>
    private static string Md5Hex(string body)
    {
#pragma warning disable CA5351 // SQS defines md5OfBody as an MD5: a checksum here, not a security use.
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(body));
#pragma warning restore CA5351
        return string.Concat(hash.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    /// <summary>The event, with the messages in the order they were added.</summary>
    public SQSEvent Build() => new() { Records = _messages.ToArray() };

    /// <summary>The event's JSON, as Lambda sends it (for raw and out-of-process invocations).</summary>
    public string ToJson() => EventJson.Write(Build());
}
