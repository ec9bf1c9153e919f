using System.Collections.Generic;
using System.Threading;
using LambdaKit.Generators.Common;
using LambdaKit.Generators.Serialization;

namespace LambdaKit.Generators.Handlers;

/// <summary>
/// Default mode (handlers without a user-named context): the serializer model of every JSON input and output type of
/// those handlers, built from the types each handler's model carries. Handlers whose types it cannot describe are left out
/// (LK1009 reports them), so nothing is compiled that would fail at run time.
/// </summary>
internal static class HandlerSerialization
{
    public const string ContextNamespace = HandlerEmitter.Namespace;
    public const string ContextClass = "LambdaJsonContext";
    public const string ContextType = "global::" + ContextNamespace + "." + ContextClass;

    /// <summary>From the handlers' models alone (no symbols): their types were described when each handler was parsed.</summary>
    public static HandlerSerializerModel Build(HandlerSet set, GenerationSettings settings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var roots = new List<HandlerModel>();
        foreach (var handler in set.Handlers)
        {
            if (handler.JsonTypes.Count > 0)
            {
                roots.Add(handler);
            }
        }

        if (roots.Count == 0)
        {
            return HandlerSerializerModel.None;
        }

        var naming = settings.CamelCase ? JsonNamingPolicyKind.CamelCase : JsonNamingPolicyKind.AsDeclared;
        var model = Complete(roots, naming);
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
        var accepted = new List<HandlerModel>();
        foreach (var handler in roots)
        {
            if (IsSupported(supported, handler.InputType) && IsSupported(supported, handler.OutputType))
            {
                accepted.Add(handler);
            }
            else
            {
                rejected.Add(handler.FunctionName);
            }
        }

        var described = accepted.Count == 0 ? null : Complete(accepted, naming);
        return new HandlerSerializerModel(described, rejected.ToImmutableEquatableArray());
    }

    /// <summary>The model of the handlers' types: roots in handler order (input, then output), each type once.</summary>
    private static SerializerModel Complete(List<HandlerModel> handlers, JsonNamingPolicyKind naming)
    {
        var roots = new List<string>();
        var seenRoots = new HashSet<string>(System.StringComparer.Ordinal);
        var nodes = new Dictionary<string, TypeNode>(System.StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            foreach (var root in new[] { handler.InputType, handler.OutputType })
            {
                if (root is not null && seenRoots.Add(root))
                {
                    roots.Add(root);
                }
            }

            foreach (var node in handler.JsonTypes)
            {
                nodes[node.TypeName] = node;
            }
        }

        return SerializerGraph.Complete(nodes.Values, roots, naming);
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
