using System.Collections.Immutable;
using System.Reflection;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Generators.Tests.Fuzzing;

/// <summary>
/// Every LambdaKit analyzer, loaded from the built LambdaKit.Analyzers.dll as the compiler loads it, and a run of them
/// that collects their exceptions (the exception callback and AD0001/AD0002).
/// </summary>
internal static class ShippedAnalyzers
{
    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> All = new(() =>
        new AnalyzerFileReference(
                RepositoryPaths.Combine("src", "LambdaKit.Analyzers", "bin", RepositoryPaths.Configuration, "netstandard2.0", "LambdaKit.Analyzers.dll"),
                new Loader())
            .GetAnalyzers(LanguageNames.CSharp));

    public static int Count => All.Value.Length;

    /// <summary>The exceptions the analyzers threw on <paramref name="compilation"/>; empty when they held.</summary>
    public static List<string> Exceptions(Compilation compilation, AnalyzerOptions options)
    {
        var exceptions = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var run = compilation.WithAnalyzers(
            All.Value,
            new CompilationWithAnalyzersOptions(options, (exception, analyzer, _) => exceptions.Enqueue(analyzer.GetType().Name + ": " + exception), concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        foreach (var diagnostic in run.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Where(d => d.Id is "AD0001" or "AD0002"))
        {
            exceptions.Enqueue(diagnostic.ToString());
        }

        return [.. exceptions];
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }
}
