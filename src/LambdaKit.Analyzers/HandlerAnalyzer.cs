using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LambdaKit.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Analyzers;

/// <summary>
/// LK1001-LK1011: why a <c>[LambdaFunction]</c> method cannot be a handler; LK1012: an own entry point that never
/// starts the runtime. Uses the generator's own check
/// (<see cref="HandlerShape"/>, linked as source), so a method is reported exactly when the generator leaves it out.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HandlerAnalyzer : DiagnosticAnalyzer
{
    private static readonly SymbolDisplayFormat TypeDisplay = SymbolDisplayFormat.CSharpErrorMessageFormat;

    /// <summary>LK1009 messages stay readable in a build log: deep type graphs are summarised, never listed in full.</summary>
    private const int MaxMessageLength = 300;

    private const int MaxTypeLength = 80;

    /// <summary>Types that start a runtime loop of their own: AWS's runtime support for .NET, by metadata name.</summary>
    private static readonly string[] AmazonRuntimeStarters =
    {
        "Amazon.Lambda.RuntimeSupport.LambdaBootstrapBuilder",
        "Amazon.Lambda.RuntimeSupport.LambdaBootstrap",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.HandlerNotAccessible,
        DiagnosticDescriptors.HandlerGeneric,
        DiagnosticDescriptors.HandlerParameterModifier,
        DiagnosticDescriptors.HandlerAsyncVoid,
        DiagnosticDescriptors.HandlerTooManyParameters,
        DiagnosticDescriptors.HandlerStreamingWithResult,
        DiagnosticDescriptors.HandlerOverloaded,
        DiagnosticDescriptors.DuplicateFunctionName,
        DiagnosticDescriptors.HandlerTypeNotCreatable,
        DiagnosticDescriptors.HandlerTypeNotSerializable,
        DiagnosticDescriptors.HandlerTypeNotInSerializerContext,
        DiagnosticDescriptors.UserMainWithGeneratedMain,
        DiagnosticDescriptors.EntryPointWithoutRuntime);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(Start);
    }

    private static void Start(CompilationStartAnalysisContext context)
    {
        var attribute = context.Compilation.GetTypeByMetadataName(HandlerSymbols.LambdaFunctionAttributeName);
        if (attribute is null)
        {
            return;
        }

        var symbols = HandlerSymbols.For(context.Compilation);
        var unsupportedTypes = new UnsupportedHandlerTypes(context.Compilation, symbols);
        var valid = new ConcurrentBag<(string Name, IMethodSymbol Method)>();
        var entryPointsWithoutRuntime = new ConcurrentBag<Diagnostic>();
        context.RegisterSymbolAction(c => AnalyzeMethod(c, attribute, symbols, unsupportedTypes, valid), SymbolKind.Method);
        context.RegisterCompilationEndAction(c =>
        {
            ReportDuplicates(c, valid);

            // Only a function (one with a handler) needs its entry point to start the runtime.
            if (!valid.IsEmpty)
            {
                foreach (var diagnostic in entryPointsWithoutRuntime)
                {
                    c.ReportDiagnostic(diagnostic);
                }
            }
        });

        var mode = context.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(EntryPoints.GenerateMainOption, out var value)
            ? EntryPoints.ParseMode(value)
            : MainMode.Auto;
        if (mode == MainMode.Always)
        {
            context.RegisterSyntaxNodeAction(ReportUserEntryPoint, SyntaxKind.MethodDeclaration, SyntaxKind.GlobalStatement);
        }
        else if (EntryPoints.IsExecutable(context.Compilation))
        {
            var runtimeStarters = new[] { EntryPoints.RegistrationNamespace + "." + EntryPoints.RegistrationClass, EntryPoints.BootstrapTypeName }
                .Concat(AmazonRuntimeStarters)
                .Select(context.Compilation.GetTypeByMetadataName)
                .ToArray();
            context.RegisterSyntaxNodeAction(
                c => FindEntryPointWithoutRuntime(c, runtimeStarters, entryPointsWithoutRuntime),
                SyntaxKind.MethodDeclaration,
                SyntaxKind.CompilationUnit);
        }
    }

    /// <summary>
    /// An own <c>Main</c> or top-level program that mentions neither the generated registration, <c>LambdaBootstrap</c>
    /// nor AWS's runtime support; the message suggests the one line that compiles in it.
    /// </summary>
    private static void FindEntryPointWithoutRuntime(SyntaxNodeAnalysisContext context, INamedTypeSymbol?[] runtimeStarters, ConcurrentBag<Diagnostic> found)
    {
        IEnumerable<SyntaxNode> code;
        Location location;
        string name;
        string call;
        if (context.Node is MethodDeclarationSyntax method)
        {
            if (!EntryPoints.IsUserEntryPoint(method))
            {
                return;
            }

            code = new SyntaxNode?[] { method.Body, method.ExpressionBody }.OfType<SyntaxNode>();
            location = method.Identifier.GetLocation();
            name = ((TypeDeclarationSyntax)method.Parent!).Identifier.ValueText + ".Main";
            call = RunCall.For(context.SemanticModel.GetDeclaredSymbol(method, context.CancellationToken));
        }
        else
        {
            var statements = ((CompilationUnitSyntax)context.Node).Members.OfType<GlobalStatementSyntax>().ToList();
            if (statements.Count == 0)
            {
                return;
            }

            code = statements;
            location = statements[0].GetLocation();
            name = "top-level statements";
            call = RunCall.TopLevel;
        }

        foreach (var node in code.SelectMany(c => c.DescendantNodesAndSelf()).OfType<SimpleNameSyntax>())
        {
            var symbol = context.SemanticModel.GetSymbolInfo(node, context.CancellationToken).Symbol;
            var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
            if (type is not null && runtimeStarters.Any(starter => SymbolEqualityComparer.Default.Equals(starter, type)))
            {
                return;
            }
        }

        found.Add(Diagnostic.Create(DiagnosticDescriptors.EntryPointWithoutRuntime, location, name, call));
    }

    private static void AnalyzeMethod(
        SymbolAnalysisContext context, INamedTypeSymbol attributeType, HandlerSymbols symbols, UnsupportedHandlerTypes unsupportedTypes, ConcurrentBag<(string, IMethodSymbol)> valid)
    {
        var method = (IMethodSymbol)context.Symbol;

        // Accessors, constructors and a record's generated members cannot carry the attribute: their attributes are not read.
        if (method.MethodKind != MethodKind.Ordinary || method.IsImplicitlyDeclared)
        {
            return;
        }

        var attribute = method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType));
        // A signature with an unresolved type already has the compiler's error (CS0246); its shape cannot be judged.
        if (attribute is null || method.Locations.FirstOrDefault() is not { IsInSource: true } location
            || UnresolvedTypes.InSignature(method))
        {
            return;
        }

        var shape = HandlerShape.Analyze(method, attribute, symbols);
        foreach (var problem in shape.Problems)
        {
            if (problem.Kind == HandlerProblemKind.NotInSerializerContext && problem.Type is { } type && UnresolvedTypes.Reached(type, context.CancellationToken))
            {
                continue;
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptor(problem.Kind), location, Properties(problem, shape), Arguments(problem, method, shape)));
        }

        if (!shape.IsValid)
        {
            return;
        }

        valid.Add((shape.FunctionName, method));
        if (shape.UserContext is null)
        {
            ReportUnsupportedTypes(context, location, method, shape, unsupportedTypes);
        }
    }

    /// <summary>
    /// LK1009, from the type graph the generator uses, one root at a time so each type gets its own reasons, each found
    /// once per compilation (<see cref="UnsupportedHandlerTypes"/>).
    /// </summary>
    private static void ReportUnsupportedTypes(SymbolAnalysisContext context, Location location, IMethodSymbol method, HandlerShape shape, UnsupportedHandlerTypes unsupportedTypes)
    {
        var types = new List<ITypeSymbol>(2);
        if (shape.InputType is { } input)
        {
            types.Add(input);
        }

        if (shape.OutputType is { } output && !SymbolEqualityComparer.Default.Equals(output, shape.InputType))
        {
            types.Add(output);
        }

        foreach (var type in types)
        {
            var unsupported = unsupportedTypes.Of(type, context.CancellationToken);
            if (unsupported.Count == 0)
            {
                continue;
            }

            var display = Shortened(type.ToDisplayString(TypeDisplay), MaxTypeLength);
            // The message is "Handler '{0}' cannot use '{1}': {2}": 26 characters around the arguments.
            var reasons = UnsupportedReasons.Describe(unsupported, display, MaxMessageLength - 1 - 26 - method.Name.Length - display.Length);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HandlerTypeNotSerializable, location, method.Name, display, reasons));
        }
    }

    private static string Shortened(string text, int max) => text.Length <= max ? text : text.Substring(0, max - 3) + "...";

    private static void ReportDuplicates(CompilationAnalysisContext context, ConcurrentBag<(string Name, IMethodSymbol Method)> valid)
    {
        foreach (var group in valid.GroupBy(v => v.Name, System.StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var methods = group.Select(g => g.Method).OrderBy(m => m.ToDisplayString(), System.StringComparer.Ordinal).ToList();
            foreach (var method in methods)
            {
                var other = methods.First(m => !SymbolEqualityComparer.Default.Equals(m, method));
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateFunctionName,
                    method.Locations[0],
                    group.Key,
                    other.ContainingType.ToDisplayString(TypeDisplay) + "." + other.Name));
            }
        }
    }

    private static void ReportUserEntryPoint(SyntaxNodeAnalysisContext context)
    {
        if (!EntryPoints.IsUserEntryPoint(context.Node))
        {
            return;
        }

        if (context.Node is GlobalStatementSyntax statement)
        {
            // Top-level statements are one entry point: report the first statement only.
            var unit = (CompilationUnitSyntax)statement.Parent!;
            if (unit.Members.OfType<GlobalStatementSyntax>().First() != statement)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UserMainWithGeneratedMain, statement.GetLocation(), "top-level statements"));
            return;
        }

        var method = (MethodDeclarationSyntax)context.Node;
        var type = (TypeDeclarationSyntax)method.Parent!;
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UserMainWithGeneratedMain, method.Identifier.GetLocation(), type.Identifier.ValueText + ".Main"));
    }

    /// <summary>What the LK1010 code fix needs: the context (by documentation id) and the type to register.</summary>
    private static ImmutableDictionary<string, string?>? Properties(HandlerProblem problem, HandlerShape shape) =>
        problem.Kind == HandlerProblemKind.NotInSerializerContext && problem.Type is { } type && shape.UserContext?.GetDocumentationCommentId() is { } contextId
            ? ImmutableDictionary<string, string?>.Empty
                .Add(CodeFixProperties.ContextId, contextId)
                .Add(CodeFixProperties.Type, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
            : null;

    private static DiagnosticDescriptor Descriptor(HandlerProblemKind kind) => kind switch
    {
        HandlerProblemKind.NotAccessible => DiagnosticDescriptors.HandlerNotAccessible,
        HandlerProblemKind.Generic => DiagnosticDescriptors.HandlerGeneric,
        HandlerProblemKind.ParameterModifier => DiagnosticDescriptors.HandlerParameterModifier,
        HandlerProblemKind.AsyncVoid => DiagnosticDescriptors.HandlerAsyncVoid,
        HandlerProblemKind.TooManyParameters => DiagnosticDescriptors.HandlerTooManyParameters,
        HandlerProblemKind.Overloaded => DiagnosticDescriptors.HandlerOverloaded,
        HandlerProblemKind.NoParameterlessConstructor => DiagnosticDescriptors.HandlerTypeNotCreatable,
        HandlerProblemKind.StreamingWithResult => DiagnosticDescriptors.HandlerStreamingWithResult,
        _ => DiagnosticDescriptors.HandlerTypeNotInSerializerContext,
    };

    private static object[] Arguments(HandlerProblem problem, IMethodSymbol method, HandlerShape shape) => problem.Kind switch
    {
        HandlerProblemKind.Overloaded => new object[] { method.Name, method.ContainingType.ToDisplayString(TypeDisplay) },
        HandlerProblemKind.AsyncVoid => new object[] { method.Name },
        HandlerProblemKind.NotInSerializerContext => new object[] { method.Name, problem.Detail, shape.UserContext!.ToDisplayString(TypeDisplay) },
        _ => new object[] { method.Name, problem.Detail },
    };
}

/// <summary>Diagnostic property names read by LambdaKit.CodeFixes (which cannot reference this assembly; its tests prove they match).</summary>
internal static class CodeFixProperties
{
    public const string ContextId = "ContextId";

    public const string Type = "Type";
}
