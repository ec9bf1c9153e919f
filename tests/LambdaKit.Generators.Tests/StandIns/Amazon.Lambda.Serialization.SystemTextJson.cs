// A stand-in for Amazon.Lambda.Serialization.SystemTextJson (net8.0 build, 2.x), compiled by the tests over the
// Amazon.Lambda.Core stand-in: the package registry here has no Amazon.Lambda.* packages. It mirrors the public names
// LambdaKit honours in [LambdaSerializer(typeof(X))]: the reflection-based DefaultLambdaJsonSerializer, its camelCase
// variant and SourceGeneratorLambdaJsonSerializer<TSGContext>. The bodies are simplified; LambdaKit never calls them.
#nullable disable
using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Amazon.Lambda.Core;

namespace Amazon.Lambda.Serialization.SystemTextJson
{
    public abstract class AbstractLambdaJsonSerializer
    {
        protected AbstractLambdaJsonSerializer(Action<JsonWriterOptions> jsonWriterCustomizer)
        {
            WriterOptions = new JsonWriterOptions();
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
    }

    public class DefaultLambdaJsonSerializer : AbstractLambdaJsonSerializer, ILambdaSerializer
    {
        public DefaultLambdaJsonSerializer()
            : this(null)
        {
        }

        public DefaultLambdaJsonSerializer(Action<JsonSerializerOptions> customizer)
            : base(null)
        {
            SerializerOptions = new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true };
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
            : base(options => options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase)
        {
        }
    }

    public class SourceGeneratorLambdaJsonSerializer<TSGContext> : AbstractLambdaJsonSerializer, ILambdaSerializer
        where TSGContext : JsonSerializerContext
    {
        private readonly TSGContext _context;

        public SourceGeneratorLambdaJsonSerializer()
            : this(null)
        {
        }

        public SourceGeneratorLambdaJsonSerializer(Action<JsonWriterOptions> jsonWriterCustomizer)
            : base(jsonWriterCustomizer)
        {
            _context = (TSGContext)typeof(TSGContext).GetProperty("Default").GetValue(null);
        }

        protected override void InternalSerialize<T>(Utf8JsonWriter writer, T response) =>
            JsonSerializer.Serialize(writer, response, (JsonTypeInfo<T>)_context.GetTypeInfo(typeof(T)));

        protected override T InternalDeserialize<T>(byte[] utf8Json) =>
            JsonSerializer.Deserialize(utf8Json, (JsonTypeInfo<T>)_context.GetTypeInfo(typeof(T)));
    }
}
