using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Analyzers.Tests.Corpus;

/// <summary>What a corpus run found: files and compilations seen, and every exception and LambdaKit diagnostic.</summary>
public sealed record CorpusReport(int Files, int Compilations, int CompilerErrors, string FirstErrors, IReadOnlyList<string> Exceptions, IReadOnlyList<Diagnostic> LambdaKitDiagnostics);

/// <summary>
/// Runs every LambdaKit analyzer and the LambdaKit generator over a folder of .cs files: one compilation per folder
/// holding a project file (or one for the whole folder), against the .NET 8 reference assemblies and LambdaKit.Runtime,
/// as far as it compiles (errors are counted, not fatal: analyzers must hold on broken code too). Reports analyzer and
/// generator exceptions (the compiler's AD0001 and CS8785) and every LK diagnostic.
/// </summary>
public static class CorpusRunner
{

    /// <summary>The shipped analyzers: every concrete DiagnosticAnalyzer in LambdaKit.Analyzers.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers() =>
        [.. typeof(DiagnosticDescriptors).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    /// <summary>The generator as the compiler loads it, from the built LambdaKit.Generators.dll.</summary>
    public static ImmutableArray<ISourceGenerator> Generators() =>
        new AnalyzerFileReference(
                RepositoryPaths.Combine("src", "LambdaKit.Generators", "bin", RepositoryPaths.Configuration, "netstandard2.0", "LambdaKit.Generators.dll"),
                new AssemblyLoader())
            .GetGenerators(LanguageNames.CSharp);

    public static CorpusReport Run(string folder, IReadOnlyDictionary<string, string> globalOptions, CancellationToken cancellationToken = default)
    {
        var analyzers = Analyzers();
        var generators = Generators();
        var exceptions = new ConcurrentQueue<string>();
        var diagnostics = new List<Diagnostic>();
        int files = 0, compilations = 0, errors = 0;
        var firstErrors = new List<string>();
        foreach (var (project, group) in Projects(folder))
        {
            files += group.Count;
            compilations++;
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            var projectText = project is null ? string.Empty : File.ReadAllText(project);
            var outputKind = projectText.Contains("<OutputType>Exe</OutputType>", StringComparison.OrdinalIgnoreCase) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
            var implicitUsings = projectText.Contains("<ImplicitUsings>enable</ImplicitUsings>", StringComparison.OrdinalIgnoreCase)
                ? [CSharpSyntaxTree.ParseText(CompilationBuilder.SdkImplicitUsings, parseOptions, "ImplicitUsings.g.cs", cancellationToken: cancellationToken)]
                : Array.Empty<SyntaxTree>();
            var trees = group.Select(path => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(path), System.Text.Encoding.UTF8), parseOptions, path, cancellationToken)).ToList();
            var builder = new CompilationBuilder().WithLambdaKitRuntime();
            foreach (var (key, value) in globalOptions)
            {
                builder.WithGlobalOption(key, value);
            }

            var compilation = CSharpCompilation.Create(
                "Corpus" + compilations,
                [.. trees, .. implicitUsings],
                [.. Basic.Reference.Assemblies.Net80.References.All, CompilationBuilder.LambdaKitRuntime],
                new CSharpCompilationOptions(outputKind, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

            var driver = CSharpGeneratorDriver.Create(generators, [], parseOptions, builder.BuildOptionsProvider())
                .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics, cancellationToken);
            foreach (var result in driver.GetRunResult().Results.Where(r => r.Exception is not null))
            {
                exceptions.Enqueue($"generator in {group[0]}...: {result.Exception}");
            }

            foreach (var failed in generatorDiagnostics.Where(d => d.Id == "CS8785"))
            {
                exceptions.Enqueue(failed.ToString());
            }

            var compilerErrors = generated.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            errors += compilerErrors.Count;
            firstErrors.AddRange(compilerErrors.Take(3 - Math.Min(3, firstErrors.Count)).Select(d => d.ToString()));

            var options = new CompilationWithAnalyzersOptions(
                builder.BuildAnalyzerOptions(),
                (exception, analyzer, diagnostic) => exceptions.Enqueue($"{analyzer.GetType().Name}: {exception}"),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var found = generated.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).GetAwaiter().GetResult();
            foreach (var failed in found.Where(d => d.Id is "AD0001" or "AD0002"))
            {
                exceptions.Enqueue(failed.ToString());
            }

            diagnostics.AddRange(found.Where(d => d.Id.StartsWith("LK", StringComparison.Ordinal)));
        }

        return new CorpusReport(files, compilations, errors, string.Join("\n", firstErrors), [.. exceptions], diagnostics);
    }

    /// <summary>The .cs files of each project folder (a folder with a .csproj takes everything below it that no deeper project takes); bin and obj skipped.</summary>
    private static IEnumerable<(string? Project, List<string> Files)> Projects(string folder)
    {
        var projectFolders = Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetDirectoryName(p)!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(p => p.Length)
            .ToList();
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(folder, file).Split(Path.DirectorySeparatorChar);
            if (relative.Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            var owner = projectFolders.FirstOrDefault(p => file.StartsWith(p + Path.DirectorySeparatorChar, StringComparison.Ordinal)) ?? folder;
            if (!groups.TryGetValue(owner, out var list))
            {
                groups[owner] = list = [];
            }

            list.Add(file);
        }

        return groups.OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Directory.EnumerateFiles(g.Key, "*.csproj").Order(StringComparer.Ordinal).FirstOrDefault(), g.Value));
    }

    private sealed class AssemblyLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
