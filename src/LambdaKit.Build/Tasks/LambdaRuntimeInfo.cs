namespace LambdaKit.Build.Tasks;

/// <summary>
/// What packaging needs to know about a Lambda runtime: its image and glibc (the target vocabulary,
/// src/Shared/LambdaTargets.cs) and what the image lacks.
/// </summary>
internal sealed class LambdaRuntimeInfo
{
    // Amazon Linux 2023 ships OpenSSL 3 only; Amazon Linux 2 ships OpenSSL 1.0.2 (libssl.so.10). Source: the Amazon
    // Linux 2023 user guide ("Comparing AL2 and AL2023") and the Amazon Linux 2 package list; not in the Lambda guide
    // the project is based on (lambda-facts §0).
    private static readonly AbsentLibrary[] Al2023Absent =
    [
        new("libssl.so.1.1", "Amazon Linux 2023 has OpenSSL 3 (libssl.so.3) only"),
        new("libcrypto.so.1.1", "Amazon Linux 2023 has OpenSSL 3 (libcrypto.so.3) only"),
        new("libssl.so.10", "libssl.so.10 is Amazon Linux 2's OpenSSL 1.0; Amazon Linux 2023 has OpenSSL 3 only"),
        new("libcrypto.so.10", "libcrypto.so.10 is Amazon Linux 2's OpenSSL 1.0; Amazon Linux 2023 has OpenSSL 3 only"),
    ];

    // The OS-only image is the minimal Amazon Linux 2023 container image, which has no ICU: .NET code on it needs
    // InvariantGlobalization (AWS's guide to .NET Native AOT on Lambda says the same).
    private static readonly AbsentLibrary[] ProvidedAl2023Absent =
    [
        .. Al2023Absent,
        new("libicuuc.so.", "the provided.al2023 image (minimal Amazon Linux 2023) has no ICU; set InvariantGlobalization=true", isPrefix: true),
        new("libicui18n.so.", "the provided.al2023 image (minimal Amazon Linux 2023) has no ICU; set InvariantGlobalization=true", isPrefix: true),
    ];

    private static readonly AbsentLibrary[] Al2Absent =
    [
        new("libssl.so.3", "Amazon Linux 2 has OpenSSL 1.0 (libssl.so.10), not OpenSSL 3"),
        new("libcrypto.so.3", "Amazon Linux 2 has OpenSSL 1.0 (libcrypto.so.10), not OpenSSL 3"),
    ];

    // Deprecation dates live in the one dated runtime table (src/Shared/LambdaRuntimes.cs).
    private static readonly LambdaRuntimeInfo[] Known =
    [
        new(LambdaTargets.Dotnet8, Al2023Absent),
        new(LambdaTargets.Dotnet10, Al2023Absent),
        new(LambdaTargets.ProvidedAl2023, ProvidedAl2023Absent),
        new(LambdaTargets.ProvidedAl2, Al2Absent),
    ];

    private readonly LambdaTargetRuntime _runtime;

    private LambdaRuntimeInfo(LambdaTargetRuntime runtime, IReadOnlyList<AbsentLibrary> absent)
    {
        _runtime = runtime;
        AbsentLibraries = absent;
    }

    public string Name => _runtime.Name;

    /// <summary>The operating system image the runtime runs on.</summary>
    public string Image => _runtime.OperatingSystem;

    /// <summary>The image's glibc version: the highest <c>GLIBC_x.y</c> a native file may need.</summary>
    public Version Glibc => _runtime.Glibc;

    /// <summary>An OS-only runtime: Lambda starts <c>bootstrap</c> from the package.</summary>
    public bool IsProvided => _runtime.IsProvided;

    /// <summary>The .NET major version a managed runtime runs; 0 for OS-only runtimes.</summary>
    public int ManagedMajorVersion => _runtime.DotnetMajorVersion;

    public IReadOnlyList<AbsentLibrary> AbsentLibraries { get; }

    /// <summary>Lambda's support dates for the runtime.</summary>
    public LambdaRuntimeSupport? Support => LambdaRuntimes.Find(Name);

    /// <summary>The runtimes packaging supports that are not deprecated on <paramref name="today"/>, for advice.</summary>
    public static IEnumerable<LambdaRuntimeInfo> SupportedOn(DateTime today) => Known.Where(r => r.Support?.IsDeprecatedOn(today) != true);

    public static IEnumerable<string> Names => Known.Select(r => r.Name);

    public static LambdaRuntimeInfo? Find(string? name) => Known.FirstOrDefault(r => string.Equals(r.Name, name?.Trim(), StringComparison.Ordinal));

    /// <summary>Why <paramref name="library"/> (a <c>NEEDED</c> name) is absent from the image, or null when it is not known to be.</summary>
    public string? WhyAbsent(string library) => AbsentLibraries.FirstOrDefault(a => a.Matches(library))?.Reason;
}

/// <summary>A shared library known to be absent from a runtime image: an exact name or a name prefix.</summary>
internal sealed class AbsentLibrary(string name, string reason, bool isPrefix = false)
{
    public string Reason { get; } = reason;

    public bool Matches(string library) => isPrefix ? library.StartsWith(name, StringComparison.Ordinal) : library == name;
}
