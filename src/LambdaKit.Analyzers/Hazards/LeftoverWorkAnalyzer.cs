using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>
/// LK2003: work a handler starts and does not wait for: a task discarded with <c>_ =</c>, a task-returning call used as
/// a statement where the compiler does not warn (outside async methods; inside them CS4014 does), and async void
/// lambdas, and <c>Task.WhenAny</c> whose losing work is neither waited for nor cancelled (<see cref="WhenAnyLosers"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LeftoverWorkAnalyzer : FunctionCodeAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.WorkLeftRunning);

    private protected override bool Applies(FunctionTypes functions, ISymbol owner) => functions.IsHandler(owner);

    private protected override Action<OperationBlockStartAnalysisContext>? Start(Compilation compilation)
    {
        var tasks = new TaskTypes(compilation);
        return block =>
        {
            block.RegisterOperationAction(c => AnalyzeDiscard(c, tasks), OperationKind.SimpleAssignment);
            block.RegisterOperationAction(c => AnalyzeStatement(c, tasks), OperationKind.ExpressionStatement);
            block.RegisterOperationAction(AnalyzeLambda, OperationKind.AnonymousFunction);
            block.RegisterOperationAction(AnalyzeWhenAny, OperationKind.Invocation);
        };
    }

    private static void AnalyzeDiscard(OperationAnalysisContext context, TaskTypes tasks)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IDiscardOperation && tasks.IsTask(Unconverted(assignment.Value).Type))
        {
            Report(context, assignment, "The task discarded with '_ ='");
        }
    }

    private static void AnalyzeStatement(OperationAnalysisContext context, TaskTypes tasks)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        if (statement.Operation is IInvocationOperation invocation
            && tasks.IsTask(invocation.Type)
            && FunctionTypes.EnclosingFunction(statement, context.ContainingSymbol) is { IsAsync: false })
        {
            Report(context, invocation, "The task returned by '" + invocation.TargetMethod.Name + "'");
        }
    }

    private static void AnalyzeLambda(OperationAnalysisContext context)
    {
        var lambda = (IAnonymousFunctionOperation)context.Operation;
        if (lambda.Symbol.IsAsync && lambda.Symbol.ReturnsVoid)
        {
            Report(context, lambda, "The async void lambda");
        }
    }

    private static void AnalyzeWhenAny(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (WhenAnyLosers.IsWhenAny(invocation) && WhenAnyLosers.LeavesLoserRunning(invocation))
        {
            Report(context, invocation, "The losing task of 'Task.WhenAny'");
        }
    }

    /// <summary>The operand under any implicit or explicit conversions.</summary>
    internal static IOperation Unconverted(IOperation operation) =>
        operation is IConversionOperation conversion ? Unconverted(conversion.Operand) : operation;

    private static void Report(OperationAnalysisContext context, IOperation operation, string what) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WorkLeftRunning, operation.Syntax.GetLocation(), what, context.ContainingSymbol.Name));
}
