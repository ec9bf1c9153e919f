using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Microsoft.CodeAnalysis;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.AnalyzerVerifier<LambdaKit.Analyzers.HandlerAnalyzer>;

namespace LambdaKit.Analyzers.Tests;

/// <summary>Issue 9, compiler side: LK1012 and AWS's runtime, the suggested line, the template Program.cs.</summary>
public class EntryPointRegressionTests
{
    private const string Function = """

        public static class Functions
        {
            [LambdaKit.LambdaFunction] public static void Handle() { }
        }

        namespace LambdaKit.Generated
        {
            internal static class LambdaFunctions
            {
                public static System.Threading.Tasks.Task<int> RunAsync() => System.Threading.Tasks.Task.FromResult(0);
            }
        }
        """;

    private static void Console(CompilationBuilder builder) => builder.WithLambdaKitRuntime().WithOutputKind(OutputKind.ConsoleApplication);

    [Fact]
    public async Task A_Main_that_starts_AWSs_runtime_support_is_not_LK1012()
    {
        await Verify.VerifyAsync(
            """
            using System.Threading.Tasks;
            using Amazon.Lambda.RuntimeSupport;

            public static class Program
            {
                public static async Task Main() => await LambdaBootstrapBuilder.Create(() => { }).Build().RunAsync();
            }

            namespace Amazon.Lambda.RuntimeSupport
            {
                public sealed class LambdaBootstrapBuilder
                {
                    public static LambdaBootstrapBuilder Create(System.Action handler) => new();
                    public LambdaBootstrap Build() => new();
                }

                public sealed class LambdaBootstrap
                {
                    public Task RunAsync() => Task.CompletedTask;
                }
            }
            """ + Function,
            Console);
    }

    [Fact]
    public async Task A_leftover_template_Program_is_a_warning()
    {
        await Verify.VerifyAsync(
            """
            public static class Program
            {
                public static void {|#0:Main|}(string[] args) => System.Console.WriteLine("Hello, World!");
            }
            """ + Function,
            Console,
            Verify.Diagnostic("LK1012").WithLocation(0).WithSeverity(DiagnosticSeverity.Warning)
                .WithMessage("The entry point (Program.Main) never starts the Lambda runtime, so the function would answer no event; the generated registration is one line: 'System.Environment.ExitCode = global::LambdaKit.Generated.LambdaFunctions.RunAsync().GetAwaiter().GetResult();'"));
    }

    [Theory]
    [InlineData("public static async System.Threading.Tasks.Task Main() { await System.Threading.Tasks.Task.Yield(); }", "System.Environment.ExitCode = await global::LambdaKit.Generated.LambdaFunctions.RunAsync();")]
    [InlineData("public static async System.Threading.Tasks.Task<int> Main() { await System.Threading.Tasks.Task.Yield(); return 0; }", "return await global::LambdaKit.Generated.LambdaFunctions.RunAsync();")]
    [InlineData("public static System.Threading.Tasks.Task Main() { return System.Threading.Tasks.Task.CompletedTask; }", "return global::LambdaKit.Generated.LambdaFunctions.RunAsync();")]
    [InlineData("public static int Main() { return 0; }", "return global::LambdaKit.Generated.LambdaFunctions.RunAsync().GetAwaiter().GetResult();")]
    public async Task The_suggested_line_compiles_in_the_Main_it_is_suggested_for(string main, string line)
    {
        var source = "public static class Program\n{\n    " + main.Replace("Main()", "{|#0:Main|}()", StringComparison.Ordinal) + "\n}\n" + Function;
        await Verify.VerifyAsync(
            source,
            Console,
            Verify.Diagnostic("LK1012").WithLocation(0).WithMessage($"The entry point (Program.Main) never starts the Lambda runtime, so the function would answer no event; the generated registration is one line: '{line}'"));

        // The line, put first in that Main's body, compiles (in `async Task Main`, `return await` would be CS1997).
        var body = main.IndexOf('{', StringComparison.Ordinal);
        var fixedMain = main[..(body + 1)] + " " + line + " }";
        var compilation = new CompilationBuilder()
            .WithSource("public static class Program\n{\n    " + fixedMain + "\n}\n" + Function)
            .WithLambdaKitRuntime()
            .WithOutputKind(OutputKind.ConsoleApplication)
            .BuildCompilation();
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}
