using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using LambdaKit.Generators.Common;
using LambdaKit.Generators.Serialization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LambdaKit.Generators.Handlers;

/// <summary>Turns symbols into the equatable models at once; nothing after this step sees a symbol.</summary>
internal static class HandlerParser
{
    /// <summary>Fully qualified with <c>global::</c>; reference-type nullability is not part of a type's identity here.</summary>
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>The model of a <c>[LambdaFunction]</c> method, or <see langword="null"/> when the shared check finds a problem.</summary>
    public static HandlerModel? Parse(IMethodSymbol method, AttributeData attribute, Compilation compilation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var symbols = HandlerSymbols.For(compilation);
        var shape = HandlerShape.Analyze(method, attribute, symbols);
        if (!shape.IsValid)
        {
            return null;
        }

        var arguments = new List<HandlerArgument>(shape.Roles.Count);
        foreach (var role in shape.Roles)
        {
            arguments.Add(new HandlerArgument(role));
        }

        var (jsonRoots, jsonTypes) = JsonTypes(shape, compilation, symbols, cancellationToken);

        // The graph's roots are the input's and output's names (one when both are the same type), already formatted.
        var inputType = jsonRoots is null ? shape.InputType?.ToDisplayString(TypeFormat) : shape.InputType is null ? null : jsonRoots[0];
        var outputType = jsonRoots is null ? shape.OutputType?.ToDisplayString(TypeFormat) : shape.OutputType is null ? null : jsonRoots[jsonRoots.Count - 1];
        return new HandlerModel(
            shape.FunctionName,
            HandlerShape.GetHandlerString(compilation.AssemblyName ?? string.Empty, method),
            jsonTypes,
            method.ContainingType.ToDisplayString(TypeFormat),
            method.Name,
            method.IsStatic,
            arguments.ToImmutableEquatableArray(),
            inputType,
            shape.InputContextProperty,
            shape.Await,
            shape.Result,
            outputType,
            shape.OutputContextProperty,
            shape.UserContext?.ToDisplayString(TypeFormat),
            shape.UserContext is { } userContext && symbols.ContextIsAmazons(method) && CanCreateOverOptions(userContext, symbols),
            shape.UserContext is null && symbols.SerializerIsAmazonsDefault(method),
            FunctionDeployment.Read(attribute));
    }

    /// <summary>
    /// Default mode: every type the handler's JSON input and output reach, described once per compilation (handlers
    /// share types), so the generated context's model is built from the handlers' models alone. The roots' names are
    /// null when no graph is described (a user context, or no JSON input or output).
    /// </summary>
    private static (List<string>? Roots, ImmutableEquatableArray<TypeNode> Nodes) JsonTypes(HandlerShape shape, Compilation compilation, HandlerSymbols symbols, CancellationToken cancellationToken)
    {
        if (shape.UserContext is not null || (shape.InputType is null && shape.OutputType is null))
        {
            return (null, ImmutableEquatableArray<TypeNode>.Empty);
        }

        var roots = new List<ITypeSymbol>(2);
        if (shape.InputType is { } input)
        {
            roots.Add(input);
        }

        if (shape.OutputType is { } output)
        {
            roots.Add(output);
        }

        var naming = symbols.CamelCase ? JsonNamingPolicyKind.CamelCase : JsonNamingPolicyKind.AsDeclared;
        return CompilationGraphs.Reach(compilation, naming, roots, cancellationToken);
    }

    /// <summary>
    /// Whether the generated code can write <c>new TContext(options)</c>: a constructor taking the options is declared,
    /// or System.Text.Json's generator will declare it (a partial class in this compilation with <c>[JsonSerializable]</c>;
    /// generators do not see each other's output). Otherwise the handler keeps <c>TContext.Default</c>, so the generated
    /// code compiles whatever the context is.
    /// </summary>
    private static bool CanCreateOverOptions(INamedTypeSymbol context, HandlerSymbols symbols)
    {
        if (context.IsAbstract)
        {
            return false;
        }

        foreach (var constructor in context.InstanceConstructors)
        {
            if (constructor.Parameters.Length == 1
                && constructor.Parameters[0].Type.ToDisplayString() == "System.Text.Json.JsonSerializerOptions"
                && constructor.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal)
            {
                return true;
            }
        }

        if (symbols.JsonSerializableAttribute is null)
        {
            return false;
        }

        var serializable = false;
        foreach (var attribute in context.GetAttributes())
        {
            serializable |= SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.JsonSerializableAttribute);
        }

        foreach (var reference in context.DeclaringSyntaxReferences)
        {
            if (serializable && reference.GetSyntax() is ClassDeclarationSyntax declaration
                && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The handlers to emit: valid ones whose function name no other <c>[LambdaFunction]</c> method uses (LK1007 reports
    /// those), sorted by name so the output does not depend on file order.
    /// </summary>
    public static HandlerSet Collect(ImmutableArray<HandlerModel?> parsed)
    {
        var counts = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (var model in parsed)
        {
            if (model is not null)
            {
                counts[model.FunctionName] = counts.TryGetValue(model.FunctionName, out var count) ? count + 1 : 1;
            }
        }

        var valid = new List<HandlerModel>();
        foreach (var model in parsed)
        {
            if (model is not null && counts[model.FunctionName] == 1)
            {
                valid.Add(model);
            }
        }

        valid.Sort(static (a, b) => string.CompareOrdinal(a.FunctionName, b.FunctionName));
        return new HandlerSet(parsed.Length, valid.ToImmutableEquatableArray());
    }

    public static GenerationSettings ParseSettings(Compilation compilation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var symbols = HandlerSymbols.For(compilation);
        return new GenerationSettings(
            compilation.AssemblyName ?? string.Empty,
            EntryPoints.IsExecutable(compilation),
            symbols.CamelCase,
            compilation.GetTypeByMetadataName("Amazon.Lambda.Core.LogLevel") is not null,
            compilation.GetTypeByMetadataName(HandlerSymbols.AmazonStaticLoggerName) is { DeclaredAccessibility: Accessibility.Public },
            compilation.GetTypeByMetadataName(HandlerSymbols.AmazonSnapshotRestoreName) is { DeclaredAccessibility: Accessibility.Public },
            AmazonConstantClasses(compilation),
            GeneratedTypeNames.DeclaredByUser(compilation),
            FunctionDeployment.ReadDefaults(compilation));
    }

    /// <summary>
    /// The constant classes AWS's serializer converts that the compilation has, fully qualified, when each can be created
    /// from its value as AWS's converter creates it (a public constructor taking the string).
    /// </summary>
    private static ImmutableEquatableArray<string> AmazonConstantClasses(Compilation compilation)
    {
        var found = new List<string>();
        foreach (var name in HandlerSymbols.AmazonConstantClassNames)
        {
            if (compilation.GetTypeByMetadataName(name) is { TypeKind: TypeKind.Class, IsAbstract: false, DeclaredAccessibility: Accessibility.Public } type
                && type.InstanceConstructors.Any(constructor => constructor.DeclaredAccessibility == Accessibility.Public
                    && constructor.Parameters.Length == 1
                    && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String))
            {
                found.Add(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            }
        }

        return found.ToImmutableEquatableArray();
    }
}

/// <summary>The handlers to emit, and how many <c>[LambdaFunction]</c> methods there are (valid or not).</summary>
internal sealed record HandlerSet
{
    public HandlerSet(int declared, ImmutableEquatableArray<HandlerModel> handlers)
    {
        Declared = declared;
        Handlers = handlers;
    }

    /// <summary>Every attributed method: the registration is emitted even when all are invalid, so user code calling it compiles.</summary>
    public int Declared { get; }

    public ImmutableEquatableArray<HandlerModel> Handlers { get; }
}
