using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using LambdaKit.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Analyzers.Config;

/// <summary>
/// LK1013, LK1014, LK3001-LK3012 for <c>aws-lambda-tools-defaults.json</c> and
/// <c>serverless.template</c>, given to the compiler as additional files: what Lambda would refuse or run badly, at its
/// place in the file. The handler string is compared with the compilation's <c>[LambdaFunction]</c> methods, so the
/// checks run at the end of the compilation.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LambdaConfigAnalyzer : DiagnosticAnalyzer
{
    public const string ToolsDefaultsFileName = "aws-lambda-tools-defaults.json";
    public const string TemplateFileName = "serverless.template";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.HandlerStringInvalid,
        DiagnosticDescriptors.HandlerStringUnknown,
        DiagnosticDescriptors.MemorySizeOutOfRange,
        DiagnosticDescriptors.TimeoutOutOfRange,
        DiagnosticDescriptors.EphemeralStorageOutOfRange,
        DiagnosticDescriptors.MaxConcurrencyOutOfRange,
        DiagnosticDescriptors.SnapStartIncompatible,
        DiagnosticDescriptors.EnvironmentTooLarge,
        DiagnosticDescriptors.EnvironmentKeyInvalid,
        DiagnosticDescriptors.LayersOverLimit,
        DiagnosticDescriptors.RuntimeDeprecated,
        DiagnosticDescriptors.RuntimeWithoutArm64,
        DiagnosticDescriptors.ConfigFileMalformed,
        DiagnosticDescriptors.SqsEventSourceInvalid);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(Start);
    }

    private static void Start(CompilationStartAnalysisContext context)
    {
        var files = context.Options.AdditionalFiles.Where(f => IsConfigFile(f.Path)).ToList();
        if (files.Count == 0)
        {
            return;
        }

        var handlers = new ConcurrentBag<(string Name, string HandlerString)>();
        if (context.Compilation.GetTypeByMetadataName(HandlerSymbols.LambdaFunctionAttributeName) is { } attribute)
        {
            var assemblyName = context.Compilation.AssemblyName ?? string.Empty;
            context.RegisterSymbolAction(
                c =>
                {
                    var method = (IMethodSymbol)c.Symbol;
                    var data = method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
                    if (data is not null)
                    {
                        handlers.Add((HandlerShape.GetFunctionName(method, data), HandlerShape.GetHandlerString(assemblyName, method)));
                    }
                },
                SymbolKind.Method);
        }

        context.RegisterCompilationEndAction(c =>
        {
            var known = new KnownHandlers(handlers.ToList(), c.Compilation.AssemblyName);
            foreach (var file in files)
            {
                Check(c, file, known);
            }
        });
    }

    private static bool IsConfigFile(string path)
    {
        var name = Path.GetFileName(path);
        return string.Equals(name, ToolsDefaultsFileName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, TemplateFileName, StringComparison.OrdinalIgnoreCase);
    }

    private static void Check(CompilationAnalysisContext context, AdditionalText file, KnownHandlers handlers)
    {
        if (file.GetText(context.CancellationToken) is not { } text)
        {
            return;
        }

        var name = Path.GetFileName(file.Path);
        var root = JsonReader.Parse(text.ToString(), out var error);
        if (root is null)
        {
            var at = Math.Min(error!.Position, text.Length);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConfigFileMalformed, At(file, text, new TextSpan(at, 0)), name, error.Message));
            return;
        }

        if (root.Kind != JsonKind.Object)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ConfigFileMalformed, At(file, text, root.Span), name, "the document is not a JSON object"));
            return;
        }

        var functions = string.Equals(name, ToolsDefaultsFileName, StringComparison.OrdinalIgnoreCase)
            ? FunctionSettings.FromToolsDefaults(name, root)
            : FunctionSettings.FromTemplate(name, root);
        foreach (var settings in functions)
        {
            var checks = new SettingsChecks(settings, location => At(file, text, location), context.ReportDiagnostic);
            checks.Handler(handlers);
            checks.Numbers();
            checks.Environment();
            checks.Layers();
            checks.Runtime(DateTime.UtcNow);
            checks.SnapStart();
        }

        if (!string.Equals(name, ToolsDefaultsFileName, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var (span, problem, path) in SqsEventChecks.Check(root))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SqsEventSourceInvalid, At(file, text, span), problem, " (" + path + " in " + name + ")"));
            }
        }
    }

    private static Location At(AdditionalText file, SourceText text, TextSpan span) =>
        Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));
}

/// <summary>The function names and handler strings of the compilation's <c>[LambdaFunction]</c> methods.</summary>
internal sealed class KnownHandlers
{
    private readonly List<(string Name, string HandlerString)> _handlers;
    private readonly string? _assemblyName;

    public KnownHandlers(List<(string Name, string HandlerString)> handlers, string? assemblyName)
    {
        _handlers = handlers;
        _assemblyName = assemblyName;
    }

    /// <summary>
    /// With one handler LambdaKit ignores the handler setting; with none the function is not LambdaKit's. Only with
    /// several does the setting select one, so only then can it name none.
    /// </summary>
    public bool Selects => _handlers.Count > 1;

    /// <summary>A function name, a handler string (any assembly part: <c>bootstrap::</c> on provided runtimes), or the assembly name.</summary>
    public bool Matches(string handler)
    {
        if (handler == _assemblyName)
        {
            return true;
        }

        var separator = handler.IndexOf("::", StringComparison.Ordinal);
        var typeAndMethod = separator < 0 ? null : handler.Substring(separator);
        return _handlers.Any(h => h.Name == handler || (typeAndMethod is not null && h.HandlerString.EndsWith(typeAndMethod, StringComparison.Ordinal)));
    }

    public string List() => string.Join(", ", _handlers.Select(h => h.Name).OrderBy(n => n, StringComparer.Ordinal));
}
