using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>
/// LK2001: a handler (its body and the lambdas in it) creates an HTTP client, AWS SDK client, database connection,
/// JSON options, regular expression or DI container on every invocation. Not reported when the new object is stored
/// in a field or property (lazy caching) or created inside a <c>Lazy&lt;T&gt;</c> factory.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PerInvocationAnalyzer : FunctionCodeAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.CreatedPerInvocation);

    private protected override bool Applies(FunctionTypes functions, ISymbol owner) => functions.IsHandler(owner);

    private protected override Action<OperationBlockStartAnalysisContext>? Start(Compilation compilation)
    {
        var costly = CostlyTypes.For(compilation);
        return costly.IsEmpty ? null : block =>
        {
            block.RegisterOperationAction(c => AnalyzeCreation(c, costly), OperationKind.ObjectCreation);
            block.RegisterOperationAction(c => AnalyzeInvocation(c, costly), OperationKind.Invocation);
        };
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, CostlyTypes costly)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (costly.Match(creation.Type) is not { } kind || IsCached(creation, costly))
        {
            return;
        }

        var properties = kind.Hoistable && CanHoist(creation)
            ? ImmutableDictionary<string, string?>.Empty.Add(HoistProperties.Hoist, "true")
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.CreatedPerInvocation,
            creation.Syntax.GetLocation(),
            properties,
            context.ContainingSymbol.Name,
            kind.Describe(creation.Type!),
            kind.Cost));
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, CostlyTypes costly)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (costly.ServiceProviderBuilder is not { } builder
            || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, builder)
            || invocation.TargetMethod.Name != "BuildServiceProvider"
            || IsCached(invocation, costly))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.CreatedPerInvocation,
            invocation.Syntax.GetLocation(),
            context.ContainingSymbol.Name,
            "service provider (BuildServiceProvider)",
            "each call builds a new dependency-injection container and its singletons"));
    }

    /// <summary>
    /// Stored in a field or property (<c>_client ??= new HttpClient()</c>, <c>s = s ?? new ...</c>), or made by a
    /// <c>Lazy&lt;T&gt;</c> factory: created once.
    /// </summary>
    private static bool IsCached(IOperation operation, CostlyTypes costly)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation or ICoalesceOperation or IConditionalOperation)
        {
            parent = parent.Parent;
        }

        if (parent is IAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation })
        {
            return true;
        }

        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation
                && current.Parent?.Parent is IArgumentOperation { Parent: IObjectCreationOperation { Type: INamedTypeSymbol lazy } }
                && SymbolEqualityComparer.Default.Equals(lazy.OriginalDefinition, costly.Lazy))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The code fix can move the creation to a static field when it uses nothing of the invocation (no locals,
    /// parameters or instance members) and is a whole local declaration or an expression of its own.
    /// </summary>
    private static bool CanHoist(IObjectCreationOperation creation)
    {
        if (creation.Syntax is not (ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax))
        {
            return false;
        }

        if (creation.Syntax.Parent is EqualsValueClauseSyntax equals
            && !(equals.Parent is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax } }))
        {
            return false;
        }

        // An object initializer's members are set through an implicit receiver: that is the new object, not `this`.
        return !creation.Descendants().Any(o => o is ILocalReferenceOperation or IParameterReferenceOperation
            or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance });
    }
}

/// <summary>Diagnostic property names read by LambdaKit.CodeFixes' hoisting fix (its tests prove they match).</summary>
internal static class HoistProperties
{
    public const string Hoist = "Hoist";
}
