using LambdaKit.Analyzers.ExecutionModels;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.CodeFixes;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.CodeFixVerifier<LambdaKit.Analyzers.ExecutionModels.ConcurrentHandlerAnalyzer, LambdaKit.CodeFixes.TraceIdFromContextCodeFix>;

namespace LambdaKit.Analyzers.Tests.ExecutionModels;

public class TraceIdFromContextCodeFixTests
{
    private const string Usings = """
        using System;
        using LambdaKit;
        using LambdaKit.Runtime;

        """;

    [Fact]
    public async Task LK6004_the_environment_read_becomes_the_contexts_trace_id()
    {
        await Verify.VerifyAsync(
            Usings + """
            public static class Functions
            {
                [LambdaFunction(MaxConcurrency = 4)]
                public static string Handle(string input, ILambdaContext lambda) =>
                    input + {|LK6004:Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID")|};
            }
            """,
            Usings + """
            public static class Functions
            {
                [LambdaFunction(MaxConcurrency = 4)]
                public static string Handle(string input, ILambdaContext lambda) =>
                    input + lambda.TraceId;
            }
            """,
            b => b.WithLambdaKitRuntime());
    }

    [Fact]
    public async Task Without_a_context_parameter_no_fix_is_offered()
    {
        const string Code = Usings + """
            public static class Functions
            {
                [LambdaFunction(MaxConcurrency = 4)]
                public static string Handle(string input) =>
                    input + {|LK6004:Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID")|};
            }
            """;
        await Verify.VerifyAsync(Code, Code, b => b.WithLambdaKitRuntime());
    }

    [Fact]
    public void The_fix_reads_the_property_the_analyzer_sets() =>
        Assert.Equal(ConcurrentHandlerChecks.TraceIdContextProperty, TraceIdFromContextCodeFix.ContextProperty);
}
