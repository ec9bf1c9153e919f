using LambdaKit.Generators.Common;

namespace LambdaKit.Generators.Serialization;

/// <summary>
/// One type as <see cref="GraphBuilder"/> described it, before the graph it belongs to is known: plain equatable data,
/// so a handler's reachable types can travel in its incremental model and the context's model is built without symbols.
/// </summary>
/// <param name="Spec">What is known of the type itself; its property name is <paramref name="BaseName"/> until the graph assigns one.</param>
/// <param name="DisplayName">As C# error messages name it.</param>
/// <param name="BaseName">The context property's name before conflicts are resolved.</param>
/// <param name="Reason">Why the type itself cannot be described (not counting what it reaches); <see langword="null"/> when it can.</param>
/// <param name="Dependencies">The types it reaches directly, each with how (for the reason of a type that reaches an unsupported one).</param>
internal sealed record TypeNode(TypeSpec Spec, string DisplayName, string BaseName, string? Reason, ImmutableEquatableArray<TypeDependency> Dependencies)
{
    public TypeSpec Spec { get; } = Spec;

    public string TypeName => Spec.TypeName;

    public string DisplayName { get; } = DisplayName;

    public string BaseName { get; } = BaseName;

    public string? Reason { get; } = Reason;

    public ImmutableEquatableArray<TypeDependency> Dependencies { get; } = Dependencies;
}

/// <summary>A type reached directly, and how (<c>the member 'Items'</c>, <c>the element type</c>).</summary>
internal sealed record TypeDependency(string TypeName, string Via)
{
    public string TypeName { get; } = TypeName;

    public string Via { get; } = Via;
}
