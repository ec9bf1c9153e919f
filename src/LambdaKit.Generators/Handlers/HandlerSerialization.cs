using System.Collections.Generic;
using System.Threading;
using LambdaKit.Generators.Common;
using LambdaKit.Generators.Serialization;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Handlers;

/// <summary>
/// Default mode (handlers without a user-named context): the serializer model of every JSON input and output type of
/// those handlers, built by <see cref="SerializerModelBuilder"/>. Handlers whose types it cannot describe are left out
/// (LK1009 reports them), so nothing is compiled that would fail at run time.
/// </summary>
internal static class HandlerSerialization
{
    public const string ContextNamespace = HandlerEmitter.Namespace;
    public const string ContextClass = "LambdaJsonContext";
    public const string ContextType = "global::" + ContextNamespace + "." + ContextClass;

    public static HandlerSerializerModel Build(HandlerSet set, GenerationSettings settings, Compilation compilation, CancellationToken cancellationToken)
    {
        var symbols = HandlerSymbols.For(compilation);
        var roots = new List<(HandlerModel Handler, List<ITypeSymbol> Types)>();
        foreach (var handler in set.Handlers)
        {
            if ((handler.InputType is null && handler.OutputType is null) || handler.UserContextType is not null)
            {
                continue;
            }

            var types = JsonTypesOf(handler, compilation, symbols);
            if (types is not null)
            {
                roots.Add((handler, types));
            }
        }

        if (roots.Count == 0)
        {
            return HandlerSerializerModel.None;
        }

        var naming = settings.CamelCase ? JsonNamingPolicyKind.CamelCase : JsonNamingPolicyKind.AsDeclared;
        var model = SerializerModelBuilder.Build(compilation, All(roots), naming, cancellationToken);
        if (model.Unsupported.Count == 0)
        {
            return new HandlerSerializerModel(model, ImmutableEquatableArray<string>.Empty);
        }

        // Some graph reaches an unsupported type: leave those handlers out and describe only the others.
        var supported = new Dictionary<string, bool>(model.Types.Count, System.StringComparer.Ordinal);
        foreach (var type in model.Types)
        {
            supported[type.TypeName] = type.Kind != TypeSpecKind.Unsupported;
        }

        var rejected = new List<string>();
        var accepted = new List<(HandlerModel Handler, List<ITypeSymbol> Types)>();
        foreach (var root in roots)
        {
            if (IsSupported(supported, root.Handler.InputType) && IsSupported(supported, root.Handler.OutputType))
            {
                accepted.Add(root);
            }
            else
            {
                rejected.Add(root.Handler.FunctionName);
            }
        }

        var described = accepted.Count == 0 ? null : SerializerModelBuilder.Build(compilation, All(accepted), naming, cancellationToken);
        return new HandlerSerializerModel(described, rejected.ToImmutableEquatableArray());
    }

    /// <summary>The JSON input and output type symbols of a handler, found again through its documentation id.</summary>
    private static List<ITypeSymbol>? JsonTypesOf(HandlerModel handler, Compilation compilation, HandlerSymbols symbols)
    {
        if (DocumentationCommentId.GetFirstSymbolForDeclarationId(handler.MethodId, compilation) is not IMethodSymbol method)
        {
            return null;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.LambdaFunctionAttribute))
            {
                continue;
            }

            var shape = HandlerShape.Analyze(method, attribute, symbols);
            var types = new List<ITypeSymbol>(2);
            if (shape.InputType is { } input)
            {
                types.Add(input);
            }

            if (shape.OutputType is { } output)
            {
                types.Add(output);
            }

            return types;
        }

        return null;
    }

    private static List<ITypeSymbol> All(List<(HandlerModel Handler, List<ITypeSymbol> Types)> roots)
    {
        var all = new List<ITypeSymbol>();
        foreach (var root in roots)
        {
            all.AddRange(root.Types);
        }

        return all;
    }

    private static bool IsSupported(Dictionary<string, bool> supported, string? typeName) =>
        typeName is null || (supported.TryGetValue(typeName, out var isSupported) && isSupported);
}

/// <summary>The generated context's model (default mode), and the handlers left out because their types are unsupported.</summary>
internal sealed record HandlerSerializerModel
{
    public HandlerSerializerModel(SerializerModel? model, ImmutableEquatableArray<string> rejectedFunctions)
    {
        Model = model;
        RejectedFunctions = rejectedFunctions;
    }

    public static HandlerSerializerModel None { get; } = new(null, ImmutableEquatableArray<string>.Empty);

    /// <summary><see langword="null"/> when no handler without a user context has a JSON type.</summary>
    public SerializerModel? Model { get; }

    /// <summary>Function names of handlers whose JSON types the metadata cannot describe.</summary>
    public ImmutableEquatableArray<string> RejectedFunctions { get; }
}
