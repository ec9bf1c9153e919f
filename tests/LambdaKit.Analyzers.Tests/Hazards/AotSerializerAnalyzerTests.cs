using LambdaKit.Analyzers.Hazards;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.AnalyzerVerifier<LambdaKit.Analyzers.Hazards.AotSerializerAnalyzer>;

namespace LambdaKit.Analyzers.Tests.Hazards;

public class AotSerializerAnalyzerTests
{
    /// <summary>Amazon.Lambda.Core's attribute and the serializers, by their real names (the packages are not on the feed).</summary>
    private const string AmazonStandIns = """

        namespace Amazon.Lambda.Core
        {
            [System.AttributeUsage(System.AttributeTargets.Assembly | System.AttributeTargets.Method)]
            public sealed class LambdaSerializerAttribute(System.Type serializerType) : System.Attribute
            {
                public System.Type SerializerType { get; } = serializerType;
            }
        }

        namespace Amazon.Lambda.Serialization.SystemTextJson
        {
            public class DefaultLambdaJsonSerializer;
            public class CamelCaseLambdaJsonSerializer : DefaultLambdaJsonSerializer;
            public class SourceGeneratorLambdaJsonSerializer<TContext>;
        }
        """;

    private static Action<CompilationBuilder> Aot(string value) =>
        builder => builder.WithLambdaKitRuntime().WithGlobalOption(AotSerializerAnalyzer.PublishAotOption, value);

    [Fact]
    public async Task LK2006_the_assembly_attribute_of_a_project_served_by_Amazons_runtime_and_serializers_created_in_code()
    {
        await Verify.VerifyAsync(
            """
            using Amazon.Lambda.Core;
            using Amazon.Lambda.Serialization.SystemTextJson;

            [assembly: {|#0:LambdaSerializer(typeof(DefaultLambdaJsonSerializer))|}]

            public static class Program
            {
                public static object Serializer() => {|LK2006:new CamelCaseLambdaJsonSerializer()|};

                [{|LK2006:LambdaSerializer(typeof(CamelCaseLambdaJsonSerializer))|}]
                public static string Handle(string input) => input;

                [LambdaSerializer(typeof(SourceGeneratorLambdaJsonSerializer<object>))]
                public static string Generated(string input) => input;
            }
            """ + AmazonStandIns,
            Aot("true"),
            Verify.Diagnostic("LK2006").WithLocation(0).WithMessage("'DefaultLambdaJsonSerializer' is a reflection-based serializer and the project publishes with Native AOT, where reflection-based serialization is disabled: the function fails on its first event; use SourceGeneratorLambdaJsonSerializer<TContext> with a JsonSerializerContext, or [LambdaFunction] handlers (LambdaKit generates their metadata)"));
    }

    [Fact]
    public async Task LambdaKit_handlers_get_generated_metadata_whatever_the_attribute_says()
    {
        await Verify.VerifyAsync(
            """
            using Amazon.Lambda.Core;
            using Amazon.Lambda.Serialization.SystemTextJson;

            [assembly: LambdaSerializer(typeof(DefaultLambdaJsonSerializer))]

            public static class Functions
            {
                [LambdaKit.LambdaFunction, LambdaSerializer(typeof(DefaultLambdaJsonSerializer))]
                public static string Handle(string input) => input;
            }
            """ + AmazonStandIns,
            Aot("True"));
    }

    [Fact]
    public async Task Nothing_is_reported_without_Native_AOT()
    {
        foreach (var value in new[] { "false", "" })
        {
            await Verify.VerifyAsync(
                """
                [assembly: Amazon.Lambda.Core.LambdaSerializer(typeof(Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer))]
                public static class Program
                {
                    public static object Serializer() => new Amazon.Lambda.Serialization.SystemTextJson.DefaultLambdaJsonSerializer();
                }
                """ + AmazonStandIns,
                Aot(value));
        }
    }

    [Fact]
    public async Task LK2008_low_memory_for_a_JIT_compiled_function_only_when_the_build_says_so()
    {
        const string Source = """
            using LambdaKit;

            [assembly: LambdaFunctionDefaults({|#0:MemorySize = 256|})]

            public static class Functions
            {
                [LambdaFunction({|LK2008:MemorySize = 128|})] public static void Small() { }
                [LambdaFunction(Name = "enough", MemorySize = 512)] public static void Enough() { }
                [LambdaFunction(Name = "unset")] public static void Unset() { }
            }
            """;
        await AnalyzerVerifier<ManagedMemoryAnalyzer>.VerifyAsync(
            Source,
            Aot(string.Empty),
            AnalyzerVerifier<ManagedMemoryAnalyzer>.Diagnostic("LK2008").WithLocation(0).WithMessage("MemorySize = 256 for a function that runs JIT-compiled (PublishAot is not true): below 512 MB Lambda gives it a small fraction of a vCPU, and compiling code dominates its first invocations; configure 512 MB or more, or publish with Native AOT"));

        var silent = Source.Replace("{|#0:", string.Empty, StringComparison.Ordinal).Replace("{|LK2008:", string.Empty, StringComparison.Ordinal).Replace("|}", string.Empty, StringComparison.Ordinal);
        await AnalyzerVerifier<ManagedMemoryAnalyzer>.VerifyAsync(silent, Aot("true"));
        await AnalyzerVerifier<ManagedMemoryAnalyzer>.VerifyAsync(silent, builder => builder.WithLambdaKitRuntime());
    }
}
