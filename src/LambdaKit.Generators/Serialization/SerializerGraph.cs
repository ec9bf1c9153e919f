using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LambdaKit.Generators.Common;

namespace LambdaKit.Generators.Serialization;

/// <summary>
/// From described types to a <see cref="SerializerModel"/>, without symbols: what a type reaches decides whether it is
/// supported, and the context's property names are assigned over the whole set.
/// </summary>
internal static class SerializerGraph
{
    private static readonly string[] ReservedPropertyNames =
        ["Default", "Options", "GeneratedSerializerOptions", "GetTypeInfo", "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize",
            "WriteObjectStart", "WriteArrayStart", "ThrowIfPastMaxDepth", "ThrowPastMaxDepth"];

    /// <summary>The model of <paramref name="nodes"/> (every type the roots reach, each once), with <paramref name="roots"/> in order.</summary>
    public static SerializerModel Complete(IEnumerable<TypeNode> nodes, IReadOnlyList<string> roots, JsonNamingPolicyKind naming)
    {
        var ordered = nodes.OrderBy(n => n.TypeName, StringComparer.Ordinal).ToList();
        var reasons = Reasons(ordered);
        var propertyNames = AssignPropertyNames(ordered);
        var types = ordered.Select(n => ToSpec(n, propertyNames[n.TypeName], reasons[n.TypeName])).ToImmutableEquatableArray();
        return new SerializerModel(types, roots.ToImmutableEquatableArray(), naming, Unsupported(ordered, reasons));
    }

    /// <summary>
    /// <see cref="SerializerModel.Unsupported"/> of the model of <paramref name="nodes"/>, without the rest of the model:
    /// what the analyzer reports for one handler's types.
    /// </summary>
    public static ImmutableEquatableArray<UnsupportedType> Unsupported(IEnumerable<TypeNode> nodes)
    {
        var ordered = nodes.OrderBy(n => n.TypeName, StringComparer.Ordinal).ToList();
        return Unsupported(ordered, Reasons(ordered));
    }

    private static ImmutableEquatableArray<UnsupportedType> Unsupported(List<TypeNode> ordered, Dictionary<string, string?> reasons) =>
        ordered
            .Where(n => reasons[n.TypeName] is not null)
            .Select(n => new UnsupportedType(n.DisplayName, reasons[n.TypeName]!))
            .OrderBy(u => u.TypeDisplayName, StringComparer.Ordinal)
            .ThenBy(u => u.Reason, StringComparer.Ordinal)
            .ToImmutableEquatableArray();

    /// <summary>Why each type cannot be described, its own reason or the first unsupported type it reaches; null when it can.</summary>
    private static Dictionary<string, string?> Reasons(List<TypeNode> ordered)
    {
        var byName = new Dictionary<string, TypeNode>(ordered.Count, StringComparer.Ordinal);
        var reasons = new Dictionary<string, string?>(ordered.Count, StringComparer.Ordinal);
        foreach (var node in ordered)
        {
            byName[node.TypeName] = node;
            reasons[node.TypeName] = node.Reason;
        }

        // A type is only as describable as everything it reaches: propagate until nothing changes.
        bool changed;
        do
        {
            changed = false;
            foreach (var node in ordered)
            {
                if (reasons[node.TypeName] is not null)
                {
                    continue;
                }

                foreach (var dependency in node.Dependencies)
                {
                    if (reasons[dependency.TypeName] is not null)
                    {
                        reasons[node.TypeName] = $"{dependency.Via} has the unsupported type '{byName[dependency.TypeName].DisplayName}'";
                        changed = true;
                        break;
                    }
                }
            }
        }
        while (changed);

        return reasons;
    }

    private static TypeSpec ToSpec(TypeNode node, string propertyName, string? reason)
    {
        var spec = node.Spec;
        return reason is null
            ? new TypeSpec(spec.TypeName, propertyName, spec.Kind, spec.IsValueType, spec.BuiltInConverter, spec.ElementTypeName, spec.KeyTypeName, spec.CollectionKind, spec.Converter, spec.Object, CanBeTypeArgument: true)
            : new TypeSpec(spec.TypeName, propertyName, TypeSpecKind.Unsupported, spec.IsValueType, null, null, null, CollectionKind.None, null, null, spec.CanBeTypeArgument);
    }

    private static Dictionary<string, string> AssignPropertyNames(List<TypeNode> ordered)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(ReservedPropertyNames, StringComparer.Ordinal);
        foreach (var node in ordered)
        {
            var name = node.BaseName;
            for (var suffix = 2; !used.Add(name); suffix++)
            {
                name = node.BaseName + suffix.ToString(CultureInfo.InvariantCulture);
            }

            result[node.TypeName] = name;
        }

        return result;
    }
}
