using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.AnalyzerVerifier<LambdaKit.Analyzers.HandlerAnalyzer>;

namespace LambdaKit.Analyzers.Tests;

/// <summary>Issue 9, compiler side: LK1009 and LK1010 on unresolved types, and LK1009's length on deep types.</summary>
public class SerializationRegressionTests
{
    private static void WithRuntime(CompilationBuilder builder) => builder.WithLambdaKitRuntime();

    [Fact]
    public async Task Unresolved_types_are_left_to_the_compilers_CS0246()
    {
        await Verify.VerifyAsync(
            """
            using LambdaKit;

            public sealed class Holder
            {
                public {|CS0246:Missing|}? Value { get; set; }
            }

            public static class Functions
            {
                [LambdaFunction] public static {|CS0246:Missing|} Direct(string input) => null!;
                [LambdaFunction] public static Holder Deep(string input) => new();
                [LambdaFunction] public static string[] Fine(string input) => [input];
                [LambdaFunction] public static void Token(string input, {|CS0246:CancelToken|} token) { }
            }
            """,
            WithRuntime);
    }

    [Fact]
    public async Task LK1010_is_not_reported_and_so_not_fixed_for_an_unresolved_type()
    {
        await Verify.VerifyAsync(
            """
            using System.Text.Json.Serialization;
            using LambdaKit;

            [assembly: LambdaSerializerContext(typeof(AppJson))]

            public sealed record Reply(string Text);

            [JsonSerializable(typeof(string))]
            internal sealed partial class AppJson : JsonSerializerContext
            {
                public AppJson() : base(null) { }
                protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
                public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(System.Type type) => null;
            }

            public static class Functions
            {
                [LambdaFunction] public static string Answer({|CS0246:Missing|} request) => "";
                [LambdaFunction] public static Reply {|LK1010:Known|}(string request) => new(request);
            }
            """,
            WithRuntime);
    }

    [Fact]
    public async Task LK1009_for_a_deep_type_stays_under_300_characters()
    {
        // Forty levels of nesting, each named at length, ending in object: every level is unsupported.
        var levels = string.Join("\n", Enumerable.Range(0, 40).Select(i =>
            $"public sealed class LevelWithAVeryLongDescriptiveName{i} {{ public LevelWithAVeryLongDescriptiveName{i + 1}? NextLevelWithALongName {{ get; set; }} }}"));
        var source = $$"""
            using LambdaKit;

            {{levels}}
            public sealed class LevelWithAVeryLongDescriptiveName40 { public object? Anything { get; set; } }

            public static class Functions
            {
                [LambdaFunction] public static LevelWithAVeryLongDescriptiveName0 {|#0:Deep|}(string input) => new();
            }
            """;

        // The handler type's own reason, the root cause (object), and a count; over 1,500 characters before.
        const string Expected = "Handler 'Deep' cannot use 'LevelWithAVeryLongDescriptiveName0': 'LevelWithAVeryLongDescriptiveName0' the member 'NextLevelWithALongName' has the unsupported type...; 'object' is object, whose values need run-time type metadata (polymorphism); use a concrete type,...; and 40 more type(s)";
        Assert.True(Expected.Length < 300);
        await Verify.VerifyAsync(source, WithRuntime, Verify.Diagnostic("LK1009").WithLocation(0).WithMessage(Expected));
    }
}
