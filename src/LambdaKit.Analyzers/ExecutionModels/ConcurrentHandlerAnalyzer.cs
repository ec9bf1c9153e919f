using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Analyzers.ExecutionModels;

/// <summary>
/// LK6001-LK6004 in the handlers of functions with <c>MaxConcurrency</c> above 1 (Lambda Managed Instances), where
/// several invocations run at once on one handler instance. Operation actions are scoped to the types that declare
/// such a handler, so no other body of the compilation is bound to operations on this analyzer's behalf.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConcurrentHandlerAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.FieldWrittenConcurrently,
        DiagnosticDescriptors.SharedObjectNotThreadSafe,
        DiagnosticDescriptors.FixedTmpFileName,
        DiagnosticDescriptors.TraceIdFromEnvironment);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (ExecutionSettings.Resolver.For(start.Compilation) is not { } resolver)
            {
                return;
            }

            var types = new ConcurrencyHazardTypes(start.Compilation);
            start.RegisterSymbolStartAction(
                typeStart =>
                {
                    if (!resolver.HasConcurrentHandler((INamedTypeSymbol)typeStart.Symbol))
                    {
                        return;
                    }

                    typeStart.RegisterOperationBlockStartAction(block =>
                    {
                        if (block.OwningSymbol is IMethodSymbol handler && resolver.Get(handler) is { MayRunConcurrently: true } settings)
                        {
                            new ConcurrentHandlerChecks(handler, settings.MaxConcurrency, types, start.Compilation.Assembly).Register(block);
                        }
                    });
                },
                SymbolKind.NamedType);
        });
    }
}
