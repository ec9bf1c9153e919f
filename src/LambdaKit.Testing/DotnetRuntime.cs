namespace LambdaKit.Testing;

/// <summary>A <c>dotnet</c> host and the .NET major version a managed package runs on (Lambda's <c>dotnet{Major}</c>).</summary>
internal sealed record DotnetRuntime(string Host, int Major)
{
    /// <summary>The .NET running this process: its host is three folders above its shared framework.</summary>
    public static DotnetRuntime Running()
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var root = Path.GetFullPath(Path.Combine(framework, "..", "..", ".."));
        return new DotnetRuntime(Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"), Environment.Version.Major);
    }
}
