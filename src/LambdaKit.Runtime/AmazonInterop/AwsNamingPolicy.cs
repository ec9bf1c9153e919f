using System.Text.Json;

namespace LambdaKit.Runtime.AmazonInterop;

/// <summary>
/// AWS's naming policy for its Lambda serializers: the two S3 response headers by their wire names, any other name as
/// declared or, for <c>CamelCaseLambdaJsonSerializer</c>, through camelCase.
/// </summary>
public sealed class AwsNamingPolicy : JsonNamingPolicy
{
    private readonly JsonNamingPolicy? _otherNames;

    public AwsNamingPolicy(JsonNamingPolicy? otherNames = null)
    {
        _otherNames = otherNames;
    }

    public override string ConvertName(string name) => name switch
    {
        "XAmzId2" => "x-amz-id-2",
        "XAmzRequestId" => "x-amz-request-id",
        _ => _otherNames?.ConvertName(name) ?? name,
    };
}
