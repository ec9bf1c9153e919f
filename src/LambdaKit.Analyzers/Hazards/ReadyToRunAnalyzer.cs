using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>
/// LK2011: a project with <c>[LambdaFunction]</c> handlers that runs JIT-compiled (<c>PublishAot</c> is not true) and
/// does not publish ReadyToRun. Project-level, so reported once without a source location. Only when the build passes
/// both properties (LambdaKit's build files make them visible): no property, no verdict.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReadyToRunAnalyzer : DiagnosticAnalyzer
{
    public const string PublishReadyToRunOption = "build_property.PublishReadyToRun";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ManagedWithoutReadyToRun);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var options = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            if (!options.TryGetValue(AotSerializerAnalyzer.PublishAotOption, out var publishAot)
                || !options.TryGetValue(PublishReadyToRunOption, out var readyToRun)
                || IsTrue(publishAot)
                || IsTrue(readyToRun)
                || FunctionTypes.For(start.Compilation) is not { } functions)
            {
                return;
            }

            var hasHandlers = 0;
            start.RegisterSymbolAction(
                c =>
                {
                    if (functions.IsHandler(c.Symbol))
                    {
                        Interlocked.Exchange(ref hasHandlers, 1);
                    }
                },
                SymbolKind.Method);
            start.RegisterCompilationEndAction(c =>
            {
                if (Volatile.Read(ref hasHandlers) == 1)
                {
                    c.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ManagedWithoutReadyToRun, Location.None));
                }
            });
        });
    }

    private static bool IsTrue(string value) => string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
