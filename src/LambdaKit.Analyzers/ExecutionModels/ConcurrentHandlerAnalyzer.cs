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
public sealed class ConcurrentHandlerAnalyzer : ExecutionModelAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.FieldWrittenConcurrently,
        DiagnosticDescriptors.SharedObjectNotThreadSafe,
        DiagnosticDescriptors.FixedTmpFileName,
        DiagnosticDescriptors.TraceIdFromEnvironment);

    private protected override string Setting => ExecutionSettings.MaxConcurrencyName;

    private protected override void Start(CompilationStartAnalysisContext context, ExecutionSettings.Resolver resolver)
    {
        var types = new ConcurrencyHazardTypes(context.Compilation);
        var assembly = context.Compilation.Assembly;
        context.RegisterSymbolStartAction(
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
                        new ConcurrentHandlerChecks(handler, settings.MaxConcurrency, types, assembly).Register(block);
                    }
                });
            },
            SymbolKind.NamedType);
    }
}
