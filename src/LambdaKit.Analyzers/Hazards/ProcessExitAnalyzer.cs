using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>LK2004: a handler ends its own process (<c>Environment.Exit</c>, <c>Environment.FailFast</c>, <c>Process.GetCurrentProcess().Kill()</c>).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProcessExitAnalyzer : FunctionCodeAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ProcessExitInHandler);

    private protected override bool Applies(FunctionTypes functions, ISymbol owner) => functions.IsHandler(owner);

    private protected override Action<OperationBlockStartAnalysisContext>? Start(Compilation compilation)
    {
        var environment = compilation.GetTypeByMetadataName("System.Environment");
        var process = compilation.GetTypeByMetadataName("System.Diagnostics.Process");
        return block => block.RegisterOperationAction(c => Analyze(c, environment, process), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol? environment, INamedTypeSymbol? process)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        string? call = null;
        if (method.Name is "Exit" or "FailFast" && SymbolEqualityComparer.Default.Equals(method.ContainingType, environment))
        {
            call = "Environment." + method.Name;
        }
        else if (method.Name == "Kill"
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, process)
            && invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetCurrentProcess" })
        {
            call = "Process.GetCurrentProcess().Kill";
        }

        if (call is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProcessExitInHandler, invocation.Syntax.GetLocation(), context.ContainingSymbol.Name, call));
        }
    }
}
