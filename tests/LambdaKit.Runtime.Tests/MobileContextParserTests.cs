namespace LambdaKit.Runtime.Tests;

public sealed class MobileContextParserTests
{
    [Fact]
    public void A_cognito_identity_header_is_read()
    {
        Assert.True(MobileContextParser.TryParseIdentity("{\"cognitoIdentityId\":\"us-east-1:abc\",\"cognitoIdentityPoolId\":\"us-east-1:pool\",\"other\":[1]}", out var identity));

        Assert.Equal("us-east-1:abc", identity!.IdentityId);
        Assert.Equal("us-east-1:pool", identity.IdentityPoolId);
    }

    [Fact]
    public void A_client_context_header_is_read()
    {
        const string json = "{\"client\":{\"installation_id\":\"i\",\"app_title\":\"Title\",\"app_version_name\":\"1.0\",\"app_version_code\":\"7\",\"app_package_name\":\"com.example\"},"
            + "\"custom\":{\"k\":\"v\",\"n\":5},\"env\":{\"platform\":\"Android\"}}";

        Assert.True(MobileContextParser.TryParseClientContext(json, out var context));

        Assert.Equal("i", context!.Client!.InstallationId);
        Assert.Equal("Title", context.Client.AppTitle);
        Assert.Equal("1.0", context.Client.AppVersionName);
        Assert.Equal("7", context.Client.AppVersionCode);
        Assert.Equal("com.example", context.Client.AppPackageName);
        Assert.Equal("v", context.Custom["k"]);
        Assert.Equal("5", context.Custom["n"]);
        Assert.Equal("Android", context.Environment["platform"]);
    }

    [Fact]
    public void A_client_context_without_parts_has_empty_maps()
    {
        Assert.True(MobileContextParser.TryParseClientContext("{}", out var context));

        Assert.Null(context!.Client);
        Assert.Empty(context.Custom);
        Assert.Empty(context.Environment);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{\"client\":")]
    public void Malformed_headers_are_refused(string json)
    {
        Assert.False(MobileContextParser.TryParseIdentity(json, out var identity));
        Assert.False(MobileContextParser.TryParseClientContext(json, out var context));
        Assert.Null(identity);
        Assert.Null(context);
    }
}
