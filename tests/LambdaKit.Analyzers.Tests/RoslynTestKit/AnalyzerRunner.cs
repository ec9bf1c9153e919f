using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace LambdaKit.Analyzers.Tests.RoslynTestKit;

/// <summary>Runs analyzers on a compilation the way the compiler does, and fails on any analyzer exception (AD0001).</summary>
public static class AnalyzerRunner
{
    /// <summary>
    /// The analyzers' diagnostics, sorted by position. Throws when the source does not compile (so a test cannot pass
    /// on broken code) unless <paramref name="allowCompilerErrors"/>, and when an analyzer throws.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(
        CompilationBuilder builder,
        IEnumerable<DiagnosticAnalyzer> analyzers,
        bool allowCompilerErrors = false)
    {
        var compilation = builder.BuildCompilation();
        if (!allowCompilerErrors)
        {
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new XunitException("The test source does not compile:\n" + string.Join("\n", errors));
            }
        }

        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            builder.BuildAnalyzerOptions(),
            onAnalyzerException: (exception, analyzer, _) => { lock (exceptions) { exceptions.Add($"{analyzer.GetType().Name}: {exception}"); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers([.. analyzers], options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);

        var crashes = diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()).Concat(exceptions).ToList();
        if (crashes.Count > 0)
        {
            throw new XunitException("An analyzer threw (AD0001):\n" + string.Join("\n", crashes));
        }

        return [.. diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal)];
    }
}

/// <summary>Markup-based analyzer tests: the diagnostics must be exactly the marked ids on exactly the marked spans.</summary>
/// <remarks>Generic over the analyzer so tests can write <c>using Verify = AnalyzerVerifier&lt;MyAnalyzer&gt;;</c>.</remarks>
#pragma warning disable CA1000 // The static members on the generic type are the point: see the remarks.
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>
    /// Runs <typeparamref name="TAnalyzer"/> on <paramref name="markup"/> (one file, plus what <paramref name="configure"/>
    /// adds) and compares id and span of every diagnostic; <c>[|...|]</c> marks take <paramref name="defaultId"/>.
    /// Returns the diagnostics so a test can also check messages.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> VerifyAsync(
        string markup,
        Action<CompilationBuilder>? configure = null,
        string? defaultId = null)
    {
        var parsed = Markup.Parse(markup);
        var builder = new CompilationBuilder().WithSource(parsed.Source);
        configure?.Invoke(builder);
        var diagnostics = await AnalyzerRunner.GetDiagnosticsAsync(builder, [new TAnalyzer()]).ConfigureAwait(false);

        var sourcePath = builder.Sources[0].Path;
        var expected = parsed.Spans
            .Select(span => (Id: span.Id ?? defaultId ?? throw new InvalidOperationException("'[|...|]' needs a defaultId."), span.Span))
            .ToList();
        var actual = diagnostics
            .Where(d => d.Location.IsInSource && d.Location.SourceTree!.FilePath == sourcePath)
            .Select(d => (d.Id, Span: d.Location.SourceSpan))
            .ToList();
        var elsewhere = diagnostics.Where(d => !d.Location.IsInSource || d.Location.SourceTree!.FilePath != sourcePath).ToList();

        var missing = expected.Except(actual).ToList();
        var unexpected = actual.Except(expected).ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || elsewhere.Count > 0 || expected.Count != actual.Count)
        {
            throw new XunitException(Describe(SourceText.From(parsed.Source), expected, actual, missing, unexpected, elsewhere, diagnostics));
        }

        return diagnostics;
    }

    private static string Describe(
        SourceText text,
        List<(string Id, TextSpan Span)> expected,
        List<(string Id, TextSpan Span)> actual,
        List<(string Id, TextSpan Span)> missing,
        List<(string Id, TextSpan Span)> unexpected,
        List<Diagnostic> elsewhere,
        ImmutableArray<Diagnostic> all)
    {
        string Show((string Id, TextSpan Span) d)
        {
            var position = text.Lines.GetLinePosition(d.Span.Start);
            return $"{d.Id} at {position.Line + 1}:{position.Character + 1} on `{text.ToString(d.Span)}`";
        }

        var message = new StringBuilder("The diagnostics differ from the markup.\n");
        message.AppendLine(CultureInfo.InvariantCulture, $"Expected {expected.Count}, actual {actual.Count}.");
        foreach (var d in missing)
        {
            message.AppendLine("- missing    " + Show(d));
        }

        foreach (var d in unexpected)
        {
            message.AppendLine("+ unexpected " + Show(d));
        }

        foreach (var d in elsewhere)
        {
            message.AppendLine("+ outside the test file: " + d);
        }

        message.AppendLine("Actual, with messages:");
        foreach (var d in all)
        {
            message.AppendLine("  " + d);
        }

        return message.ToString();
    }
}
#pragma warning restore CA1000
