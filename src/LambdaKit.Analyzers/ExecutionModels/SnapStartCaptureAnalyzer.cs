using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using LambdaKit.Analyzers.Hazards;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.ExecutionModels;

/// <summary>
/// LK6005: in the initialisers and constructors of a type declaring a SnapStart handler, a value that must be unique
/// per execution environment (<see cref="SnapshotUniqueValues"/>), when no code of the type registers an after-restore
/// hook. Only such types are bound to operations; the verdict waits for the end of the type, where every block has been
/// seen.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SnapStartCaptureAnalyzer : ExecutionModelAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.UniqueValueInSnapshot);

    private protected override string Setting => ExecutionSettings.SnapStartName;

    private protected override void Start(CompilationStartAnalysisContext context, ExecutionSettings.Resolver resolver)
    {
        var values = new SnapshotUniqueValues(context.Compilation);
        context.RegisterSymbolStartAction(typeStart => StartType(typeStart, resolver, values), SymbolKind.NamedType);
    }

    private static void StartType(SymbolStartAnalysisContext context, ExecutionSettings.Resolver resolver, SnapshotUniqueValues values)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!resolver.HasSnapStartHandler(type))
        {
            return;
        }

        var captured = new ConcurrentQueue<(IOperation Operation, string What)>();
        var hooks = 0;
        context.RegisterOperationBlockStartAction(block =>
        {
            var init = IsInit(block.OwningSymbol);
            block.RegisterOperationAction(
                c =>
                {
                    if (SnapshotUniqueValues.IsAfterRestoreHook(c.Operation))
                    {
                        Interlocked.Increment(ref hooks);
                    }
                    else if (init && !FunctionTypes.IsDeferred(c.Operation) && values.Describe(c.Operation) is { } what)
                    {
                        captured.Enqueue((c.Operation, what));
                    }
                },
                OperationKind.Invocation,
                OperationKind.ObjectCreation,
                OperationKind.PropertyReference);
        });

        context.RegisterSymbolEndAction(end =>
        {
            if (Volatile.Read(ref hooks) > 0)
            {
                return;
            }

            foreach (var (operation, what) in captured)
            {
                end.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UniqueValueInSnapshot, operation.Syntax.GetLocation(), operation.Syntax.ToString(), type.Name, what));
            }
        });
    }

    /// <summary>Code that runs during init: constructors and field or property initialisers.</summary>
    private static bool IsInit(ISymbol owner) =>
        owner is IFieldSymbol or IPropertySymbol or IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor };
}
