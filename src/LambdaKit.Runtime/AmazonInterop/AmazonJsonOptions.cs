using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaKit.Runtime.AmazonInterop;

/// <summary>
/// The System.Text.Json options of Amazon.Lambda.Serialization.SystemTextJson's serializers, for handlers that name one
/// in <c>[LambdaSerializer(typeof(...))]</c>: case-insensitive reads, nulls skipped on write, AWS's naming policy (names
/// as declared or camelCase, but for two S3 headers) and AWS's converters (epoch-second <c>DateTime</c>s, base64 <c>MemoryStream</c>s,
/// <c>byte[]</c> as arrays of numbers, and the AWS SDK's constant classes the generated code passes as strings). The
/// converters are LambdaKit's own and reflection-free (docs/serialization.md).
/// </summary>
public static class AmazonJsonOptions
{
    /// <summary>New options as AWS's serializers build theirs (a new instance each call: options freeze on first use).</summary>
    /// <param name="camelCase">Names in camelCase, as <c>CamelCaseLambdaJsonSerializer</c> writes them.</param>
    /// <param name="constantClasses">
    /// A <see cref="ConstantClassConverter{T}"/> for each AWS SDK constant class AWS's serializer converts that the function
    /// references (the generated code passes them: only it can name their constructors).
    /// </param>
    public static JsonSerializerOptions Create(bool camelCase = false, params JsonConverter[] constantClasses)
    {
        var options = Defaults(camelCase);
        foreach (var converter in constantClasses ?? [])
        {
            options.Converters.Add(converter);
        }

        return options;
    }

    private static JsonSerializerOptions Defaults(bool camelCase) => new()
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
