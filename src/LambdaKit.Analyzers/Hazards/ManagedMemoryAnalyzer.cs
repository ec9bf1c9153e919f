using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using LambdaKit.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Analyzers.Hazards;

/// <summary>
/// LK2008: a function that runs JIT-compiled (the project sets <c>PublishAot</c> to anything but true, as LambdaKit's
/// build files pass it) with <c>MemorySize</c> set below 512 MB on <c>[LambdaFunction]</c> or
/// <c>[assembly: LambdaFunctionDefaults]</c>. Unset memory is not reported: the deployment may set it elsewhere.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ManagedMemoryAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Below this a JIT-compiled function's first invocations are dominated by compiling on a fraction of a vCPU.</summary>
    public const int MinimumManagedMemory = 512;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ManagedMemoryTooLow);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // Only when the build says which it is: no property, no verdict.
            if (!start.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(AotSerializerAnalyzer.PublishAotOption, out var publishAot)
                || string.Equals(publishAot.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            var attributes = new[] { HandlerSymbols.LambdaFunctionAttributeName, HandlerSymbols.LambdaFunctionDefaultsAttributeName }
                .Select(start.Compilation.GetTypeByMetadataName)
                .Where(t => t is not null)
                .ToImmutableArray();
            if (attributes.IsEmpty)
            {
                return;
            }

            start.RegisterSyntaxNodeAction(c => Analyze(c, attributes!), Microsoft.CodeAnalysis.CSharp.SyntaxKind.Attribute);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, ImmutableArray<INamedTypeSymbol?> attributes)
    {
        var attribute = (AttributeSyntax)context.Node;
        if (attribute.ArgumentList is null
            || context.SemanticModel.GetTypeInfo(attribute, context.CancellationToken).Type is not { } type
            || !attributes.Contains(type, SymbolEqualityComparer.Default))
        {
            return;
        }

        foreach (var argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == "MemorySize"
                && context.SemanticModel.GetConstantValue(argument.Expression, context.CancellationToken) is { HasValue: true, Value: int memory }
                && memory >= 128
                && memory < MinimumManagedMemory)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.ManagedMemoryTooLow,
                    argument.GetLocation(),
                    memory.ToString(CultureInfo.InvariantCulture),
                    MinimumManagedMemory.ToString(CultureInfo.InvariantCulture)));
            }
        }
    }
}
