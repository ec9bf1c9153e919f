using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers;

/// <summary>
/// LK4003: a member of <c>System.Runtime.Intrinsics.X86</c> used, when the Lambda target is arm64, where no
/// <c>IsSupported</c> check of its class is known to have passed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class X86IntrinsicsAnalyzer : DiagnosticAnalyzer
{
    private const string IsSupported = "IsSupported";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.X86IntrinsicsWithoutGuard);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(Start);
    }

    private static void Start(CompilationStartAnalysisContext context)
    {
        // The manifest is only read when the property does not say; on x86_64 or an unknown target nothing applies.
        var architecture = LambdaTarget.GetArchitecture(context.Options, null);
        if (architecture == NativeArchitecture.Unknown)
        {
            architecture = LambdaTarget.GetArchitecture(context.Options, LambdaTarget.ReadManifest(context.Options, context.CancellationToken));
        }

        if (architecture != NativeArchitecture.Arm64
            || context.Compilation.GetTypeByMetadataName("System.Runtime.Intrinsics.X86.X86Base") is not { } x86Base)
        {
            return;
        }

        // Operation actions would build an operation tree for every body of the compilation; only the few files
        // that can name an x86 intrinsics class are bound to operations (see X86IntrinsicsFilter).
        var filter = X86IntrinsicsFilter.Create(context.Compilation, x86Base.ContainingNamespace, context.CancellationToken);
        context.RegisterSemanticModelAction(model => AnalyzeTree(model, filter));
    }

    private static void AnalyzeTree(SemanticModelAnalysisContext context, X86IntrinsicsFilter filter)
    {
        var tree = context.SemanticModel.SyntaxTree;
        if (!filter.MayUseIntrinsics(tree, context.CancellationToken))
        {
            return;
        }

        var root = tree.GetRoot(context.CancellationToken);
        foreach (var node in root.DescendantNodes())
        {
            if (X86IntrinsicsFilter.MayBeMemberUse(node)
                && context.SemanticModel.GetOperation(node, context.CancellationToken) is { } operation)
            {
                Analyze(Unwrap(operation, node), context.ReportDiagnostic);
            }
        }
    }

    /// <summary>
    /// The operation of <paramref name="node"/> itself: a method group used as a delegate comes wrapped in the
    /// delegate creation (and conversion) of the same syntax. Anything of another syntax is some other node's.
    /// </summary>
    private static IOperation? Unwrap(IOperation? operation, SyntaxNode node)
    {
        while (operation is IConversionOperation or IDelegateCreationOperation && operation.Syntax == node)
        {
            operation = operation switch
            {
                IConversionOperation conversion => conversion.Operand,
                IDelegateCreationOperation creation => creation.Target,
                _ => null,
            };
        }

        return operation?.Syntax == node ? operation : null;
    }

    private static void Analyze(IOperation? operation, Action<Diagnostic> report)
    {
        ISymbol? member = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IPropertyReferenceOperation property => property.Property,
            IMethodReferenceOperation method => method.Method,
            _ => null,
        };

        if (member?.ContainingType is not { } type
            || !IsX86IntrinsicsType(type)
            || (member is IPropertySymbol && member.Name == IsSupported)
            || IsGuarded(operation!, type))
        {
            return;
        }

        var typeName = GetNestedName(type);
        report(Diagnostic.Create(
            DiagnosticDescriptors.X86IntrinsicsWithoutGuard,
            operation!.Syntax.GetLocation(),
            typeName + "." + member.Name,
            typeName));
    }

    /// <summary>A class of <c>System.Runtime.Intrinsics.X86</c> or one nested in it (<c>Avx2.X64</c>).</summary>
    private static bool IsX86IntrinsicsType(INamedTypeSymbol type)
    {
        while (type.ContainingType is { } outer)
        {
            type = outer;
        }

        var ns = type.ContainingNamespace;
        return ns is { Name: "X86" }
            && ns.ContainingNamespace is { Name: "Intrinsics" } intrinsics
            && intrinsics.ContainingNamespace is { Name: "Runtime" } runtime
            && runtime.ContainingNamespace is { Name: "System" } system
            && system.ContainingNamespace is { IsGlobalNamespace: true };
    }

    private static string GetNestedName(INamedTypeSymbol type) =>
        type.ContainingType is { } outer ? GetNestedName(outer) + "." + type.Name : type.Name;

    /// <summary>
    /// Whether the operation runs only after an <c>IsSupported</c> check that implies <paramref name="type"/>:
    /// inside the true branch of <c>if (X.IsSupported)</c> or <c>X.IsSupported ? ... : ...</c>, the false branch of
    /// <c>if (!X.IsSupported)</c>, the right side of <c>X.IsSupported &amp;&amp; ...</c>, or after an early exit
    /// <c>if (!X.IsSupported) return;</c> (or <c>throw</c>, <c>break</c>, <c>continue</c>) in an enclosing block.
    /// </summary>
    private static bool IsGuarded(IOperation operation, INamedTypeSymbol type)
    {
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional:
                    if ((child == conditional.WhenTrue && Implies(conditional.Condition, true, type))
                        || (child == conditional.WhenFalse && Implies(conditional.Condition, false, type)))
                    {
                        return true;
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                    if (child == and.RightOperand && Implies(and.LeftOperand, true, type))
                    {
                        return true;
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                    if (child == or.RightOperand && Implies(or.LeftOperand, false, type))
                    {
                        return true;
                    }

                    break;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        if (statement is IConditionalOperation { WhenFalse: null } earlyExit
                            && AlwaysExits(earlyExit.WhenTrue)
                            && Implies(earlyExit.Condition, false, type))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="condition"/> having the value <paramref name="value"/> proves <paramref name="type"/> is supported.</summary>
    private static bool Implies(IOperation condition, bool value, INamedTypeSymbol type) => condition switch
    {
        IPropertyReferenceOperation { Property: { Name: IsSupported, IsStatic: true } property } =>
            value && GuardCovers(property.ContainingType, type),
        IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not => Implies(not.Operand, !value, type),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and =>
            value && (Implies(and.LeftOperand, true, type) || Implies(and.RightOperand, true, type)),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or =>
            !value && (Implies(or.LeftOperand, false, type) || Implies(or.RightOperand, false, type)),
        _ => false,
    };

    /// <summary>
    /// <c>G.IsSupported</c> covers <paramref name="used"/> when it is G or a base class of G (Avx2 derives from Avx,
    /// Sse4_2, ..., X86Base), or, for a nested <c>G = C.X64</c>, C or a base class of C.
    /// </summary>
    private static bool GuardCovers(INamedTypeSymbol guard, INamedTypeSymbol used)
    {
        if (!IsX86IntrinsicsType(guard))
        {
            return false;
        }

        for (INamedTypeSymbol? candidate = guard; candidate is not null; candidate = candidate.ContainingType)
        {
            for (var baseType = candidate; baseType is not null; baseType = baseType.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(baseType, used))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool AlwaysExits(IOperation operation) => operation switch
    {
        IReturnOperation or IThrowOperation or IBranchOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations.Length: > 0 } block => AlwaysExits(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };
}
