using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.ExecutionModels;

/// <summary>The LK6001-LK6004 checks of one concurrent handler's body (lambdas and local functions in it included).</summary>
internal sealed class ConcurrentHandlerChecks
{
    /// <summary>Diagnostic property of LK6004: the handler's context parameter, whose <c>TraceId</c> the code fix reads instead.</summary>
    public const string TraceIdContextProperty = "Context";

    private const string TmpDirectory = "/tmp";
    private const string ContextInterface = "LambdaKit.Runtime.ILambdaContext";

    private readonly IMethodSymbol _handler;
    private readonly string _maxConcurrency;
    private readonly ConcurrencyHazardTypes _types;
    private readonly IAssemblySymbol _assembly;
    private readonly ConcurrentDictionary<IFieldSymbol, bool> _reportedFields = new(SymbolEqualityComparer.Default);

    public ConcurrentHandlerChecks(IMethodSymbol handler, int maxConcurrency, ConcurrencyHazardTypes types, IAssemblySymbol assembly)
    {
        _handler = handler;
        _maxConcurrency = maxConcurrency.ToString(CultureInfo.InvariantCulture);
        _types = types;
        _assembly = assembly;
    }

    public void Register(OperationBlockStartAnalysisContext block)
    {
        block.RegisterOperationAction(FieldWritten, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment, OperationKind.CoalesceAssignment, OperationKind.Increment, OperationKind.Decrement);
        block.RegisterOperationAction(SharedObjectUsed, OperationKind.FieldReference);
        block.RegisterOperationAction(CallChecked, OperationKind.Invocation, OperationKind.ObjectCreation);
    }

    /// <summary>LK6001: a static member of this assembly or a member of the handler's own instance, written outside a lock.</summary>
    private void FieldWritten(OperationAnalysisContext context)
    {
        var target = context.Operation switch
        {
            IAssignmentOperation assignment => assignment.Target,
            IIncrementOrDecrementOperation step => step.Target,
            _ => null,
        };
        var member = target switch
        {
            IFieldReferenceOperation field when IsShared(field.Field, field.Instance) => field.Field,
            IPropertyReferenceOperation property when IsShared(property.Property, property.Instance) => (ISymbol)property.Property,
            _ => null,
        };
        if (member is null || IsLocked(context.Operation) || StoresInput(context.Operation))
        {
            return;
        }

        Report(context, DiagnosticDescriptors.FieldWrittenConcurrently, context.Operation, _handler.Name, (member.IsStatic ? "static " : string.Empty) + member.Name, _maxConcurrency);
    }

    /// <summary>LK6002: a shared field holding a type that is not thread-safe, used outside a lock (once per field).</summary>
    private void SharedObjectUsed(OperationAnalysisContext context)
    {
        var reference = (IFieldReferenceOperation)context.Operation;
        if (!IsShared(reference.Field, reference.Instance)
            || _types.NotThreadSafe(reference.Field.Type) is not { } unsafeType
            || reference.Parent is IAssignmentOperation assignment && assignment.Target == reference
            || IsLocked(reference)
            || !_reportedFields.TryAdd(reference.Field, true))
        {
            return;
        }

        Report(context, DiagnosticDescriptors.SharedObjectNotThreadSafe, reference, _handler.Name, reference.Field.Name, unsafeType.Name, _maxConcurrency);
    }

    /// <summary>LK6003 (a constant path under /tmp given to a file API) and LK6004 (the trace id read from the environment).</summary>
    private void CallChecked(OperationAnalysisContext context)
    {
        var (method, arguments) = context.Operation switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
            IObjectCreationOperation creation => (creation.Constructor!, creation.Arguments),
            _ => default,
        };
        if (method is null)
        {
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.Environment)
            && method.Name == "GetEnvironmentVariable"
            && arguments.Length > 0
            && arguments[0].Value.ConstantValue.Value is LambdaQuotas.TraceIdVariable)
        {
            var contextParameter = _handler.Parameters.FirstOrDefault(p => p.Type.ToDisplayString() == ContextInterface);
            var properties = contextParameter is null
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty.Add(TraceIdContextProperty, contextParameter.Name);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TraceIdFromEnvironment, context.Operation.Syntax.GetLocation(), properties, _handler.Name, _maxConcurrency));
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.Path) && method.Name == "Combine")
        {
            if (arguments.Length > 1 && arguments.All(a => a.Value.ConstantValue.Value is string) && CombinedPath(arguments) is { } combined)
            {
                Report(context, DiagnosticDescriptors.FixedTmpFileName, context.Operation, _handler.Name, combined, _maxConcurrency);
            }

            return;
        }

        foreach (var argument in arguments)
        {
            if (argument.Value.ConstantValue.Value is string path && IsFixedTmpPath(path) && TakesPath(method, argument.Parameter))
            {
                Report(context, DiagnosticDescriptors.FixedTmpFileName, argument, _handler.Name, path, _maxConcurrency);
            }
        }
    }

    /// <summary><c>Path.Combine("/tmp", "a.json")</c> with constants only: the fixed path, or null when it is not under /tmp.</summary>
    private static string? CombinedPath(ImmutableArray<IArgumentOperation> arguments)
    {
        var parts = arguments.Select(a => ((string)a.Value.ConstantValue.Value!).Trim('/')).ToArray();
        var path = "/" + string.Join("/", parts);
        return ((string)arguments[0].Value.ConstantValue.Value!).TrimEnd('/') == TmpDirectory && IsFixedTmpPath(path) ? path : null;
    }

    private static bool IsFixedTmpPath(string path) =>
        path.StartsWith(TmpDirectory + "/", StringComparison.Ordinal) && path.Length > TmpDirectory.Length + 1;

    /// <summary>A parameter of a System.IO API, or one named like a path: where a string is a file name, not a message.</summary>
    private static bool TakesPath(IMethodSymbol method, IParameterSymbol? parameter) =>
        method.ContainingNamespace?.ToDisplayString() == "System.IO"
        || (parameter is not null
            && (parameter.Name.IndexOf("path", StringComparison.OrdinalIgnoreCase) >= 0
                || parameter.Name.IndexOf("file", StringComparison.OrdinalIgnoreCase) >= 0));

    /// <summary>A static member declared in this assembly, or a member of the handler's own object (<c>this</c>).</summary>
    private bool IsShared(ISymbol member, IOperation? instance) =>
        (member.IsStatic && SymbolEqualityComparer.Default.Equals(member.ContainingAssembly, _assembly))
        || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

    private static bool IsLocked(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILockOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An assignment of the handler's input: LK2007 reports it already, under every execution model.</summary>
    private bool StoresInput(IOperation operation) =>
        operation is IAssignmentOperation assignment
        && assignment.Value.DescendantsAndSelf().OfType<IParameterReferenceOperation>()
            .Any(p => SymbolEqualityComparer.Default.Equals(p.Parameter.ContainingSymbol, _handler));

    private static void Report(OperationAnalysisContext context, DiagnosticDescriptor rule, IOperation at, params object[] arguments) =>
        context.ReportDiagnostic(Diagnostic.Create(rule, at.Syntax.GetLocation(), arguments));
}
