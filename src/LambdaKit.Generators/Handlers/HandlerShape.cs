using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Handlers;

/// <summary>Why a <c>[LambdaFunction]</c> method cannot be a handler. The analyzer reports each; the generator skips the method.</summary>
internal enum HandlerProblemKind
{
    NotAccessible,
    Generic,
    ParameterModifier,
    AsyncVoid,
    TooManyParameters,
    Overloaded,
    NoParameterlessConstructor,
    NotInSerializerContext,
    StreamingWithResult,
}

/// <summary>One problem and the text that names its cause (a parameter, a type).</summary>
internal readonly struct HandlerProblem
{
    public HandlerProblem(HandlerProblemKind kind, string detail, ITypeSymbol? type = null)
    {
        Kind = kind;
        Detail = detail;
        Type = type;
    }

    public HandlerProblemKind Kind { get; }

    public string Detail { get; }

    /// <summary>The type the problem is about, for <see cref="HandlerProblemKind.NotInSerializerContext"/> (the code fix registers it).</summary>
    public ITypeSymbol? Type { get; }
}

/// <summary>What a handler parameter is, decided by its type.</summary>
internal enum ParameterRole
{
    JsonInput,
    StreamInput,
    LambdaKitContext,
    AmazonContext,
    CancellationToken,

    /// <summary>A <c>LambdaResponseStream</c> the handler writes its response to (response streaming).</summary>
    ResponseStream,
}

/// <summary>How the handler's result is awaited.</summary>
internal enum AwaitKind
{
    None,
    Task,
    ValueTask,
}

/// <summary>What the handler produces once awaited.</summary>
internal enum ResultKind
{
    None,
    Json,
    Stream,
}

/// <summary>
/// The one handler check, shared as source by the generator (which emits only handlers without problems) and the
/// analyzer (which reports the problems), so the two never disagree. Works on symbols; the generator turns the result
/// into an equatable model at once.
/// </summary>
internal sealed class HandlerShape
{
    private static readonly SymbolDisplayFormat TypeDisplay = SymbolDisplayFormat.CSharpErrorMessageFormat;

    private HandlerShape(IMethodSymbol method, string functionName)
    {
        Method = method;
        FunctionName = functionName;
    }

    public IMethodSymbol Method { get; }

    /// <summary>The short name: <c>[LambdaFunction(Name = ...)]</c>, or the method name.</summary>
    public string FunctionName { get; }

    public List<ParameterRole> Roles { get; } = new();

    /// <summary>The JSON input type, when a parameter has the <see cref="ParameterRole.JsonInput"/> role.</summary>
    public ITypeSymbol? InputType { get; private set; }

    public AwaitKind Await { get; private set; }

    public ResultKind Result { get; private set; }

    /// <summary>The JSON output type (the <c>T</c> of <c>Task&lt;T&gt;</c>, or the return type).</summary>
    public ITypeSymbol? OutputType { get; private set; }

    /// <summary>The user-named serializer context this handler reads and writes JSON with; <see langword="null"/> for the generated metadata.</summary>
    public INamedTypeSymbol? UserContext { get; private set; }

    /// <summary>With a user-named serializer context: its <c>JsonTypeInfo</c> property for the input type.</summary>
    public string? InputContextProperty { get; private set; }

    /// <summary>With a user-named serializer context: its <c>JsonTypeInfo</c> property for the output type.</summary>
    public string? OutputContextProperty { get; private set; }

    public List<HandlerProblem> Problems { get; } = new();

    public bool IsValid => Problems.Count == 0;

    /// <summary>Whether the handler writes its response to a <c>LambdaResponseStream</c> parameter.</summary>
    public bool IsStreaming => Roles.Contains(ParameterRole.ResponseStream);

    /// <summary>The short function name of a <c>[LambdaFunction]</c> method.</summary>
    public static string GetFunctionName(IMethodSymbol method, AttributeData attribute)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "Name" && argument.Value.Value is string name && name.Length > 0)
            {
                return name;
            }
        }

        return method.Name;
    }

    /// <summary>Lambda's handler string: <c>Assembly::Namespace.Type::Method</c> (nested types joined with <c>+</c>, as .NET names them).</summary>
    public static string GetHandlerString(string assemblyName, IMethodSymbol method)
    {
        var type = new StringBuilder();
        AppendMetadataName(type, method.ContainingType);
        return assemblyName + "::" + type + "::" + method.Name;
    }

    public static HandlerShape Analyze(IMethodSymbol method, AttributeData attribute, HandlerSymbols symbols)
    {
        var shape = new HandlerShape(method, GetFunctionName(method, attribute));
        shape.CheckDeclaration();
        shape.ClassifyParameters(symbols);
        shape.ClassifyReturn(symbols);
        if (shape.IsStreaming && shape.Result != ResultKind.None)
        {
            // The response is what the handler writes to the stream: a returned value would go nowhere.
            shape.Problems.Add(new HandlerProblem(HandlerProblemKind.StreamingWithResult, method.ReturnType.ToDisplayString(TypeDisplay)));
        }

        shape.UserContext = symbols.ContextFor(method);
        if (shape.UserContext is { } context)
        {
            shape.CheckUserContext(context, symbols);
        }

        return shape;
    }

    private void CheckDeclaration()
    {
        if (!IsAccessibleFromAssembly(Method.DeclaredAccessibility))
        {
            Problems.Add(new HandlerProblem(HandlerProblemKind.NotAccessible, Method.Name));
        }
        else
        {
            for (var type = Method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (!IsAccessibleFromAssembly(type.DeclaredAccessibility))
                {
                    Problems.Add(new HandlerProblem(HandlerProblemKind.NotAccessible, type.Name));
                    break;
                }
            }
        }

        if (Method.IsGenericMethod)
        {
            Problems.Add(new HandlerProblem(HandlerProblemKind.Generic, Method.Name));
        }
        else
        {
            for (var type = Method.ContainingType; type is not null; type = type.ContainingType)
            {
                if (type.IsGenericType)
                {
                    Problems.Add(new HandlerProblem(HandlerProblemKind.Generic, type.ToDisplayString(TypeDisplay)));
                    break;
                }
            }
        }

        if (Method.IsAsync && Method.ReturnsVoid)
        {
            Problems.Add(new HandlerProblem(HandlerProblemKind.AsyncVoid, Method.Name));
        }

        if (Method.IsVararg)
        {
            Problems.Add(new HandlerProblem(HandlerProblemKind.ParameterModifier, "__arglist"));
        }

        if (Method.ReturnsByRef || Method.ReturnsByRefReadonly || IsPointer(Method.ReturnType))
        {
            Problems.Add(new HandlerProblem(HandlerProblemKind.ParameterModifier, "return type " + Method.ReturnType.ToDisplayString(TypeDisplay)));
        }

        var sameName = 0;
        foreach (var member in Method.ContainingType.GetMembers(Method.Name))
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary })
            {
                sameName++;
            }
        }

        if (sameName > 1)
        {
            Problems.Add(new HandlerProblem(HandlerProblemKind.Overloaded, Method.Name));
        }

        if (!Method.IsStatic && !HasAccessibleParameterlessConstructor(Method.ContainingType))
        {
            Problems.Add(new HandlerProblem(HandlerProblemKind.NoParameterlessConstructor, Method.ContainingType.ToDisplayString(TypeDisplay)));
        }
    }

    private void ClassifyParameters(HandlerSymbols symbols)
    {
        bool input = false, context = false, token = false, responseStream = false;
        foreach (var parameter in Method.Parameters)
        {
            if (parameter.IsParams || parameter.RefKind != RefKind.None || IsPointer(parameter.Type))
            {
                var modifier = parameter.IsParams ? "params " : parameter.RefKind switch
                {
                    RefKind.Ref => "ref ",
                    RefKind.Out => "out ",
                    RefKind.None => string.Empty,
                    _ => "in ",
                };
                Problems.Add(new HandlerProblem(HandlerProblemKind.ParameterModifier, modifier + parameter.Type.ToDisplayString(TypeDisplay) + " " + parameter.Name));
                continue;
            }

            var role = Classify(parameter.Type, symbols);
            ref bool taken = ref input;
            if (role is ParameterRole.LambdaKitContext or ParameterRole.AmazonContext)
            {
                taken = ref context;
            }
            else if (role == ParameterRole.CancellationToken)
            {
                taken = ref token;
            }
            else if (role == ParameterRole.ResponseStream)
            {
                taken = ref responseStream;
            }

            if (taken)
            {
                Problems.Add(new HandlerProblem(HandlerProblemKind.TooManyParameters, parameter.Name));
                continue;
            }

            taken = true;
            Roles.Add(role);
            if (role == ParameterRole.JsonInput)
            {
                InputType = parameter.Type;
            }
        }
    }

    private void ClassifyReturn(HandlerSymbols symbols)
    {
        var type = Method.ReturnType;
        ITypeSymbol? result = type;
        if (Method.ReturnsVoid)
        {
            result = null;
        }
        else if (Is(type, symbols.Task))
        {
            Await = AwaitKind.Task;
            result = null;
        }
        else if (Is(type, symbols.ValueTask))
        {
            Await = AwaitKind.ValueTask;
            result = null;
        }
        else if (type is INamedTypeSymbol { IsGenericType: true } generic
            && (Is(generic.OriginalDefinition, symbols.TaskOfT) || Is(generic.OriginalDefinition, symbols.ValueTaskOfT)))
        {
            Await = Is(generic.OriginalDefinition, symbols.TaskOfT) ? AwaitKind.Task : AwaitKind.ValueTask;
            result = generic.TypeArguments[0];
        }

        if (result is null)
        {
            Result = ResultKind.None;
        }
        else if (Is(result, symbols.Stream))
        {
            Result = ResultKind.Stream;
        }
        else
        {
            Result = ResultKind.Json;
            OutputType = result;
        }
    }

    private void CheckUserContext(INamedTypeSymbol context, HandlerSymbols symbols)
    {
        if (InputType is { } input)
        {
            InputContextProperty = SerializerContextLookup.FindProperty(context, input, symbols);
            if (InputContextProperty is null)
            {
                Problems.Add(new HandlerProblem(HandlerProblemKind.NotInSerializerContext, input.ToDisplayString(TypeDisplay), input));
            }
        }

        if (OutputType is { } output)
        {
            OutputContextProperty = SerializerContextLookup.FindProperty(context, output, symbols);
            if (OutputContextProperty is null && !SymbolEqualityComparer.Default.Equals(output, InputType))
            {
                Problems.Add(new HandlerProblem(HandlerProblemKind.NotInSerializerContext, output.ToDisplayString(TypeDisplay), output));
            }
        }
    }

    private static ParameterRole Classify(ITypeSymbol type, HandlerSymbols symbols)
    {
        if (Is(type, symbols.Stream))
        {
            return ParameterRole.StreamInput;
        }

        if (Is(type, symbols.CancellationToken))
        {
            return ParameterRole.CancellationToken;
        }

        if (Is(type, symbols.ResponseStream))
        {
            return ParameterRole.ResponseStream;
        }

        if (Is(type, symbols.LambdaKitContext))
        {
            return ParameterRole.LambdaKitContext;
        }

        return Is(type, symbols.AmazonContext) ? ParameterRole.AmazonContext : ParameterRole.JsonInput;
    }

    private static bool Is(ITypeSymbol type, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(type, known);

    private static bool IsPointer(ITypeSymbol type) => type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer;

    /// <summary>Generated code lives in the same assembly, so public, internal and protected internal members are reachable.</summary>
    private static bool IsAccessibleFromAssembly(Accessibility accessibility) =>
        accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

    private static bool HasAccessibleParameterlessConstructor(INamedTypeSymbol type)
    {
        if (type.IsAbstract || type.IsStatic || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return false;
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.Parameters.Length == 0 && IsAccessibleFromAssembly(constructor.DeclaredAccessibility))
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendMetadataName(StringBuilder builder, INamedTypeSymbol type)
    {
        if (type.ContainingType is { } outer)
        {
            AppendMetadataName(builder, outer);
            builder.Append('+');
        }
        else if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
        {
            builder.Append(ns.ToDisplayString()).Append('.');
        }

        builder.Append(type.MetadataName);
    }
}
