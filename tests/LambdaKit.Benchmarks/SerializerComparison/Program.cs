using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using LambdaKit.Generated;

namespace SerializerComparison;

/// <summary>
/// <c>first-call SERIALIZER EVENT FILE</c>: the time of the process's first deserialize + serialize of the event.
/// <c>throughput APIGW_FILE SQS_FILE ROUNDS ITERATIONS</c>: warm deserialize + serialize loops of both serializers.
/// Prints <c>RESULT</c> lines for the benchmark to read; SERIALIZER is lambdakit or stj, EVENT apigw or sqs.
/// </summary>
internal static class Program
{
    private static readonly string[] Serializers = ["lambdakit", "stj"];
    private static readonly string[] EventNames = ["apigw", "sqs"];

    // Long enough for tiered compilation to promote the loops (30 calls, then a 100 ms quiet period) before measuring.
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);

    public static int Main(string[] args)
    {
        switch (args)
        {
            case ["first-call", var serializer, var name, var file]:
                FirstCall(serializer, name, File.ReadAllBytes(file));
                return 0;
            case ["throughput", var apigw, var sqs, var rounds, var iterations]:
                Throughput(File.ReadAllBytes(apigw), File.ReadAllBytes(sqs), int.Parse(rounds, CultureInfo.InvariantCulture), int.Parse(iterations, CultureInfo.InvariantCulture));
                return 0;
            default:
                Console.Error.WriteLine("Usage: SerializerComparison first-call lambdakit|stj apigw|sqs FILE | throughput APIGW_FILE SQS_FILE ROUNDS ITERATIONS");
                return 2;
        }
    }

    private static void FirstCall(string serializer, string name, byte[] json)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);

        // The clock includes the context's creation: the first call pays for options, metadata and JIT of its code.
        long start = Stopwatch.GetTimestamp();
        RoundTrip(serializer, name, json, writer);
        double microseconds = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        Console.WriteLine(FormattableString.Invariant($"RESULT first-call {serializer} {name} {microseconds:F1}"));
    }

    private static void Throughput(byte[] apigw, byte[] sqs, int rounds, int iterations)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        byte[] Json(string name) => name == "apigw" ? apigw : sqs;

        foreach (string name in EventNames)
        {
            // Same options, same types: the two serializers must write the same bytes.
            var written = Serializers.Select(serializer =>
            {
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                RoundTrip(serializer, name, Json(name), writer);
                return buffer.WrittenSpan.ToArray();
            }).ToList();
            Console.WriteLine($"RESULT same-bytes {name} {written[0].AsSpan().SequenceEqual(written[1])} {written[0].Length} {written[1].Length}");

            foreach (string serializer in Serializers)
            {
                var warm = Stopwatch.StartNew();
                while (warm.Elapsed < Warmup)
                {
                    Loop(serializer, name, Json(name), writer, buffer, 1000);
                }
            }
        }

        for (int round = 0; round < rounds; round++)
        {
            foreach (string name in EventNames)
            {
                // Alternating order within the round, so neither serializer always runs right after the other's collections.
                foreach (string serializer in round % 2 == 0 ? Serializers : Serializers.Reverse())
                {
                    long allocated = GC.GetAllocatedBytesForCurrentThread();
                    long start = Stopwatch.GetTimestamp();
                    Loop(serializer, name, Json(name), writer, buffer, iterations);
                    double nanoseconds = Stopwatch.GetElapsedTime(start).TotalNanoseconds / iterations;
                    double bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)iterations;
                    Console.WriteLine(FormattableString.Invariant($"RESULT throughput {serializer} {name} {round} {nanoseconds:F1} {bytes:F1}"));
                }
            }
        }
    }

    private static void Loop(string serializer, string name, byte[] json, Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer, int iterations)
    {
        for (int i = 0; i < iterations; i++)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            RoundTrip(serializer, name, json, writer);
        }
    }

    /// <summary>Deserializes the event and serializes the object back, through the named serializer's metadata.</summary>
    private static void RoundTrip(string serializer, string name, byte[] json, Utf8JsonWriter writer)
    {
        switch (serializer, name)
        {
            case ("lambdakit", "apigw"):
                RoundTrip(json, writer, LambdaJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);
                break;
            case ("stj", "apigw"):
                RoundTrip(json, writer, StjContext.Default.APIGatewayHttpApiV2ProxyRequest);
                break;
            case ("lambdakit", "sqs"):
                RoundTrip(json, writer, LambdaJsonContext.Default.SQSEvent);
                break;
            case ("stj", "sqs"):
                RoundTrip(json, writer, StjContext.Default.SQSEvent);
                break;
            default:
                throw new ArgumentException($"Unknown serializer or event: {serializer} {name}.");
        }
    }

    private static void RoundTrip<T>(byte[] json, Utf8JsonWriter writer, JsonTypeInfo<T> typeInfo)
    {
        T value = JsonSerializer.Deserialize(json, typeInfo) ?? throw new InvalidOperationException("The event read as null.");
        JsonSerializer.Serialize(writer, value, typeInfo);
        writer.Flush();
    }
}
