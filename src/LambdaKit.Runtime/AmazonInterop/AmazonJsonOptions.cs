using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaKit.Runtime.AmazonInterop;

/// <summary>
/// The System.Text.Json options of Amazon.Lambda.Serialization.SystemTextJson's serializers, for handlers that name one
/// in <c>[LambdaSerializer(typeof(...))]</c>: case-insensitive reads, nulls skipped on write, AWS's naming policy (names
/// as declared or camelCase, but for two S3 headers) and AWS's converters (epoch-second <c>DateTime</c>s, base64 <c>MemoryStream</c>s,
/// <c>byte[]</c> as arrays of numbers). The converters are LambdaKit's own and reflection-free. AWS's converter for the
/// AWS SDK's constant classes is not reproduced: it creates instances by reflection (docs/serialization.md).
/// </summary>
public static class AmazonJsonOptions
{
    /// <summary>New options as AWS's serializers build theirs (a new instance each call: options freeze on first use).</summary>
    /// <param name="camelCase">Names in camelCase, as <c>CamelCaseLambdaJsonSerializer</c> writes them.</param>
    public static JsonSerializerOptions Create(bool camelCase = false) => new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
        PropertyNamingPolicy = new AwsNamingPolicy(camelCase ? JsonNamingPolicy.CamelCase : null),
        Converters =
        {
            new EpochDateTimeConverter(),
            new Base64MemoryStreamConverter(),
            new ByteArrayAsNumbersConverter(),
        },
    };
}
