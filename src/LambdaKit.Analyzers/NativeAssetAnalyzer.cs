using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Analyzers;

/// <summary>
/// LK4001/LK4002: a <c>[DllImport]</c>/<c>[LibraryImport]</c> library whose native files, as the build's native asset
/// manifest lists them, include none that would load on the Lambda target.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NativeAssetAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NativeLibraryMissingForArchitecture,
        DiagnosticDescriptors.NativeLibraryWrongMachine);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(Start);
    }

    private static void Start(CompilationStartAnalysisContext context)
    {
        // Without a manifest the analyzer cannot know what the project resolves: it stays silent.
        var manifest = LambdaTarget.ReadManifest(context.Options, context.CancellationToken);
        if (manifest is null || manifest.Files.Count == 0)
        {
            return;
        }

        var architecture = LambdaTarget.GetArchitecture(context.Options, manifest);
        var rid = LambdaTargets.FindArchitecture(architecture)?.Rid;
        if (rid is null)
        {
            return;
        }

        // The manifest's RID is the precise one (e.g. linux-musl-arm64) when it agrees with the architecture.
        if (manifest.Target is { } target && target.Architecture == architecture)
        {
            rid = target.Rid;
        }

        var dllImport = context.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.DllImportAttribute");
        var libraryImport = context.Compilation.GetTypeByMetadataName("System.Runtime.InteropServices.LibraryImportAttribute");
        if (dllImport is null && libraryImport is null)
        {
            return;
        }

        var state = new State(manifest.Files, architecture, rid, dllImport, libraryImport);
        context.RegisterSymbolAction(state.AnalyzeMethod, SymbolKind.Method);
    }

    private sealed class State(
        IReadOnlyList<NativeAssetFile> files,
        NativeArchitecture architecture,
        string rid,
        INamedTypeSymbol? dllImport,
        INamedTypeSymbol? libraryImport)
    {
        private readonly string _architectureName = NativeAssetManifest.FormatArchitecture(architecture, 0);

        public void AnalyzeMethod(SymbolAnalysisContext context)
        {
            // A partial method's implementation part carries the same (merged) attributes as its definition: report once.
            if (context.Symbol is IMethodSymbol { PartialDefinitionPart: not null })
            {
                return;
            }

            foreach (var attribute in context.Symbol.GetAttributes())
            {
                if (attribute.AttributeClass is null
                    || !(SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, dllImport)
                         || SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, libraryImport))
                    || attribute.ConstructorArguments.Length == 0
                    || attribute.ConstructorArguments[0].Value is not string library
                    || library.Length == 0)
                {
                    continue;
                }

                var diagnostic = Check(library, attribute, context.Symbol, context.CancellationToken);
                if (diagnostic is not null)
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
        }

        private Diagnostic? Check(string library, AttributeData attribute, ISymbol method, CancellationToken cancellationToken)
        {
            var matching = files.Where(file => NativeLibraryNames.Matches(library, file.Name)).ToList();
            if (matching.Count == 0)
            {
                // Not a library the project ships (libc, libssl, ...): the image provides it or nothing can tell.
                return null;
            }

            var selected = matching.Where(file => file.Selected).ToList();
            if (selected.Any(Fits))
            {
                return null;
            }

            var location = GetLocation(attribute, method, cancellationToken);
            if (selected.Count > 0)
            {
                var wrong = selected[0];
                var alternatives = matching.Where(file => !file.Selected && Fits(file)).Select(file => RidName(file.RidFolder)).Distinct().ToList();
                var hint = alternatives.Count > 0
                    ? "files for " + _architectureName + " exist for " + string.Join(", ", alternatives)
                    : "no RID folder has a file for " + _architectureName;
                return Diagnostic.Create(
                    DiagnosticDescriptors.NativeLibraryWrongMachine,
                    location,
                    library,
                    wrong.Path,
                    rid,
                    _architectureName,
                    Describe(wrong),
                    hint);
            }

            return Diagnostic.Create(
                DiagnosticDescriptors.NativeLibraryMissingForArchitecture,
                location,
                library,
                rid,
                _architectureName,
                string.Join(", ", matching.Select(file => RidName(file.RidFolder)).Distinct()),
                string.Join(", ", matching.Select(file => file.Name + " (" + file.ArchitectureName + ", " + RidName(file.RidFolder) + ")")));
        }

        /// <summary>Whether the file would load on the target; a file whose headers could not be read is given the benefit of the doubt.</summary>
        private bool Fits(NativeAssetFile file) =>
            (file.Architecture == architecture || file.Architecture == NativeArchitecture.Unknown)
            && file.OperatingSystem is NativeOperatingSystem.Linux or NativeOperatingSystem.Unknown;

        private static string Describe(NativeAssetFile file)
        {
            var format = file.Format switch
            {
                NativeFileFormat.Elf => "ELF",
                NativeFileFormat.PE => "PE",
                NativeFileFormat.MachO => "Mach-O",
                _ => "a file of unknown format",
            };
            var operatingSystem = file.OperatingSystem switch
            {
                NativeOperatingSystem.Windows => " for Windows",
                NativeOperatingSystem.MacOS => " for macOS",
                _ => string.Empty,
            };
            return file.ArchitectureName + " " + format + operatingSystem;
        }

        private static string RidName(string ridFolder) => ridFolder.Length == 0 ? "the project" : ridFolder;

        /// <summary>The library-name argument of the attribute, where the fix is made.</summary>
        private static Location GetLocation(AttributeData attribute, ISymbol method, CancellationToken cancellationToken)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax)
            {
                return syntax.ArgumentList is { Arguments.Count: > 0 } arguments
                    ? arguments.Arguments[0].GetLocation()
                    : syntax.GetLocation();
            }

            return method.Locations.FirstOrDefault() ?? Location.None;
        }
    }
}
