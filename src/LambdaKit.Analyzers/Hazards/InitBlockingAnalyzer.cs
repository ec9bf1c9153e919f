using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>
/// LK2002: <c>.Result</c>, <c>.Wait()</c> or <c>.GetAwaiter().GetResult()</c> in a static or instance initialiser or
/// constructor of a type that declares handlers, which runs in Lambda's init phase. Code in lambdas there runs later
/// and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InitBlockingAnalyzer : FunctionCodeAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.BlockingInInit);

    private protected override bool Applies(FunctionTypes functions, ISymbol owner) =>
        IsInitCode(owner) && functions.IsFunctionType(owner.ContainingType);

    private protected override Action<OperationBlockStartAnalysisContext>? Start(Compilation compilation)
    {
        var tasks = new TaskTypes(compilation);
        return block =>
        {
            block.RegisterOperationAction(c => AnalyzeResult(c, tasks), OperationKind.PropertyReference);
            block.RegisterOperationAction(c => AnalyzeWait(c, tasks), OperationKind.Invocation);
        };
    }

    /// <summary>Field and property initialisers and constructors (static or not): what runs when the type is set up.</summary>
    private static bool IsInitCode(ISymbol symbol) => symbol switch
    {
        IMethodSymbol method => method.MethodKind is MethodKind.StaticConstructor or MethodKind.Constructor,
        IFieldSymbol or IPropertySymbol => true,
        _ => false,
    };

    private static void AnalyzeResult(OperationAnalysisContext context, TaskTypes tasks)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property.Name == "Result" && tasks.IsTask(reference.Property.ContainingType) && !FunctionTypes.IsDeferred(reference))
        {
            Report(context, reference, ".Result");
        }
    }

    private static void AnalyzeWait(OperationAnalysisContext context, TaskTypes tasks)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var blocking = method.Name switch
        {
            "Wait" or "WaitAll" or "WaitAny" when tasks.IsTask(method.ContainingType) => "." + method.Name + "()",
            "GetResult" when TaskTypes.IsAwaiter(method.ContainingType) => ".GetAwaiter().GetResult()",
            _ => null,
        };
        if (blocking is not null && !FunctionTypes.IsDeferred(invocation))
        {
            Report(context, invocation, blocking);
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation operation, string blocking) =>
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.BlockingInInit,
            operation.Syntax.GetLocation(),
            blocking,
            context.ContainingSymbol.ContainingType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)));
}
