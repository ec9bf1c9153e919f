using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>
/// Whether a <c>Task.WhenAny</c> call leaves a losing task running: some argument is work (not a <c>Task.Delay</c>
/// timer) that the enclosing function neither waits for after the call (await, return, Wait, Result) nor can stop
/// through a <c>CancellationTokenSource</c> (a Cancel call, or one created with a delay). A collection argument, a
/// parameter or a field is of unknown origin and is not judged: a missed case rather than a false alarm.
/// </summary>
internal static class WhenAnyLosers
{
    private static readonly HashSet<string> WaitMembers = new() { "Wait", "Result", "GetResult", "WaitAll", "WaitAny" };

    public static bool LeavesLoserRunning(IInvocationOperation whenAny)
    {
        var tasks = Tasks(whenAny).ToList();
        if (tasks.Count == 0)
        {
            return false;
        }

        var body = EnclosingBody(whenAny);
        var descendants = body.DescendantsAndSelf().ToList();
        if (descendants.Any(IsCancellation))
        {
            return false;
        }

        foreach (var task in tasks)
        {
            if (IsDelay(task))
            {
                continue;
            }

            switch (task)
            {
                case ILocalReferenceOperation local when !IsWaitedAfter(local.Local, whenAny, descendants):
                    return true;
                case IInvocationOperation or IObjectCreationOperation:
                    return true;
            }
        }

        return false;
    }

    public static bool IsWhenAny(IInvocationOperation invocation) =>
        invocation.TargetMethod is { Name: "WhenAny", IsStatic: true, ContainingType: { Name: "Task", ContainingNamespace: var ns } }
        && ns.ToDisplayString() == "System.Threading.Tasks";

    /// <summary>The individual tasks passed, including a params array written as separate arguments.</summary>
    private static IEnumerable<IOperation> Tasks(IInvocationOperation whenAny)
    {
        foreach (var argument in whenAny.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                {
                    yield return LeftoverWorkAnalyzer.Unconverted(element);
                }
            }
            else if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter?.Type is INamedTypeSymbol { Name: "Task" })
            {
                yield return LeftoverWorkAnalyzer.Unconverted(argument.Value);
            }
        }
    }

    private static IOperation EnclosingBody(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return parent;
            }

            current = parent;
        }

        return current;
    }

    private static bool IsDelay(IOperation task) =>
        task is IInvocationOperation { TargetMethod: { Name: "Delay", ContainingType.Name: "Task" } };

    private static bool IsCancellation(IOperation operation) => operation switch
    {
        IInvocationOperation { TargetMethod: { Name: "Cancel" or "CancelAsync" or "CancelAfter", ContainingType.Name: "CancellationTokenSource" } } => true,
        IObjectCreationOperation { Type.Name: "CancellationTokenSource", Arguments.Length: > 0 } => true,
        _ => false,
    };

    /// <summary>Whether <paramref name="local"/> is awaited, returned or waited on after the call (anywhere, when the call is in a loop).</summary>
    private static bool IsWaitedAfter(ILocalSymbol local, IOperation whenAny, List<IOperation> body)
    {
        var inLoop = whenAny.Syntax.Ancestors().Any(a => a is Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax s && IsLoop(s));
        foreach (var reference in body.OfType<ILocalReferenceOperation>())
        {
            if (SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && (inLoop || reference.Syntax.SpanStart > whenAny.Syntax.Span.End)
                && IsWaited(reference))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLoop(Microsoft.CodeAnalysis.CSharp.Syntax.StatementSyntax statement) =>
        statement is Microsoft.CodeAnalysis.CSharp.Syntax.ForStatementSyntax
            or Microsoft.CodeAnalysis.CSharp.Syntax.CommonForEachStatementSyntax
            or Microsoft.CodeAnalysis.CSharp.Syntax.WhileStatementSyntax
            or Microsoft.CodeAnalysis.CSharp.Syntax.DoStatementSyntax;

    private static bool IsWaited(IOperation reference)
    {
        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAwaitOperation or IReturnOperation:
                    return true;
                case IInvocationOperation invocation when WaitMembers.Contains(invocation.TargetMethod.Name):
                    return true;
                case IPropertyReferenceOperation property when WaitMembers.Contains(property.Property.Name):
                    return true;
                case IBlockOperation or IExpressionStatementOperation or IVariableDeclaratorOperation:
                    return false;
            }
        }

        return false;
    }
}
