// A stand-in for Amazon.Lambda.Serialization.SystemTextJson 3.0.0 (its net8.0 build), compiled by the tests over the
// Amazon.Lambda.Core stand-in: the package registry here has no Amazon.Lambda.* packages. It mirrors the public types
// LambdaKit honours in [LambdaSerializer(typeof(X))] and re-implements, from their documented behaviour, what they do
// to JSON: the options (case-insensitive reads, nulls not written, AWS's naming policy), the converters (epoch-second
// DateTime, base64 MemoryStream, byte[] as an array of numbers, the AWS SDK's constant classes) and the relaxed writer
// escaping. It is the reference side of the differential tests (Handlers/AmazonSerializerTests), so it is
// reflection-based, as the real one is.
#nullable disable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Amazon.Lambda.Core;
using Amazon.Lambda.Serialization.SystemTextJson.Converters;

namespace Amazon.Lambda.Serialization.SystemTextJson
{
    public class JsonSerializerException : Exception
    {
        public JsonSerializerException(string message) : base(message) { }

        public JsonSerializerException(string message, Exception exception) : base(message, exception) { }
    }

    public class AwsNamingPolicy : JsonNamingPolicy
    {
        private readonly JsonNamingPolicy _fallback;

        public AwsNamingPolicy() { }

        public AwsNamingPolicy(JsonNamingPolicy fallbackNamingPolicy) => _fallback = fallbackNamingPolicy;

        public override string ConvertName(string name)
        {
            if (name == "XAmzId2") return "x-amz-id-2";
            if (name == "XAmzRequestId") return "x-amz-request-id";
            return _fallback == null ? name : _fallback.ConvertName(name);
        }
    }

    public abstract class AbstractLambdaJsonSerializer
    {
        protected AbstractLambdaJsonSerializer(Action<JsonWriterOptions> jsonWriterCustomizer)
        {
            WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            jsonWriterCustomizer?.Invoke(WriterOptions);
        }

        protected JsonWriterOptions WriterOptions { get; }

        public void Serialize<T>(T response, Stream responseStream)
        {
            using var writer = new Utf8JsonWriter(responseStream, WriterOptions);
            InternalSerialize(writer, response);
        }

        public T Deserialize<T>(Stream requestStream)
        {
            using var copy = new MemoryStream();
            requestStream.CopyTo(copy);
            return InternalDeserialize<T>(copy.ToArray());
        }

        protected abstract void InternalSerialize<T>(Utf8JsonWriter writer, T response);

        protected abstract T InternalDeserialize<T>(byte[] utf8Json);

        protected virtual JsonSerializerOptions CreateDefaultJsonSerializationOptions() => new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = true,
            PropertyNamingPolicy = new AwsNamingPolicy(),
            Converters = { new DateTimeConverter(), new MemoryStreamConverter(), new ConstantClassConverter(), new ByteArrayConverter() },
        };
    }

    public class DefaultLambdaJsonSerializer : AbstractLambdaJsonSerializer, ILambdaSerializer
    {
        public DefaultLambdaJsonSerializer() : this(null, null) { }

        public DefaultLambdaJsonSerializer(Action<JsonSerializerOptions> customizer) : this(customizer, null) { }

        public DefaultLambdaJsonSerializer(Action<JsonSerializerOptions> customizer, Action<JsonWriterOptions> jsonWriterCustomizer)
            : base(jsonWriterCustomizer)
        {
            SerializerOptions = CreateDefaultJsonSerializationOptions();
            customizer?.Invoke(SerializerOptions);
        }

        protected JsonSerializerOptions SerializerOptions { get; }

#pragma warning disable IL2026, IL3050 // The reflection-based serializer is what this type is.
        protected override void InternalSerialize<T>(Utf8JsonWriter writer, T response) => JsonSerializer.Serialize(writer, response, SerializerOptions);

        protected override T InternalDeserialize<T>(byte[] utf8Json) => JsonSerializer.Deserialize<T>(utf8Json, SerializerOptions);
#pragma warning restore IL2026, IL3050
    }

    public class CamelCaseLambdaJsonSerializer : DefaultLambdaJsonSerializer
    {
        public CamelCaseLambdaJsonSerializer()
            : base(options => options.PropertyNamingPolicy = new AwsNamingPolicy(JsonNamingPolicy.CamelCase))
        {
        }
    }

    [Obsolete("Replaced by DefaultLambdaJsonSerializer.")]
    public class LambdaJsonSerializer : DefaultLambdaJsonSerializer
    {
    }

    public class SourceGeneratorLambdaJsonSerializer<TSGContext> : AbstractLambdaJsonSerializer, ILambdaSerializer
        where TSGContext : JsonSerializerContext
    {
        private readonly TSGContext _context;

        public SourceGeneratorLambdaJsonSerializer() : this(null, null) { }

        public SourceGeneratorLambdaJsonSerializer(Action<JsonWriterOptions> jsonWriterCustomizer) : this(null, jsonWriterCustomizer) { }

        public SourceGeneratorLambdaJsonSerializer(Action<JsonSerializerOptions> customizer) : this(customizer, null) { }

        public SourceGeneratorLambdaJsonSerializer(Action<JsonSerializerOptions> customizer, Action<JsonWriterOptions> jsonWriterCustomizer)
            : base(jsonWriterCustomizer)
        {
            var options = CreateDefaultJsonSerializationOptions();
            customizer?.Invoke(options);
            _context = (TSGContext)Activator.CreateInstance(typeof(TSGContext), options);
        }

        protected override void InternalSerialize<T>(Utf8JsonWriter writer, T response) =>
            JsonSerializer.Serialize(writer, response, TypeInfo<T>());

        protected override T InternalDeserialize<T>(byte[] utf8Json) =>
            JsonSerializer.Deserialize(utf8Json, TypeInfo<T>());

        private JsonTypeInfo<T> TypeInfo<T>() =>
            _context.GetTypeInfo(typeof(T)) as JsonTypeInfo<T> ?? throw new JsonSerializerException("No JsonTypeInfo for " + typeof(T).FullName);
    }
}

namespace Amazon.Lambda.Serialization.SystemTextJson.Converters
{
    // Epoch seconds (whole or fractional) or an ISO 8601 string in; System.Text.Json's own format out.
    public class DateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTime(out var parsed)) return parsed;
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var whole)) return epoch.AddSeconds(whole);
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var fraction)) return epoch.AddSeconds(fraction);
            throw new JsonSerializerException("Unknown data type for DateTime: " + reader.TokenType);
        }

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    public class MemoryStreamConverter : JsonConverter<MemoryStream>
    {
        public override MemoryStream Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new MemoryStream(Convert.FromBase64String(reader.GetString()));

        public override void Write(Utf8JsonWriter writer, MemoryStream value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Convert.ToBase64String(value.ToArray()));
    }

    public class ByteArrayConverter : JsonConverter<byte[]>
    {
        public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType == JsonTokenType.String) return reader.GetBytesFromBase64();
            var values = new List<byte>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Number) values.Add(reader.GetByte());
            }

            return values.ToArray();
        }

        public override void Write(Utf8JsonWriter writer, byte[] values, JsonSerializerOptions options)
        {
            if (values == null)
            {
                writer.WriteNullValue();
                return;
            }

            writer.WriteStartArray();
            for (var i = 0; i < values.Length; i++) writer.WriteNumberValue(values[i]);
            writer.WriteEndArray();
        }
    }

    // The AWS SDK's constant classes (Amazon.Runtime.ConstantClass) AWS's serializer knows, by full name: read by the
    // constructor taking the value, written as ToString() (the value).
    public class ConstantClassConverter : JsonConverter<object>
    {
        private static readonly HashSet<string> ConstantClassNames = new HashSet<string>
        {
            "Amazon.S3.EventType",
            "Amazon.DynamoDBv2.OperationType",
            "Amazon.DynamoDBv2.StreamViewType",
        };

        public override bool CanConvert(Type typeToConvert) => ConstantClassNames.Contains(typeToConvert.FullName);

        public override object Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Activator.CreateInstance(typeToConvert, new object[] { reader.GetString() });

        public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
