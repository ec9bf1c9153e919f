using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaKit.Runtime.AmazonInterop;

/// <summary>
/// One of the AWS SDK's constant classes (<c>Amazon.Runtime.ConstantClass</c>) that AWS's serializer converts, S3's
/// <c>EventType</c> and DynamoDB's <c>OperationType</c> and <c>StreamViewType</c>, as its value string: read with the
/// type's string constructor, written as <c>ToString()</c> (the value). AWS's converter creates the instance by
/// reflection; the generated code passes the constructor instead.
/// </summary>
public sealed class ConstantClassConverter<T> : JsonConverter<T>
    where T : class
{
    private readonly Func<string, T> _create;

    /// <param name="create">The type's constructor taking the value (<c>value =&gt; new EventType(value)</c>).</param>
    public ConstantClassConverter(Func<string, T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        _create = create;
    }

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? _create(reader.GetString()!)
            : throw new JsonException($"{typeof(T).FullName} is read from a JSON string, not {reader.TokenType}.");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.ToString());
    }
}
