using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>
/// An analyzer of the code blocks (methods, initialisers) of a LambdaKit function: resolves its types once per
/// compilation in <see cref="Start"/>, and registers operation actions only in the blocks <see cref="Applies"/> selects
/// among the members of types that declare handlers. Block actions are scoped to those types so that the compiler
/// builds no operation trees for the rest of the compilation on this analyzer's behalf. Nothing runs in compilations
/// without LambdaKit.
/// </summary>
public abstract class FunctionCodeAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (FunctionTypes.For(start.Compilation) is not { } functions || Start(start.Compilation) is not { } register)
            {
                return;
            }

            start.RegisterSymbolStartAction(
                typeStart =>
                {
                    if (!functions.IsFunctionType((INamedTypeSymbol)typeStart.Symbol))
                    {
                        return;
                    }

                    // The scope is the type's own members; a nested type has its own start (tests prove each block is seen once).
                    typeStart.RegisterOperationBlockStartAction(block =>
                    {
                        if (Applies(functions, block.OwningSymbol))
                        {
                            register(block);
                        }
                    });
                },
                SymbolKind.NamedType);
        });
    }

    /// <summary>Whether the block owned by <paramref name="owner"/> (a method, field or property) is checked.</summary>
    private protected abstract bool Applies(FunctionTypes functions, ISymbol owner);

    /// <summary>The per-block registration for this compilation, or null when the types it needs are absent.</summary>
    private protected abstract Action<OperationBlockStartAnalysisContext>? Start(Compilation compilation);
}
