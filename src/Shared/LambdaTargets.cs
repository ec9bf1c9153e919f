using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace LambdaKit;

/// <summary>An instruction set: of a native file's headers, or of a Lambda target.</summary>
/// <remarks>Public in LambdaKit.Build, whose native-file reader is public; internal wherever else this file is linked.</remarks>
#if LAMBDAKIT_BUILD
public
#else
internal
#endif
enum NativeArchitecture
{
    /// <summary>Not known: the headers could not be read, or a manifest said <c>unknown</c>.</summary>
    Unknown,

    /// <summary>A machine LambdaKit does not name; the header's machine number says which.</summary>
    Other,

    /// <summary>x86-64 / AMD64 (Lambda's <c>x86_64</c>).</summary>
    [SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Lambda's own name for the architecture.")]
    X86_64,

    /// <summary>AArch64 (Lambda's <c>arm64</c>).</summary>
    Arm64,

    /// <summary>32-bit x86.</summary>
    X86,

    /// <summary>32-bit ARM.</summary>
    Arm,

    /// <summary>IBM Z, 64-bit.</summary>
    S390x,

    /// <summary>64-bit POWER.</summary>
    PowerPC64,

    /// <summary>32-bit POWER.</summary>
    PowerPC,

    /// <summary>64-bit RISC-V.</summary>
    RiscV64,

    /// <summary>64-bit LoongArch.</summary>
    LoongArch64,

    /// <summary>MIPS, either width.</summary>
    Mips,
}

/// <summary>A Lambda architecture: its name in Lambda and in <c>LambdaArchitecture</c>, its instruction set and its .NET RID.</summary>
/// <remarks>Public in LambdaKit.Build (the <c>lambdakit</c> tool uses it); internal wherever else this file is linked.</remarks>
#if LAMBDAKIT_BUILD
public
#else
internal
#endif
sealed class LambdaTargetArchitecture(string name, NativeArchitecture instructionSet, string rid)
{
    /// <summary>Lambda's name (<c>x86_64</c>, <c>arm64</c>): the <c>LambdaArchitecture</c> value, the manifest's and the messages'.</summary>
    public string Name { get; } = name;

    public NativeArchitecture InstructionSet { get; } = instructionSet;

    /// <summary>The portable .NET runtime identifier of the architecture on Lambda's OS (<c>linux-arm64</c>).</summary>
    public string Rid { get; } = rid;
}

/// <summary>A Lambda runtime identifier with the operating system image it runs on and that image's glibc.</summary>
#if LAMBDAKIT_BUILD
public
#else
internal
#endif
sealed class LambdaTargetRuntime(string name, string operatingSystem, Version glibc, int dotnetMajorVersion)
{
    /// <summary>The runtime identifier Lambda takes (<c>dotnet10</c>, <c>provided.al2023</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The image's operating system (<c>Amazon Linux 2023</c>).</summary>
    public string OperatingSystem { get; } = operatingSystem;

    /// <summary>The image's glibc: the highest <c>GLIBC_x.y</c> a native file may need.</summary>
    public Version Glibc { get; } = glibc;

    /// <summary>The .NET major version a managed runtime runs; 0 for an OS-only runtime, which starts <c>bootstrap</c>.</summary>
    public int DotnetMajorVersion { get; } = dotnetMajorVersion;

    public bool IsProvided => DotnetMajorVersion == 0;
}

/// <summary>
/// The one vocabulary for what a function is built for: Lambda's architectures with their instruction sets and RIDs,
/// and the runtimes LambdaKit packages for with their OS and glibc ceiling. The packaging targets cannot read C#: they
/// name the RIDs once (LambdaKit.Build.targets), and a test checks that they agree with this table.
/// </summary>
#if LAMBDAKIT_BUILD
public
#else
internal
#endif
static class LambdaTargets
{
    // Amazon Linux 2023 ships glibc 2.34, Amazon Linux 2 glibc 2.26 (the Amazon Linux 2023 user guide, "Comparing AL2
    // and AL2023"); not in the Lambda guide the project is based on (lambda-facts §0).
    private const string AmazonLinux2023 = "Amazon Linux 2023";
    private const string AmazonLinux2 = "Amazon Linux 2";

    [SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "Lambda's own name for the architecture.")]
    public static LambdaTargetArchitecture X86_64 { get; } = new("x86_64", NativeArchitecture.X86_64, "linux-x64");

    public static LambdaTargetArchitecture Arm64 { get; } = new("arm64", NativeArchitecture.Arm64, "linux-arm64");

    public static IReadOnlyList<LambdaTargetArchitecture> Architectures { get; } = [X86_64, Arm64];

    // The runtimes LambdaKit packages for; deprecation dates are in the dated table (LambdaRuntimes).
    public static LambdaTargetRuntime Dotnet8 { get; } = new("dotnet8", AmazonLinux2023, new Version(2, 34), 8);

    public static LambdaTargetRuntime Dotnet10 { get; } = new("dotnet10", AmazonLinux2023, new Version(2, 34), 10);

    public static LambdaTargetRuntime ProvidedAl2023 { get; } = new("provided.al2023", AmazonLinux2023, new Version(2, 34), 0);

    public static LambdaTargetRuntime ProvidedAl2 { get; } = new("provided.al2", AmazonLinux2, new Version(2, 26), 0);

    /// <summary>"x86_64 or arm64", for messages that list what a setting accepts.</summary>
    public static string ArchitectureNames { get; } = string.Join(" or ", Architectures.Select(a => a.Name));

    /// <summary>The architecture of Lambda's exact name, as <c>LambdaArchitecture</c> and Lambda's API take it; null for any other text.</summary>
    public static LambdaTargetArchitecture? FindArchitecture(string? name) =>
        Architectures.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    /// <summary>The Lambda architecture of an instruction set; null for one Lambda does not offer.</summary>
    public static LambdaTargetArchitecture? FindArchitecture(NativeArchitecture instructionSet) =>
        Architectures.FirstOrDefault(a => a.InstructionSet == instructionSet);

    /// <summary>A <c>LambdaArchitecture</c> as the analyzers read it: Lambda's names, also the .NET and kernel spellings, in any case.</summary>
    public static LambdaTargetArchitecture? ParseArchitecture(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "X86_64" or "X64" or "AMD64" => X86_64,
        "ARM64" or "AARCH64" => Arm64,
        _ => null,
    };
}
