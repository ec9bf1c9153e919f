using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using LambdaKit.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Analyzers;

/// <summary>
/// LK3001-LK3003, LK3011: a deployment setting of <c>[LambdaFunction]</c> or <c>[assembly: LambdaFunctionDefaults]</c> outside
/// the range Lambda accepts (see <see cref="LambdaQuotas"/>), reported at the named argument.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QuotaAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.MemorySizeOutOfRange,
        DiagnosticDescriptors.TimeoutOutOfRange,
        DiagnosticDescriptors.EphemeralStorageOutOfRange,
        DiagnosticDescriptors.MaxConcurrencyOutOfRange);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(Start);
        context.RegisterCompilationAction(CheckAssemblyDefaults);
    }

    private static void Start(CompilationStartAnalysisContext context)
    {
        if (context.Compilation.GetTypeByMetadataName(HandlerSymbols.LambdaFunctionAttributeName) is not { } function)
        {
            return;
        }

        context.RegisterSymbolAction(
            symbolContext =>
            {
                foreach (var attribute in symbolContext.Symbol.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, function))
                    {
                        Check(attribute, string.Empty, symbolContext.ReportDiagnostic, symbolContext.CancellationToken);
                    }
                }
            },
            SymbolKind.Method);
    }

    private static void CheckAssemblyDefaults(CompilationAnalysisContext context)
    {
        if (context.Compilation.GetTypeByMetadataName(HandlerSymbols.LambdaFunctionDefaultsAttributeName) is not { } defaults)
        {
            return;
        }

        foreach (var attribute in context.Compilation.Assembly.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, defaults))
            {
                Check(attribute, " (the default of every function in the assembly)", context.ReportDiagnostic, context.CancellationToken);
            }
        }
    }

    private static void Check(AttributeData attribute, string scope, System.Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Value.Value is not int value)
            {
                continue;
            }

            foreach (var quota in LambdaQuotas.Settings)
            {
                if (argument.Key == quota.Property && !quota.Allows(value))
                {
                    report(Diagnostic.Create(
                        quota.Rule,
                        ArgumentLocation(attribute, argument.Key, cancellationToken),
                        value.ToString(CultureInfo.InvariantCulture),
                        quota.Minimum.ToString("N0", CultureInfo.InvariantCulture),
                        quota.Maximum.ToString("N0", CultureInfo.InvariantCulture),
                        scope));
                }
            }
        }
    }

    /// <summary>The <c>Name = value</c> argument in source, else the attribute, else nowhere (metadata).</summary>
    internal static Location ArgumentLocation(AttributeData attribute, string name, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax)
        {
            return Location.None;
        }

        if (syntax.ArgumentList is { } arguments)
        {
            foreach (var argument in arguments.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return argument.GetLocation();
                }
            }
        }

        return syntax.GetLocation();
    }
}
