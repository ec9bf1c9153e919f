namespace LambdaKit.Build.Tasks;

/// <summary>What packaging needs to know about a Lambda runtime: its image's glibc and what the image lacks.</summary>
internal sealed class LambdaRuntimeInfo
{
    // Amazon Linux 2023 ships glibc 2.34 and OpenSSL 3 only; Amazon Linux 2 ships glibc 2.26 and OpenSSL 1.0.2
    // (libssl.so.10). Source: the Amazon Linux 2023 user guide ("Comparing AL2 and AL2023") and the Amazon Linux 2
    // package list; not in the Lambda guide the project is based on (lambda-facts §0).
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

    // The images' facts; deprecation dates live in the one dated runtime table (src/Shared/LambdaRuntimes.cs).
    private static readonly LambdaRuntimeInfo[] Known =
    [
        new("dotnet8", "Amazon Linux 2023", new Version(2, 34), isProvided: false, managedMajorVersion: 8, Al2023Absent),
        new("dotnet10", "Amazon Linux 2023", new Version(2, 34), isProvided: false, managedMajorVersion: 10, Al2023Absent),
        new("provided.al2023", "Amazon Linux 2023", new Version(2, 34), isProvided: true, managedMajorVersion: 0, ProvidedAl2023Absent),
        new("provided.al2", "Amazon Linux 2", new Version(2, 26), isProvided: true, managedMajorVersion: 0, Al2Absent),
    ];

    private LambdaRuntimeInfo(string name, string image, Version glibc, bool isProvided, int managedMajorVersion, IReadOnlyList<AbsentLibrary> absent)
    {
        Name = name;
        Image = image;
        Glibc = glibc;
        IsProvided = isProvided;
        ManagedMajorVersion = managedMajorVersion;
        AbsentLibraries = absent;
    }

    public string Name { get; }

    /// <summary>The operating system image the runtime runs on.</summary>
    public string Image { get; }

    /// <summary>The image's glibc version: the highest <c>GLIBC_x.y</c> a native file may need.</summary>
    public Version Glibc { get; }

    /// <summary>An OS-only runtime: Lambda starts <c>bootstrap</c> from the package.</summary>
    public bool IsProvided { get; }

    /// <summary>The .NET major version a managed runtime runs; 0 for OS-only runtimes.</summary>
    public int ManagedMajorVersion { get; }

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
