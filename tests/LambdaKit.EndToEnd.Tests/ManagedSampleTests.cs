using System.Text.Json;

namespace LambdaKit.EndToEnd.Tests;

/// <summary>samples/HelloManaged as a user publishes it: framework-dependent for Lambda's dotnet10 runtime, through the package.</summary>
[Collection(HelloManagedGroup.Name)]
public sealed class ManagedSampleTests(PublishedHelloManaged published)
{
    [Fact]
    public void Publish_through_the_package_reports_no_warnings()
    {
        // MSB4011 (the package's props imported twice by the packaging restore) was one such warning.
        Assert.True(
            published.WarningLines.Count == 0,
            "The publish must be free of warnings:\n" + string.Join('\n', published.WarningLines));
        Assert.Contains("runtime       dotnet10 (Amazon Linux 2023)", published.PublishOutput, StringComparison.Ordinal);
        Assert.Contains("handler       HelloManaged", published.PublishOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_holds_the_assembly_with_a_net10_runtimeconfig_and_no_apphost()
    {
        Assert.True(File.Exists(Path.Combine(published.PublishDirectory, "HelloManaged.dll")));
        Assert.True(File.Exists(Path.Combine(published.PublishDirectory, "LambdaKit.Runtime.dll")));
        Assert.False(File.Exists(Path.Combine(published.PublishDirectory, "HelloManaged")));

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(published.PublishDirectory, "HelloManaged.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        Assert.Equal("net10.0", options.GetProperty("tfm").GetString());
        Assert.Equal("Microsoft.NETCore.App", options.GetProperty("framework").GetProperty("name").GetString());
    }
}
