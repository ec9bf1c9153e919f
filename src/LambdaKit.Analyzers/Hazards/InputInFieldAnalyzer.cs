using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>
/// LK2007: a handler stores (part of) its input in a static field or property, or in one of its own instance: the
/// data outlives the invocation and is shared by the next ones (and by concurrent ones under Managed Instances).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InputInFieldAnalyzer : FunctionCodeAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.InputStoredInField);

    private protected override bool Applies(FunctionTypes functions, ISymbol owner) => functions.IsHandler(owner);

    private protected override Action<OperationBlockStartAnalysisContext>? Start(Compilation compilation) =>
        block => block.RegisterOperationAction(Analyze, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment, OperationKind.CoalesceAssignment);

    private static void Analyze(OperationAnalysisContext context)
    {
        var assignment = (IAssignmentOperation)context.Operation;
        var member = assignment.Target switch
        {
            IFieldReferenceOperation field when Shared(field.Field, field.Instance) => field.Field,
            IPropertyReferenceOperation property when Shared(property.Property, property.Instance) => (ISymbol)property.Property,
            _ => null,
        };
        if (member is null || context.ContainingSymbol is not IMethodSymbol handler)
        {
            return;
        }

        var input = assignment.Value.DescendantsAndSelf()
            .OfType<IParameterReferenceOperation>()
            .FirstOrDefault(p => SymbolEqualityComparer.Default.Equals(p.Parameter.ContainingSymbol, handler));
        if (input is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.InputStoredInField,
                assignment.Syntax.GetLocation(),
                handler.Name,
                input.Parameter.Name,
                (member.IsStatic ? "static " : string.Empty) + member.Name));
        }
    }

    /// <summary>A static member, or an instance member of the handler's own object (<c>this</c>).</summary>
    private static bool Shared(ISymbol member, IOperation? instance) =>
        member.IsStatic || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };
}
