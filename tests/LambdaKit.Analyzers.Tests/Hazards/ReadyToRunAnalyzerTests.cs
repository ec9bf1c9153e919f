using LambdaKit.Analyzers.Hazards;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.AnalyzerVerifier<LambdaKit.Analyzers.Hazards.ReadyToRunAnalyzer>;

namespace LambdaKit.Analyzers.Tests.Hazards;

/// <summary>LK2011: a JIT-compiled function project without ReadyToRun, from the MSBuild properties the build passes.</summary>
public class ReadyToRunAnalyzerTests
{
    private const string Function = """
        public static class Functions
        {
            [LambdaKit.LambdaFunction] public static string Handle(string input) => input;
        }
        """;

    private static Action<CompilationBuilder> Build(string? publishAot, string? readyToRun) => builder =>
    {
        builder.WithLambdaKitRuntime();
        if (publishAot is not null)
        {
            builder.WithGlobalOption(AotSerializerAnalyzer.PublishAotOption, publishAot);
        }

        if (readyToRun is not null)
        {
            builder.WithGlobalOption(ReadyToRunAnalyzer.PublishReadyToRunOption, readyToRun);
        }
    };

    [Theory]
    [InlineData("", "")]
    [InlineData("false", "false")]
    public async Task LK2011_once_for_a_managed_function_project_without_ReadyToRun(string publishAot, string readyToRun)
    {
        await Verify.VerifyAsync(
            Function + "\npublic static class More { [LambdaKit.LambdaFunction(Name = \"more\")] public static int Other(int x) => x; }",
            Build(publishAot, readyToRun),
            Verify.Diagnostic("LK2011").WithMessage("The function runs JIT-compiled (PublishAot is not true) and PublishReadyToRun is not true: every method its init and first invocation run is compiled then, on Lambda's cold path; set <PublishReadyToRun>true</PublishReadyToRun> (LambdaKit's packaging publishes it for the Lambda architecture), or publish with Native AOT"));
    }

    [Theory]
    [InlineData("true", "")]
    [InlineData("", "true")]
    [InlineData("false", "True")]
    [InlineData(null, "")]
    [InlineData("", null)]
    public async Task Nothing_for_Native_AOT_ReadyToRun_or_a_build_that_does_not_say(string? publishAot, string? readyToRun)
    {
        await Verify.VerifyAsync(Function, Build(publishAot, readyToRun));
    }

    [Fact]
    public async Task Nothing_for_a_project_without_handlers()
    {
        await Verify.VerifyAsync("public static class Library { public static int Twice(int x) => 2 * x; }", Build("", ""));
    }
}
