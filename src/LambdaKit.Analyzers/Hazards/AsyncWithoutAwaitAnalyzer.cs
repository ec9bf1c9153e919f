using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>
/// LK2010: an <c>async</c> handler with no <c>await</c> (nor <c>await foreach</c>/<c>await using</c>) of its own; awaits
/// in nested lambdas and local functions do not count. CS1998 says the same without the Lambda reason, at warning
/// level 1; this rule is Info. The code fix is offered (property <see cref="FixableProperty"/>) when the handler
/// returns <c>Task</c> or <c>Task&lt;T&gt;</c> and throws nothing itself, so only its returns change.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AsyncWithoutAwaitAnalyzer : FunctionCodeAnalyzer
{
    /// <summary>Set when removing <c>async</c> and wrapping the returns is the whole fix (the code fix reads it by this name).</summary>
    public const string FixableProperty = "Fixable";

    private static readonly ImmutableDictionary<string, string?> Fixable = ImmutableDictionary<string, string?>.Empty.Add(FixableProperty, "true");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.AsyncHandlerWithoutAwait);

    private protected override bool Applies(FunctionTypes functions, ISymbol owner) => owner is IMethodSymbol { IsAsync: true, ReturnsVoid: false } && functions.IsHandler(owner);

    private protected override Action<OperationBlockStartAnalysisContext>? Start(Compilation compilation)
    {
        var task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        var taskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        return block => block.RegisterOperationBlockEndAction(c => Analyze(c, task, taskOfT));
    }

    private static void Analyze(OperationBlockAnalysisContext context, INamedTypeSymbol? task, INamedTypeSymbol? taskOfT)
    {
        var method = (IMethodSymbol)context.OwningSymbol;
        var own = context.OperationBlocks.SelectMany(OwnOperations);
        if (own.Any(IsAwait)
            || method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) is not MethodDeclarationSyntax declaration
            || declaration.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword)) is not { RawKind: not 0 } asyncKeyword)
        {
            return;
        }

        var returnType = method.ReturnType.OriginalDefinition;
        var fixable = (SymbolEqualityComparer.Default.Equals(returnType, task) || SymbolEqualityComparer.Default.Equals(returnType, taskOfT))
            && !own.Any(o => o is IThrowOperation);
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.AsyncHandlerWithoutAwait,
            asyncKeyword.GetLocation(),
            fixable ? Fixable : null,
            method.Name));
    }

    /// <summary>
    /// The operations of <paramref name="root"/> that run with it, produced as they are asked for (the first await ends
    /// the walk): a lambda or local function is one, its body is not (it runs later).
    /// </summary>
    private static IEnumerable<IOperation> OwnOperations(IOperation root)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            yield return operation;
            if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                continue;
            }

            foreach (var child in operation.ChildOperations)
            {
                pending.Push(child);
            }
        }
    }

    private static bool IsAwait(IOperation operation) => operation switch
    {
        IAwaitOperation => true,
        IForEachLoopOperation loop => loop.IsAsynchronous,
        IUsingOperation @using => @using.IsAsynchronous,
        IUsingDeclarationOperation declaration => declaration.IsAsynchronous,
        _ => false,
    };
}
