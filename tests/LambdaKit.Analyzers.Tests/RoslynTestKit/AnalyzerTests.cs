using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LambdaKit.Analyzers.Tests.RoslynTestKit;

/// <summary>An analyzer test on Microsoft.CodeAnalysis.Testing with LambdaKit's project settings.</summary>
public sealed class AnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public AnalyzerTest(string markup, CompilationBuilder project)
    {
        ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
        TestCode = markup;
        AllowUnsafe = project.AllowUnsafe;
        LambdaKitTestSettings.Apply(TestState, project);
    }

    private bool AllowUnsafe { get; }

    protected override CompilationOptions CreateCompilationOptions() => LambdaKitTestSettings.WithProjectOptions(base.CreateCompilationOptions(), AllowUnsafe);

    protected override ParseOptions CreateParseOptions() => LambdaKitTestSettings.WithProjectOptions(base.CreateParseOptions());
}

/// <summary>A code-fix test on Microsoft.CodeAnalysis.Testing with LambdaKit's project settings.</summary>
public sealed class CodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public CodeFixTest(string markup, string fixedCode, CompilationBuilder project)
    {
        ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
        TestCode = markup;
        FixedCode = fixedCode;
        AllowUnsafe = project.AllowUnsafe;
        LambdaKitTestSettings.Apply(TestState, project);
    }

    private bool AllowUnsafe { get; }

    protected override CompilationOptions CreateCompilationOptions() => LambdaKitTestSettings.WithProjectOptions(base.CreateCompilationOptions(), AllowUnsafe);

    protected override ParseOptions CreateParseOptions() => LambdaKitTestSettings.WithProjectOptions(base.CreateParseOptions());
}

/// <summary>
/// Short forms for tests: <c>using Verify = AnalyzerVerifier&lt;MyAnalyzer&gt;;</c>, then
/// <c>await Verify.VerifyAsync(markup, project => ..., Verify.Diagnostic("LK1001").WithLocation(0).WithMessage(...))</c>.
/// Markup spans <c>{|LKnnnn:...|}</c> expect a diagnostic without checking its message; <c>{|#0:...|}</c> marks a
/// location for an expected diagnostic given in full.
/// </summary>
#pragma warning disable CA1000 // The static members on the generic type are the point: see the summary.
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyAsync(string markup, Action<CompilationBuilder>? configure = null, params DiagnosticResult[] expected)
    {
        var project = new CompilationBuilder();
        configure?.Invoke(project);
        var test = new AnalyzerTest<TAnalyzer>(markup, project);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

/// <summary>Short forms for code-fix tests, like <see cref="AnalyzerVerifier{TAnalyzer}"/>.</summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyAsync(string markup, string fixedCode, Action<CompilationBuilder>? configure = null, params DiagnosticResult[] expected)
    {
        var project = new CompilationBuilder();
        configure?.Invoke(project);
        var test = new CodeFixTest<TAnalyzer, TCodeFix>(markup, fixedCode, project);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
#pragma warning restore CA1000
