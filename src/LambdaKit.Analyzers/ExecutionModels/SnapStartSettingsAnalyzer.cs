using System;
using System.Collections.Immutable;
using System.Globalization;
using LambdaKit.Analyzers.Hazards;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LambdaKit.Analyzers.ExecutionModels;

/// <summary>
/// LK3012: a <c>[LambdaFunction]</c> with SnapStart (its own or the assembly default's) that also publishes with Native
/// AOT (an OS-only <c>provided.*</c> runtime), has more than 512 MB of <c>/tmp</c>, or uses tenant isolation. Reported
/// at the function's <c>SnapStart = true</c> argument, else at its attribute.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SnapStartSettingsAnalyzer : ExecutionModelAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SnapStartIncompatible);

    private protected override string Setting => ExecutionSettings.SnapStartName;

    private protected override void Start(CompilationStartAnalysisContext context, ExecutionSettings.Resolver resolver)
    {
        var nativeAot = context.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(AotSerializerAnalyzer.PublishAotOption, out var publishAot)
            && string.Equals(publishAot.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        context.RegisterSymbolAction(c => Analyze(c, resolver, nativeAot), SymbolKind.Method);
    }

    private static void Analyze(SymbolAnalysisContext context, ExecutionSettings.Resolver resolver, bool nativeAot)
    {
        if (resolver.Get(context.Symbol) is not { SnapStart: true } settings)
        {
            return;
        }

        var location = QuotaAnalyzer.ArgumentLocation(settings.Function, ExecutionSettings.SnapStartName, context.CancellationToken);
        var function = " (function '" + context.Symbol.Name + "')";
        if (nativeAot)
        {
            Report("Native AOT: PublishAot is true, so the function runs on an OS-only provided.* runtime");
        }

        if (settings.EphemeralStorage > LambdaQuotas.MaxSnapStartEphemeralStorage)
        {
            Report("EphemeralStorage = " + settings.EphemeralStorage.ToString(CultureInfo.InvariantCulture) + " MB: at most " + LambdaQuotas.MaxSnapStartEphemeralStorage.ToString(CultureInfo.InvariantCulture) + " MB");
        }

        if (settings.TenantIsolation)
        {
            Report("tenant isolation");
        }

        void Report(string what) => context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SnapStartIncompatible, location, what, function));
    }
}
