using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Handlers;

/// <summary>
/// Finds the <c>JsonTypeInfo&lt;T&gt;</c> property of a user's <c>JsonSerializerContext</c> for a type.
/// </summary>
/// <remarks>
/// System.Text.Json's generator writes those properties, and one generator never sees another's output, so a
/// property declared in source (or in metadata) is used when present, and otherwise the name is derived from the
/// context's <c>[JsonSerializable(typeof(T))]</c> attributes the way System.Text.Json derives it:
/// <c>TypeInfoPropertyName</c> when set, else the type name with generic arguments appended (<c>ListOrder</c>) and
/// <c>Array</c> for arrays.
/// </remarks>
internal static class SerializerContextLookup
{
    public static string? FindProperty(INamedTypeSymbol context, ITypeSymbol type, HandlerSymbols symbols)
    {
        if (symbols.JsonTypeInfoOfT is { } typeInfo)
        {
            foreach (var member in context.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false } property
                    && property.Type is INamedTypeSymbol { IsGenericType: true } propertyType
                    && SymbolEqualityComparer.Default.Equals(propertyType.OriginalDefinition, typeInfo)
                    && SymbolEqualityComparer.Default.Equals(propertyType.TypeArguments[0], type))
                {
                    return property.Name;
                }
            }
        }

        if (symbols.JsonSerializableAttribute is not { } serializable)
        {
            return null;
        }

        foreach (var attribute in context.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, serializable)
                || attribute.ConstructorArguments.Length != 1
                || attribute.ConstructorArguments[0].Value is not ITypeSymbol registered
                || !SymbolEqualityComparer.Default.Equals(registered, type))
            {
                continue;
            }

            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "TypeInfoPropertyName" && argument.Value.Value is string name && name.Length > 0)
                {
                    return name;
                }
            }

            return DefaultPropertyName(type);
        }

        return null;
    }

    /// <summary>System.Text.Json's default property name for a type.</summary>
    public static string DefaultPropertyName(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return DefaultPropertyName(array.ElementType) + (array.Rank == 1 ? "Array" : "Array" + array.Rank + "D");
        }

        if (type is not INamedTypeSymbol { IsGenericType: true } named)
        {
            return type.Name;
        }

        var name = new StringBuilder(named.Name);
        foreach (var argument in TypeArgumentsInScope(named))
        {
            name.Append(DefaultPropertyName(argument));
        }

        return name.ToString();
    }

    /// <summary>The type arguments of the type and of the types it is nested in, outermost first.</summary>
    private static List<ITypeSymbol> TypeArgumentsInScope(INamedTypeSymbol type)
    {
        var arguments = type.ContainingType is { } outer ? TypeArgumentsInScope(outer) : new List<ITypeSymbol>();
        arguments.AddRange(type.TypeArguments);
        return arguments;
    }
}
