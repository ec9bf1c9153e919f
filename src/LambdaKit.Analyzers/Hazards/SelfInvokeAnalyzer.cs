using System;
using System.Collections.Immutable;
using LambdaKit.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>
/// LK2009: a handler builds a Lambda <c>InvokeRequest</c> (AWSSDK.Lambda, by metadata name) whose function name is its
/// own: <c>AWS_LAMBDA_FUNCTION_NAME</c> or the context's <c>FunctionName</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SelfInvokeAnalyzer : FunctionCodeAnalyzer
{
    private const string InvokeRequestName = "Amazon.Lambda.Model.InvokeRequest";
    private const string FunctionNameVariable = "AWS_LAMBDA_FUNCTION_NAME";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.InvokesItself);

    private protected override bool Applies(FunctionTypes functions, ISymbol owner) => functions.IsHandler(owner);

    private protected override Action<OperationBlockStartAnalysisContext>? Start(Compilation compilation)
    {
        if (compilation.GetTypeByMetadataName(InvokeRequestName) is not { } request)
        {
            return null;
        }

        var environment = compilation.GetTypeByMetadataName("System.Environment");
        var contexts = new[] { compilation.GetTypeByMetadataName(HandlerSymbols.LambdaKitContextName), compilation.GetTypeByMetadataName(HandlerSymbols.AmazonContextName) };
        return block => block.RegisterOperationAction(c => Analyze(c, request, environment, contexts), OperationKind.SimpleAssignment);
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol request, INamedTypeSymbol? environment, INamedTypeSymbol?[] contexts)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "FunctionName" } target
            || !SymbolEqualityComparer.Default.Equals(target.Property.ContainingType, request))
        {
            return;
        }

        var value = assignment.Value;
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        var own = value switch
        {
            IInvocationOperation { TargetMethod.Name: "GetEnvironmentVariable" } invocation
                when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, environment)
                    && invocation.Arguments.Length > 0
                    && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: FunctionNameVariable } => FunctionNameVariable,
            IPropertyReferenceOperation { Property.Name: "FunctionName" } property
                when Array.Exists(contexts, c => c is not null && IsOrImplements(property.Property.ContainingType, c)) => "the context's FunctionName",
            _ => null,
        };
        if (own is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvokesItself, assignment.Value.Syntax.GetLocation(), context.ContainingSymbol.Name, own));
        }
    }

    private static bool IsOrImplements(INamedTypeSymbol type, INamedTypeSymbol contextInterface) =>
        SymbolEqualityComparer.Default.Equals(type, contextInterface) || type.AllInterfaces.Contains(contextInterface, SymbolEqualityComparer.Default);
}
