using LambdaKit.Analyzers.Hazards;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.CodeFixVerifier<LambdaKit.Analyzers.Hazards.PerInvocationAnalyzer, LambdaKit.CodeFixes.HoistToStaticFieldCodeFix>;

namespace LambdaKit.Analyzers.Tests.Hazards;

public class HoistToStaticFieldCodeFixTests
{
    [Fact]
    public async Task A_local_becomes_a_static_readonly_field_and_its_uses_name_the_field()
    {
        await Verify.VerifyAsync(
            PerInvocationAnalyzerTests.Usings + """
            public sealed class Orders
            {
                [LambdaFunction]
                public async Task<string> Handle(string id)
                {
                    using var http = {|LK2001:new HttpClient()|};
                    return await http.GetStringAsync("https://example.com/" + id);
                }
            }
            """,
            PerInvocationAnalyzerTests.Usings + """
            public sealed class Orders
            {
                private static readonly HttpClient Http = new HttpClient();

                [LambdaFunction]
                public async Task<string> Handle(string id)
                {
                    return await Http.GetStringAsync("https://example.com/" + id);
                }
            }
            """,
            b => b.WithLambdaKitRuntime());
    }

    [Fact]
    public async Task Fix_all_moves_every_movable_creation_and_leaves_the_others()
    {
        var test = new CodeFixTest<PerInvocationAnalyzer, HoistToStaticFieldCodeFix>(
            PerInvocationAnalyzerTests.Usings + """
            public static class Functions
            {
                [LambdaFunction]
                public static bool Handle(string text)
                {
                    var options = {|LK2001:new JsonSerializerOptions { WriteIndented = true }|};
                    var perCall = {|LK2001:new Regex(text)|};
                    return {|LK2001:new Regex("^[a-z]+$")|}.IsMatch(text) && options.WriteIndented && perCall.IsMatch("a");
                }
            }
            """,
            PerInvocationAnalyzerTests.Usings + """
            public static class Functions
            {
                private static readonly Regex Regex = new Regex("^[a-z]+$");
                private static readonly JsonSerializerOptions Options = new JsonSerializerOptions { WriteIndented = true };

                [LambdaFunction]
                public static bool Handle(string text)
                {
                    var perCall = {|LK2001:new Regex(text)|};
                    return Regex.IsMatch(text) && Options.WriteIndented && perCall.IsMatch("a");
                }
            }
            """,
            new CompilationBuilder().WithLambdaKitRuntime())
        {
            NumberOfFixAllIterations = 1,
        };

        // The creation that uses the parameter stays, still reported, without a fix.
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        await test.RunAsync();
    }

    [Fact]
    public void The_fix_reads_the_property_the_analyzer_sets()
    {
        Assert.Equal(HoistProperties.Hoist, HoistToStaticFieldCodeFix.HoistProperty);
    }
}
