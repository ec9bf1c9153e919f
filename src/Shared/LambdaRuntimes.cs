using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaKit;

/// <summary>A Lambda runtime identifier with its support dates and architectures.</summary>
internal sealed class LambdaRuntimeSupport
{
    public LambdaRuntimeSupport(string name, DateTime? deprecated, DateTime? creationBlocked, bool arm64)
    {
        Name = name;
        Deprecated = deprecated;
        CreationBlocked = creationBlocked;
        Arm64 = arm64;
    }

    public string Name { get; }

    /// <summary>The day Lambda deprecated (or will deprecate) the runtime; null when no date is known.</summary>
    public DateTime? Deprecated { get; }

    /// <summary>The day Lambda stops creating functions on it; null when no date is known.</summary>
    public DateTime? CreationBlocked { get; }

    /// <summary>Lambda offers the runtime on arm64 (only Amazon Linux 2 and later runtimes do).</summary>
    public bool Arm64 { get; }

    public bool IsDeprecatedOn(DateTime day) => Deprecated is { } deprecated && day.Date >= deprecated;
}

/// <summary>
/// Lambda's runtimes as of <see cref="CheckedOn"/>: the one dated table of deprecations and arm64 support (lambda-facts
/// §4.1 for the seed's runtimes, §12.1 for what changed since). Lambda changes it: update it here.
/// </summary>
internal static class LambdaRuntimes
{
    public const string CheckedOn = "2026-12-05";

    public static IReadOnlyList<LambdaRuntimeSupport> All { get; } = new[]
    {
        new LambdaRuntimeSupport("dotnet10", new DateTime(2028, 11, 14), null, arm64: true),
        new LambdaRuntimeSupport("dotnet8", new DateTime(2026, 11, 10), new DateTime(2027, 2, 1), arm64: true),
        new LambdaRuntimeSupport("provided.al2023", null, null, arm64: true),
        new LambdaRuntimeSupport("provided.al2", new DateTime(2026, 6, 30), null, arm64: true),
        new LambdaRuntimeSupport("provided", null, null, arm64: false),
        new LambdaRuntimeSupport("dotnetcore3.1", null, null, arm64: true),
        new LambdaRuntimeSupport("dotnetcore2.1", new DateTime(2021, 11, 30), null, arm64: false),
        new LambdaRuntimeSupport("dotnetcore2.0", new DateTime(2019, 5, 30), null, arm64: false),
        new LambdaRuntimeSupport("dotnetcore1.0", new DateTime(2019, 7, 30), null, arm64: false),
        new LambdaRuntimeSupport("go1.x", null, null, arm64: false),
    };

    public static LambdaRuntimeSupport? Find(string? name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name?.Trim(), StringComparison.Ordinal));
}
