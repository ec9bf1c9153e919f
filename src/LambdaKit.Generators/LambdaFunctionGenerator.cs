using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LambdaKit.Generators.Common;
using LambdaKit.Generators.Handlers;
using LambdaKit.Generators.Serialization;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators;

/// <summary>
/// From <c>[LambdaFunction]</c> methods to a reflection-free handler registration, the Amazon.Lambda.Core context
/// adapter when needed, and <c>Main</c> in an executable without one. Reports nothing: LambdaKit.Analyzers reports
/// why a method is not a handler, with the same shared check (<see cref="HandlerShape"/>).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LambdaFunctionGenerator : IIncrementalGenerator
{
    // After an edit Roslyn calls the transform again for every attributed method: an edit that changes no declaration
    // reuses what was found (a handler's model, or that the method is no handler) without binding anything.
    private static readonly DeclarationModelCache<LambdaFunctionMethod> Methods = new();

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var handlers = context.SyntaxProvider
            .CreateSyntaxProvider(
                LambdaFunctionMethods.IsCandidate,
                static (syntaxContext, cancellationToken) => Methods.GetOrBuild(
                    syntaxContext.Node, syntaxContext.SemanticModel.Compilation, () => LambdaFunctionMethods.Find(syntaxContext, cancellationToken), cancellationToken))
            .WithTrackingName(TrackingNames.AttributedMethods)
            .Where(static method => method is not null)
            .Select(static (method, _) => method!.Handler)
            .WithTrackingName(TrackingNames.Handlers);

        var handlerSet = handlers
            .Collect()
            .Select(static (parsed, _) => HandlerParser.Collect(parsed))
            .WithTrackingName(TrackingNames.HandlerSet);

        var settings = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => HandlerParser.ParseSettings(compilation, cancellationToken))
            .WithTrackingName(TrackingNames.Settings);

        var userEntryPoint = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => EntryPoints.HasUserEntryPoint(compilation, cancellationToken));

        var entryPoint = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => EntryPoints.ParseMode(options.GlobalOptions.TryGetValue(EntryPoints.GenerateMainOption, out var value) ? value : null))
            .Combine(userEntryPoint)
            .Select(static (pair, _) => new EntryPointSettings(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.EntryPoint);

        // From the handlers' models alone: re-runs only when a handler or a type it reaches changes.
        var serializer = handlerSet
            .Combine(settings)
            .Select(static (input, cancellationToken) => HandlerSerialization.Build(input.Left, input.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Serializer);

        context.RegisterSourceOutput(
            handlerSet.Combine(settings).Combine(entryPoint).Combine(serializer),
            static (output, input) => Emit(output, input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right));
    }

    private static void Emit(SourceProductionContext context, HandlerSet set, GenerationSettings settings, EntryPointSettings entryPoint, HandlerSerializerModel serializer)
    {
        // A user type with a generated type's name: the generated files would not compile beside it (the analyzers report it).
        if (set.Declared == 0 || settings.UserDeclaredType is not null)
        {
            return;
        }

        var emitted = new List<HandlerEmitter.EmittedHandler>(set.Handlers.Count);
        var propertyNames = serializer.Model is { } described ? SerializerEmitter.PropertyNames(described) : null;
        var rejected = new HashSet<string>(serializer.RejectedFunctions, System.StringComparer.Ordinal);
        var amazonContexts = AmazonContexts(set);
        foreach (var handler in set.Handlers)
        {
            var jsonContext = JsonContextOf(handler, amazonContexts);
            if (TryResolveTypeInfo(handler, jsonContext, propertyNames, rejected, out var input, out var output))
            {
                // A handler without JSON still offers its metadata as Amazon's ILambdaContext.Serializer, when there is some.
                var hasMetadata = handler.InputType is not null || handler.OutputType is not null || handler.UserContextType is not null || serializer.Model is not null;
                emitted.Add(new HandlerEmitter.EmittedHandler(handler, hasMetadata ? jsonContext : null, input, output));
            }
        }

        context.AddSource(HandlerEmitter.RegistrationClass + ".g.cs", HandlerEmitter.EmitRegistration(emitted, amazonContexts, settings));
        context.AddSource(RegistryEmitter.HintName, RegistryEmitter.Emit(emitted, settings.DeploymentDefaults));

        if (serializer.Model is { } model)
        {
            var writer = new SourceWriter();
            SerializerEmitter.Emit(writer, HandlerSerialization.ContextNamespace, HandlerSerialization.ContextClass, model);
            context.AddSource(HandlerSerialization.ContextClass + ".g.cs", writer.ToSourceText());
        }

        foreach (var handler in emitted)
        {
            if (handler.Model.UsesAmazonContext)
            {
                context.AddSource("AmazonLambdaContext.g.cs", AmazonContextEmitter.Emit(settings.AmazonLoggerHasLevels));
                break;
            }
        }

        if (settings.IsExecutable && entryPoint.Mode != MainMode.Never && !entryPoint.UserEntryPoint)
        {
            context.AddSource(HandlerEmitter.ProgramClass + ".g.cs", HandlerEmitter.EmitProgram());
        }
    }

    /// <summary>The user contexts named through Amazon's <c>SourceGeneratorLambdaJsonSerializer&lt;X&gt;</c>, in ordinal order.</summary>
    private static List<string> AmazonContexts(HandlerSet set)
    {
        var contexts = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (var handler in set.Handlers)
        {
            if (handler.UserContextType is { } context && handler.UserContextOverAmazonOptions)
            {
                contexts.Add(context);
            }
        }

        return [.. contexts];
    }

    /// <summary>The expression of the <c>JsonSerializerContext</c> instance a handler reads and writes with.</summary>
    private static string JsonContextOf(HandlerModel handler, List<string> amazonContexts) =>
        handler.UserContextType is not { } userContext ? (handler.AmazonOptions ? HandlerEmitter.AmazonDefaultContextProperty : HandlerSerialization.ContextType + ".Default")
        : handler.UserContextOverAmazonOptions ? HandlerEmitter.AmazonContextProperty(amazonContexts.IndexOf(userContext))
        : userContext + ".Default";

    /// <summary>The JSON metadata expressions of a handler's input and output; false when one cannot be named.</summary>
    private static bool TryResolveTypeInfo(HandlerModel handler, string jsonContext, Dictionary<string, string>? propertyNames, HashSet<string> rejected, out string? input, out string? output)
    {
        input = null;
        output = null;
        if (handler.InputType is null && handler.OutputType is null)
        {
            return true;
        }

        if (handler.UserContextType is null)
        {
            if (propertyNames is null || rejected.Contains(handler.FunctionName))
            {
                return false;
            }

            if ((handler.InputType is not null && !propertyNames.TryGetValue(handler.InputType, out input))
                || (handler.OutputType is not null && !propertyNames.TryGetValue(handler.OutputType, out output)))
            {
                return false;
            }

            input = input is null ? null : jsonContext + "." + input;
            output = output is null ? null : jsonContext + "." + output;
            return true;
        }

        if (handler.InputType is not null)
        {
            input = jsonContext + "." + handler.InputContextProperty;
        }

        if (handler.OutputType is not null)
        {
            output = jsonContext + "." + (handler.OutputContextProperty ?? handler.InputContextProperty);
        }

        return true;
    }
}
