using Microsoft.CodeAnalysis;

namespace LambdaKit.Analyzers;

/// <summary>
/// Every Roslyn descriptor LambdaKit reports, in one catalogue. Ids and help links come from
/// <see cref="RuleIdentifiers"/>; the LK5xxx ids there are MSBuild task warnings and have no descriptor.
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>Categories name the rule area, so <c>dotnet_analyzer_diagnostic.category-LambdaKit.Architecture.severity</c> works.</summary>
    public const string ArchitectureCategory = "LambdaKit.Architecture";

    public static readonly DiagnosticDescriptor NativeLibraryMissingForArchitecture = Create(
        RuleIdentifiers.NativeLibraryMissingForArchitecture,
        "Native library has no file for the target architecture",
        "Native library '{0}' has no file for the target {1} ({2}); it has files only for {3}: {4}",
        ArchitectureCategory,
        "The project resolves native files for this library, but none for the Lambda target's runtime identifier, so the function fails with DllNotFoundException on its first call. Use a package version that ships the library for the target, build it for the target, or change LambdaArchitecture.");

    public static readonly DiagnosticDescriptor NativeLibraryWrongMachine = Create(
        RuleIdentifiers.NativeLibraryWrongMachine,
        "Native library file has the wrong machine for the target architecture",
        "Native library '{0}' resolves to '{1}' for the target {2} ({3}), but that file is {4}; {5}",
        ArchitectureCategory,
        "The file that would be published for the Lambda target is built for another instruction set or operating system, so loading it fails with BadImageFormatException or DllNotFoundException on Lambda. Ship a file built for the target architecture.");

    public static readonly DiagnosticDescriptor X86IntrinsicsWithoutGuard = Create(
        RuleIdentifiers.X86IntrinsicsWithoutGuard,
        "x86 hardware intrinsics used without an IsSupported check on an arm64 target",
        "'{0}' is an x86 hardware intrinsic and the Lambda target is arm64; check '{1}.IsSupported' first and provide a fallback",
        ArchitectureCategory,
        "Graviton (arm64) processors have no SSE or AVX instructions: System.Runtime.Intrinsics.X86 members throw PlatformNotSupportedException there. Guard them with IsSupported and provide a portable or Arm fallback (System.Runtime.Intrinsics.Arm, Vector128).");

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, string description) =>
        new(id, title, messageFormat, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description, RuleIdentifiers.GetHelpUri(id));
}
