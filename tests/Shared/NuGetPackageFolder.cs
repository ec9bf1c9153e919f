namespace LambdaKit.Tests.Shared;

/// <summary>NuGet's global packages folder on this machine: <c>NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>.</summary>
internal static class NuGetPackageFolder
{
    public static string Path => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
        ? configured
        : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
