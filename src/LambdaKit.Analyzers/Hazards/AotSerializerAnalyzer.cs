using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LambdaKit.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>
/// LK2006: a reflection-based Lambda serializer (Amazon's <c>DefaultLambdaJsonSerializer</c> and
/// <c>CamelCaseLambdaJsonSerializer</c>, the Json.NET one) in a project that publishes with Native AOT, where it fails
/// on the first event. The SDK's IL2026 misses the attribute form (a <c>typeof</c>). Not reported where LambdaKit
/// replaces the serializer with generated metadata: on <c>[LambdaFunction]</c> methods, and on the assembly attribute
/// of a project with such methods.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AotSerializerAnalyzer : DiagnosticAnalyzer
{
    public const string PublishAotOption = "build_property.PublishAot";

    private static readonly string[] ReflectionSerializerNames =
    {
        "Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer",
        "Amazon.Lambda.Serialization.Json.JsonSerializer",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ReflectionSerializerUnderAot);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(Start);
    }

    private static void Start(CompilationStartAnalysisContext context)
    {
        if (!context.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(PublishAotOption, out var publishAot)
            || !string.Equals(publishAot.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var serializers = ReflectionSerializerNames.Select(context.Compilation.GetTypeByMetadataName).Where(t => t is not null).Select(t => t!).ToImmutableArray();
        var attribute = context.Compilation.GetTypeByMetadataName(HandlerSymbols.AmazonSerializerAttributeName);
        if (serializers.IsEmpty)
        {
            return;
        }

        var functions = FunctionTypes.For(context.Compilation);
        var hasHandlers = 0;
        context.RegisterOperationAction(
            c =>
            {
                var creation = (IObjectCreationOperation)c.Operation;
                if (IsReflectionSerializer(creation.Type, serializers))
                {
                    Report(c.ReportDiagnostic, creation.Syntax.GetLocation(), creation.Type!);
                }
            },
            OperationKind.ObjectCreation);

        if (attribute is null)
        {
            return;
        }

        context.RegisterSymbolAction(
            c =>
            {
                if (functions?.IsHandler(c.Symbol) == true)
                {
                    Interlocked.Exchange(ref hasHandlers, 1);
                    return;
                }

                ReportAttributes(c.Symbol.GetAttributes(), attribute, serializers, c.ReportDiagnostic, c.CancellationToken);
            },
            SymbolKind.Method);
        context.RegisterCompilationEndAction(c =>
        {
            if (Volatile.Read(ref hasHandlers) == 0)
            {
                ReportAttributes(c.Compilation.Assembly.GetAttributes(), attribute, serializers, c.ReportDiagnostic, c.CancellationToken);
            }
        });
    }

    private static void ReportAttributes(ImmutableArray<AttributeData> attributes, INamedTypeSymbol attribute, ImmutableArray<INamedTypeSymbol> serializers, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        foreach (var data in attributes)
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute)
                && data.ConstructorArguments.FirstOrDefault().Value is ITypeSymbol serializer
                && IsReflectionSerializer(serializer, serializers)
                && data.ApplicationSyntaxReference is { } syntax)
            {
                report(Diagnostic.Create(DiagnosticDescriptors.ReflectionSerializerUnderAot, syntax.GetSyntax(cancellationToken).GetLocation(), serializer.Name));
            }
        }
    }

    private static bool IsReflectionSerializer(ITypeSymbol? type, ImmutableArray<INamedTypeSymbol> serializers)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (serializers.Any(s => SymbolEqualityComparer.Default.Equals(s, current)))
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(Action<Diagnostic> report, Location location, ITypeSymbol serializer) =>
        report(Diagnostic.Create(DiagnosticDescriptors.ReflectionSerializerUnderAot, location, serializer.Name));
}
