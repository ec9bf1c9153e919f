using System.Buffers;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Runtime;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>
/// Handlers whose <c>[LambdaSerializer]</c> names Amazon's reflection-based <c>DefaultLambdaJsonSerializer</c> (or
/// <c>CamelCaseLambdaJsonSerializer</c>) read and write on the generated metadata what that serializer reads and writes,
/// its converters included: differential, against the stand-in's re-implementation of them, on every sample event of
/// the developer guide (as LambdaKit's event types and as types shaped like Amazon's event libraries, whose dates are
/// <c>DateTime</c> and whose Kinesis data is a <c>MemoryStream</c>) and on documents exercising each converter.
/// </summary>
public sealed class AmazonDefaultSerializerTests
{
    private static readonly (string Type, string File)[] Samples =
    [
        ("LambdaKit.Events.APIGatewayProxyRequest", "apigateway-v1-request.json"),
        ("LambdaKit.Events.APIGatewayProxyResponse", "apigateway-v1-response.json"),
        ("LambdaKit.Events.APIGatewayHttpApiV2ProxyRequest", "apigateway-v2-request.json"),
        ("LambdaKit.Events.ApplicationLoadBalancerRequest", "alb-request.json"),
        ("LambdaKit.Events.ApplicationLoadBalancerResponse", "alb-response.json"),
        ("LambdaKit.Events.SQSEvent", "sqs.json"),
        ("LambdaKit.Events.SNSEvent", "sns.json"),
        ("LambdaKit.Events.S3Event", "s3.json"),
        ("LambdaKit.Events.DynamoDBEvent", "dynamodb.json"),
        ("LambdaKit.Events.KinesisEvent", "kinesis.json"),
        ("LambdaKit.Events.EventBridgeEvent", "eventbridge.json"),
        ("LambdaKit.Events.EventBridgeEvent", "scheduled.json"),
        ("LambdaKit.Events.SQSBatchResponse", "batch-response.json"),
        ("AmazonShaped.KinesisEvent", "kinesis.json"),
        ("AmazonShaped.DynamoDBEvent", "dynamodb.json"),
        ("AmazonShaped.S3Event", "s3.json"),
        ("AmazonShaped.SNSEvent", "sns.json"),
        ("AmazonShaped.S3SdkEvent", "s3.json"),
        ("AmazonShaped.DynamoDBSdkEvent", "dynamodb.json"),
    ];

    // Shaped like Amazon.Lambda.KinesisEvents, DynamoDBEvents, S3Events and SNSEvents where the converters matter; the
    // Sdk ones use the AWS SDK's constant classes, as S3Events' S3EventNotification (AWSSDK.S3) does, mirrored below
    // from AWSSDK.Core's ConstantClass (a value, string conversions, equality by value) and AWSSDK.S3's and DynamoDBv2's.
    private const string AmazonShapedTypes = """
        namespace Amazon.Runtime
        {
            public class ConstantClass
            {
                protected ConstantClass(string value) => Value = value;
                public string Value { get; }
                public override string ToString() => Value;
                public static implicit operator string(ConstantClass value) => value.Value;
                public override bool Equals(object? obj) => obj is ConstantClass other && other.Value == Value;
                public override int GetHashCode() => Value.GetHashCode();
            }
        }

        namespace Amazon.S3
        {
            public class EventType : Amazon.Runtime.ConstantClass
            {
                public static readonly EventType ObjectCreatedPut = new EventType("s3:ObjectCreated:Put");
                public EventType(string value) : base(value) { }
                public static implicit operator EventType(string value) => new EventType(value);
            }
        }

        namespace Amazon.DynamoDBv2
        {
            public class OperationType : Amazon.Runtime.ConstantClass
            {
                public static readonly OperationType INSERT = new OperationType("INSERT");
                public OperationType(string value) : base(value) { }
            }

            public class StreamViewType : Amazon.Runtime.ConstantClass
            {
                public static readonly StreamViewType NEW_AND_OLD_IMAGES = new StreamViewType("NEW_AND_OLD_IMAGES");
                public StreamViewType(string value) : base(value) { }
            }
        }

        namespace AmazonShaped
        {
            public class KinesisEvent { public List<KinesisEventRecord>? Records { get; set; } }
            public class KinesisEventRecord
            {
                public string? AwsRegion { get; set; }
                public string? EventId { get; set; }
                public string? EventName { get; set; }
                public string? EventSource { get; set; }
                public string? EventSourceARN { get; set; }
                public string? EventVersion { get; set; }
                public string? InvokeIdentityArn { get; set; }
                public Record? Kinesis { get; set; }
            }
            public class Record
            {
                public DateTime ApproximateArrivalTimestamp { get; set; }
                public MemoryStream? Data { get; set; }
                public string? KinesisSchemaVersion { get; set; }
                public string? PartitionKey { get; set; }
                public string? SequenceNumber { get; set; }
            }

            public class DynamoDBEvent { public List<DynamodbStreamRecord>? Records { get; set; } }
            public class DynamodbStreamRecord
            {
                public string? EventID { get; set; }
                public string? EventName { get; set; }
                public string? EventSourceArn { get; set; }
                public StreamRecord? Dynamodb { get; set; }
            }
            public class StreamRecord
            {
                public DateTime ApproximateCreationDateTime { get; set; }
                public Dictionary<string, AttributeValue>? Keys { get; set; }
                public Dictionary<string, AttributeValue>? NewImage { get; set; }
                public string? SequenceNumber { get; set; }
                public long SizeBytes { get; set; }
                public string? StreamViewType { get; set; }
            }
            public class AttributeValue
            {
                public string? S { get; set; }
                public string? N { get; set; }
                public MemoryStream? B { get; set; }
                public byte[]? Raw { get; set; }
            }

            public class S3Event { public List<S3EventRecord>? Records { get; set; } }
            public class S3EventRecord
            {
                public string? EventName { get; set; }
                public DateTime EventTime { get; set; }
                public string? AwsRegion { get; set; }
            }

            public class S3SdkEvent { public List<S3SdkRecord>? Records { get; set; } }
            public class S3SdkRecord
            {
                public Amazon.S3.EventType? EventName { get; set; }
                public string? AwsRegion { get; set; }
            }

            public class DynamoDBSdkEvent { public List<DynamoDBSdkRecord>? Records { get; set; } }
            public class DynamoDBSdkRecord
            {
                public Amazon.DynamoDBv2.OperationType? EventName { get; set; }
                public DynamoDBSdkStreamRecord? Dynamodb { get; set; }
            }
            public class DynamoDBSdkStreamRecord { public Amazon.DynamoDBv2.StreamViewType? StreamViewType { get; set; } }

            public class SNSEvent { public List<SNSRecord>? Records { get; set; } }
            public class SNSRecord { public SNSMessage? Sns { get; set; } }
            public class SNSMessage
            {
                public string? Message { get; set; }
                public DateTime Timestamp { get; set; }
                public string? MessageId { get; set; }
            }
        }
        """;

    private static readonly Lazy<Assembly> Function = new(() => Compile("DefaultLambdaJsonSerializer"));

    private static readonly Lazy<Assembly> CamelCaseFunction = new(() => Compile("CamelCaseLambdaJsonSerializer"));

    public static TheoryData<int> SampleIndexes() => new(Enumerable.Range(0, Samples.Length));

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public async Task Sample_events_read_and_write_as_with_Amazons_serializer(int index)
    {
        var (type, file) = Samples[index];
        var json = File.ReadAllText(RepositoryPaths.Combine("tests", "LambdaKit.Generators.Tests", "Serialization", "Events", file));

        await AssertSameAsAmazon(Function.Value, "DefaultLambdaJsonSerializer", type, json);
        await AssertSameAsAmazon(CamelCaseFunction.Value, "CamelCaseLambdaJsonSerializer", type, json);
    }

    [Theory]
    [InlineData("AmazonShaped.DynamoDBEvent", """{"Records":[{"eventID":"1","dynamodb":{"ApproximateCreationDateTime":1479499740,"SizeBytes":26}}]}""")]
    [InlineData("AmazonShaped.DynamoDBEvent", """{"Records":[{"dynamodb":{"ApproximateCreationDateTime":1479499740.25}}]}""")]
    [InlineData("AmazonShaped.DynamoDBEvent", """{"Records":[{"dynamodb":{"ApproximateCreationDateTime":"2016-11-18T20:09:00Z"}}]}""")]
    [InlineData("AmazonShaped.DynamoDBEvent", """{"Records":[{"dynamodb":{"Keys":{"Id":{"B":"AQID","Raw":[1,2,3]}}}}]}""")]
    [InlineData("AmazonShaped.DynamoDBEvent", """{"Records":[{"dynamodb":{"Keys":{"Id":{"Raw":"AQID"}}}}]}""")]
    [InlineData("AmazonShaped.DynamoDBEvent", """{"Records":[{"dynamodb":{"Keys":{"Id":{"Raw":null,"S":null}}}}]}""")]
    [InlineData("AmazonShaped.SNSEvent", """{"Records":[{"Sns":{"Message":"say \"hé\" <b>","Timestamp":0}}]}""")]
    [InlineData("AmazonShaped.S3SdkEvent", """{"Records":[{"eventName":"ObjectRemoved:Delete"},{"eventName":null},{}]}""")]
    public async Task Amazons_converters_read_and_write_as_Amazons_do(string type, string json)
    {
        await AssertSameAsAmazon(Function.Value, "DefaultLambdaJsonSerializer", type, json);
    }

    [Fact]
    public async Task An_epoch_date_reads_as_UTC_seconds()
    {
        var written = await Invoke(Function.Value, "AmazonShaped.DynamoDBEvent", """{"Records":[{"dynamodb":{"ApproximateCreationDateTime":1479499740}}]}""");

        Assert.Contains("\"ApproximateCreationDateTime\":\"2016-11-18T20:09:00Z\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_SDKs_constant_classes_are_written_as_their_value()
    {
        var written = await Invoke(Function.Value, "AmazonShaped.DynamoDBSdkEvent", """{"Records":[{"eventName":"MODIFY","dynamodb":{"StreamViewType":"KEYS_ONLY"}}]}""");

        Assert.Equal("""{"Records":[{"EventName":"MODIFY","Dynamodb":{"StreamViewType":"KEYS_ONLY"}}]}""", written);
    }

    private static async Task AssertSameAsAmazon(Assembly function, string serializer, string type, string json)
    {
        var expected = Amazon(function, serializer, type, json);
        var actual = await Invoke(function, type, json);
        Assert.True(expected == actual, $"{serializer}, {type}:\nAmazon:   {expected}\nLambdaKit: {actual}");
    }

    /// <summary>What the stand-in's reflection-based serializer reads and writes back.</summary>
    private static string Amazon(Assembly function, string serializerName, string type, string json)
    {
        var context = AssemblyLoadContext.GetLoadContext(function)!;
        var serialization = context.LoadFromAssemblyName(new AssemblyName("Amazon.Lambda.Serialization.SystemTextJson"));
        var serializer = Activator.CreateInstance(serialization.GetType("Amazon.Lambda.Serialization.SystemTextJson." + serializerName, throwOnError: true)!)!;
        var eventType = EventType(function, type);
        var value = serializer.GetType().GetMethod("Deserialize")!.MakeGenericMethod(eventType).Invoke(serializer, [new MemoryStream(Encoding.UTF8.GetBytes(json))]);
        using var output = new MemoryStream();
        serializer.GetType().GetMethod("Serialize")!.MakeGenericMethod(eventType).Invoke(serializer, [value, output]);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>What the generated echo handler for <paramref name="type"/> writes back.</summary>
    private static async Task<string> Invoke(Assembly function, string type, string json)
    {
        var handler = HandlerTestHost.HandlerFactory(function)(HandlerName(type));
        var response = new ArrayBufferWriter<byte>();
        await handler(Encoding.UTF8.GetBytes(json), new FakeLambdaContext("function"), response);
        return Encoding.UTF8.GetString(response.WrittenSpan);
    }

    private static Type EventType(Assembly function, string type) =>
        type.StartsWith("LambdaKit.", StringComparison.Ordinal) ? typeof(LambdaFunctionSettings).Assembly.GetType(type, throwOnError: true)! : function.GetType(type, throwOnError: true)!;

    private static string HandlerName(string type) => type.Replace('.', '_');

    private static Assembly Compile(string serializer)
    {
        var handlers = string.Join("\n", Samples.Select(s => s.Type).Distinct().Select(type =>
            $"    [LambdaFunction(Name = \"{HandlerName(type)}\")] public static global::{type} Echo_{HandlerName(type)}(global::{type} value) => value;"));
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using Amazon.Lambda.Core;
            using Amazon.Lambda.Serialization.SystemTextJson;
            using LambdaKit;

            [assembly: LambdaSerializer(typeof({{serializer}}))]

            {{AmazonShapedTypes}}

            public static class Echo
            {
            {{handlers}}
            }
            """;
        return HandlerTestHost.Load(HandlerTestHost.Run(HandlerTestHost.Builder(source, OutputKind.DynamicallyLinkedLibrary, amazon: true)).Output);
    }
}
