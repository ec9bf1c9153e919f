using Microsoft.CodeAnalysis;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>Task, ValueTask and their awaiters, resolved once per compilation.</summary>
internal sealed class TaskTypes
{
    private readonly INamedTypeSymbol? _task;
    private readonly INamedTypeSymbol? _valueTask;
    private readonly INamedTypeSymbol? _valueTaskOfT;

    public TaskTypes(Compilation compilation)
    {
        _task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        _valueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        _valueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
    }

    /// <summary><c>Task</c>, <c>Task&lt;T&gt;</c> (it derives from Task), <c>ValueTask</c> or <c>ValueTask&lt;T&gt;</c>.</summary>
    public bool IsTask(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        if (Is(named.OriginalDefinition, _valueTask) || Is(named.OriginalDefinition, _valueTaskOfT))
        {
            return true;
        }

        for (var current = named; current is not null; current = current.BaseType)
        {
            if (Is(current, _task))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An awaiter of the BCL's tasks (TaskAwaiter, ValueTaskAwaiter, their configured forms).</summary>
    public static bool IsAwaiter(ITypeSymbol? type) =>
        type is INamedTypeSymbol { Name: var name } named
        && name.EndsWith("Awaiter", System.StringComparison.Ordinal)
        && (named.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices"
            || named.ContainingType?.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices");

    private static bool Is(ISymbol? a, ISymbol? b) => b is not null && SymbolEqualityComparer.Default.Equals(a, b);
}
