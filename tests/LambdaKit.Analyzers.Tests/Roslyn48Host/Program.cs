using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

// Usage: Roslyn48Host <source.cs>... [--analyzer <dll>]... [--reference <dll>]... [--option <key>=<value>]...
// Prints the Roslyn version, load failures, the number of generated files and every diagnostic, one per line.
var sources = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(Path.GetFullPath).ToList();
var analyzerPaths = Values("--analyzer").Select(Path.GetFullPath);
var referencePaths = Values("--reference");
var options = Values("--option").Select(o => o.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

Console.WriteLine("roslyn " + typeof(CSharpCompilation).Assembly.GetName().Version);

var loader = new LoadFromLoader();
var analyzers = new List<DiagnosticAnalyzer>();
var generators = new List<ISourceGenerator>();
foreach (var path in analyzerPaths)
{
    var reference = new AnalyzerFileReference(path, loader);
    reference.AnalyzerLoadFailed += (_, e) => Console.WriteLine($"load-failed {Path.GetFileName(path)} {e.ErrorCode} {e.Message}");
    analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
    generators.AddRange(reference.GetGenerators(LanguageNames.CSharp));
}

Console.WriteLine($"analyzers {analyzers.Count} generators {generators.Count}");

var parseOptions = new CSharpParseOptions(LanguageVersion.CSharp12);
var trees = sources.Select(source => CSharpSyntaxTree.ParseText(File.ReadAllText(source), parseOptions, source)).ToList();
var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
var compilation = CSharpCompilation.Create(
    "Probe",
    trees,
    platform.Concat(referencePaths).Select(p => MetadataReference.CreateFromFile(p)),
    new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
var optionsProvider = new GlobalOptionsProvider(options);

CSharpGeneratorDriver.Create(generators, parseOptions: parseOptions, optionsProvider: optionsProvider)
    .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);
Console.WriteLine($"generated {generated.SyntaxTrees.Count() - trees.Count}");

var withAnalyzers = generated.WithAnalyzers([.. analyzers], new AnalyzerOptions([], optionsProvider));
var diagnostics = generatorDiagnostics.AddRange(await withAnalyzers.GetAllDiagnosticsAsync());
foreach (var diagnostic in diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning || d.Id.StartsWith("LK", StringComparison.Ordinal)))
{
    Console.WriteLine($"diagnostic {diagnostic.Id} {diagnostic.Severity} {diagnostic.Location.GetLineSpan().StartLinePosition} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
}

return 0;

string[] Values(string name) => args.Select((a, i) => (a, i)).Where(p => p.a == name && p.i + 1 < args.Length).Select(p => args[p.i + 1]).ToArray();

/// <summary>Loads analyzer assemblies into the default context, next to this host's Roslyn 4.8.0.</summary>
internal sealed class LoadFromLoader : IAnalyzerAssemblyLoader
{
    public void AddDependencyLocation(string fullPath)
    {
    }

    public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
}

/// <summary>Global analyzer config options, as build_property.X values from MSBuild.</summary>
internal sealed class GlobalOptionsProvider(Dictionary<string, string> values) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(values);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options([]);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options([]);

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
