using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Microsoft.CodeAnalysis;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.AnalyzerVerifier<LambdaKit.Analyzers.QuotaAnalyzer>;

namespace LambdaKit.Analyzers.Tests;

public class QuotaAnalyzerTests
{
    private static void WithRuntime(CompilationBuilder builder) => builder.WithLambdaKitRuntime();

    [Fact]
    public async Task Settings_at_the_edges_of_each_range_and_unset_ones_are_not_reported()
    {
        await Verify.VerifyAsync(
            """
            using LambdaKit;

            [assembly: LambdaFunctionDefaults(MemorySize = 10240, Timeout = 900, EphemeralStorage = 10240)]

            public static class Functions
            {
                [LambdaFunction(MemorySize = 128, Timeout = 1, EphemeralStorage = 512)] public static void Smallest() { }
                [LambdaFunction(MemorySize = 10240, Timeout = 900, EphemeralStorage = 10240)] public static void Largest() { }
                [LambdaFunction(MemorySize = 0, Timeout = 0, EphemeralStorage = 0)] public static void Defaults() { }
                [LambdaFunction(Name = "plain")] public static void Plain() { }
            }
            """,
            WithRuntime);
    }

    [Fact]
    public async Task LK3001_LK3002_LK3003_just_outside_each_range_at_the_named_argument()
    {
        await Verify.VerifyAsync(
            """
            using LambdaKit;

            public static class Functions
            {
                [LambdaFunction({|#0:MemorySize = 127|}, {|#1:Timeout = 901|}, {|#2:EphemeralStorage = 511|})] public static void Low() { }
                [LambdaFunction(Name = "high", {|LK3001:MemorySize = 10241|}, {|LK3002:Timeout = -1|}, {|LK3003:EphemeralStorage = 10241|})] public static void High() { }
            }
            """,
            WithRuntime,
            Verify.Diagnostic("LK3001").WithLocation(0).WithSeverity(DiagnosticSeverity.Warning).WithMessage("MemorySize = 127 is outside Lambda's range of 128 to 10,240 MB"),
            Verify.Diagnostic("LK3002").WithLocation(1).WithSeverity(DiagnosticSeverity.Warning).WithMessage("Timeout = 901 is outside Lambda's range of 1 to 900 seconds"),
            Verify.Diagnostic("LK3003").WithLocation(2).WithSeverity(DiagnosticSeverity.Warning).WithMessage("EphemeralStorage = 511 is outside Lambda's range of 512 to 10,240 MB"));
    }

    [Fact]
    public async Task Assembly_defaults_are_checked_and_say_they_apply_to_every_function()
    {
        await Verify.VerifyAsync(
            """
            using LambdaKit;

            [assembly: LambdaFunctionDefaults({|#0:MemorySize = 64|}, Timeout = 30, {|LK3003:EphemeralStorage = 100000|})]

            public static class Functions
            {
                [LambdaFunction] public static void Handle() { }
            }
            """,
            WithRuntime,
            Verify.Diagnostic("LK3001").WithLocation(0).WithMessage("MemorySize = 64 is outside Lambda's range of 128 to 10,240 MB (the default of every function in the assembly)"));
    }

    [Fact]
    public async Task Constant_expressions_are_checked_by_value_and_other_attributes_are_ignored()
    {
        await Verify.VerifyAsync(
            """
            using LambdaKit;

            public sealed class Settings : System.Attribute
            {
                public int MemorySize { get; set; }
            }

            public static class Functions
            {
                private const int Megabytes = 64;

                [LambdaFunction({|LK3001:MemorySize = Megabytes * 2 - 1|})] public static void Computed() { }
                [Settings(MemorySize = 1)] public static void NotAFunction() { }
            }
            """,
            WithRuntime);
    }

    [Fact]
    public async Task Without_LambdaKit_Runtime_nothing_is_checked()
    {
        await Verify.VerifyAsync(
            """
            namespace LambdaKit
            {
                public sealed class Unrelated : System.Attribute
                {
                    public int MemorySize { get; set; }
                }
            }

            public static class Functions
            {
                [LambdaKit.Unrelated(MemorySize = 1)] public static void Handle() { }
            }
            """);
    }

    [Fact]
    public async Task LK3011_MaxConcurrency_outside_1_to_1600_on_functions_and_defaults()
    {
        await Verify.VerifyAsync(
            """
            using LambdaKit;

            [assembly: LambdaFunctionDefaults({|#0:MaxConcurrency = 1601|})]

            public static class Functions
            {
                [LambdaFunction(MaxConcurrency = 1)] public static void One() { }
                [LambdaFunction(MaxConcurrency = 1600)] public static void Most() { }
                [LambdaFunction(MaxConcurrency = 0)] public static void Unset() { }
                [LambdaFunction({|#1:MaxConcurrency = -4|})] public static void Negative() { }
            }
            """,
            WithRuntime,
            Verify.Diagnostic("LK3011").WithLocation(0).WithMessage("MaxConcurrency = 1601 is outside Lambda's range of 1 to 1,600 invocations per execution environment (the default of every function in the assembly)"),
            Verify.Diagnostic("LK3011").WithLocation(1).WithMessage("MaxConcurrency = -4 is outside Lambda's range of 1 to 1,600 invocations per execution environment"));
    }
}
