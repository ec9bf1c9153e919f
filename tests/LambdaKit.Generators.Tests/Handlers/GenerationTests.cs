using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>What the generator emits, and what it leaves out, depending on the project and the handlers.</summary>
public sealed class GenerationTests
{
    private const string OneHandler = HandlerTestHost.Usings + """
        namespace App;

        public static class Function
        {
            [LambdaFunction]
            public static void Handle() { }
        }
        """;

    [Fact]
    public void A_project_without_LambdaFunction_methods_gets_nothing()
    {
        var result = HandlerTestHost.Run(HandlerTestHost.Builder("namespace App; public static class Nothing { }", OutputKind.ConsoleApplication)
            .WithSource("public static class Program { public static void Main() { } }"));

        Assert.Empty(result.Sources);
    }

    [Fact]
    public void The_function_list_is_compiled_into_constants_the_packaging_task_reads()
    {
        var result = HandlerTestHost.Run(HandlerTestHost.Builder(HandlerTestHost.Usings + """
            namespace App;

            public static class Function
            {
                [LambdaFunction(Name = "z-last")]
                public static void Handle() { }

                [LambdaFunction]
                public static void Other() { }
            }
            """), assemblyName: "Shop");
        var type = HandlerTestHost.Load(result.Output).GetType("LambdaKit.Generated.LambdaFunctions", throwOnError: true)!;

        var constants = type.GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["FunctionVariable"] = "LAMBDAKIT_FUNCTION",
                ["FunctionName0"] = "Other",
                ["HandlerString0"] = "Shop::App.Function::Other",
                ["FunctionName1"] = "z-last",
                ["HandlerString1"] = "Shop::App.Function::Handle",
            },
            constants);
    }

    [Theory]
    [InlineData("namespace LambdaKit.Generated { public class LambdaFunctions { } }")]
    [InlineData("namespace LambdaKit.Generated { internal static partial class LambdaFunctions { public static void RunAsync() { } } }")]
    [InlineData("namespace LambdaKit.Generated { public struct LambdaJsonContext { } }")]
    [InlineData("namespace LambdaKit.Generated { public enum LambdaProgram { } }")]
    [InlineData("namespace LambdaKit.Generated { public interface AmazonLambdaContext { } }")]
    public void A_user_type_with_a_generated_types_name_gets_nothing_and_still_compiles(string userType)
    {
        var source = HandlerTestHost.Usings + """
            public sealed record Order(string Id);

            public static class Function
            {
                [LambdaFunction]
                public static Order Handle(Order order) => order;
            }

            public static class Program
            {
                public static void Main() { }
            }
            """;

        foreach (var outputKind in new[] { OutputKind.DynamicallyLinkedLibrary, OutputKind.ConsoleApplication })
        {
            var result = HandlerTestHost.Run(HandlerTestHost.Builder(source, outputKind).WithSource(userType));

            Assert.Empty(result.Sources);
        }
    }

    [Theory]
    [InlineData(OutputKind.DynamicallyLinkedLibrary, null, false)]
    [InlineData(OutputKind.ConsoleApplication, null, true)]
    [InlineData(OutputKind.ConsoleApplication, "true", true)]
    [InlineData(OutputKind.ConsoleApplication, "false", false)]
    public void Main_is_emitted_for_an_executable_unless_LambdaGenerateMain_is_false(OutputKind outputKind, string? generateMain, bool expected)
    {
        var builder = HandlerTestHost.Builder(OneHandler, outputKind);
        if (generateMain is not null)
        {
            builder.WithGlobalOption(EntryPoints.GenerateMainOption, generateMain);
        }

        if (outputKind == OutputKind.ConsoleApplication && !expected)
        {
            builder.WithSource("public static class Program { public static System.Threading.Tasks.Task<int> Main() => LambdaKit.Generated.LambdaFunctions.RunAsync(); }");
        }

        var result = HandlerTestHost.Run(builder);

        Assert.Contains("LambdaFunctions.g.cs", result.Sources.Keys);
        Assert.Equal(expected, result.Sources.ContainsKey("LambdaProgram.g.cs"));
    }

    [Theory]
    [InlineData("public static class Program { public static int Main(string[] args) => LambdaKit.Generated.LambdaFunctions.RunAsync().GetAwaiter().GetResult(); }")]
    [InlineData("return await LambdaKit.Generated.LambdaFunctions.RunAsync();")]
    public void A_user_entry_point_gets_no_generated_Main_and_calls_the_registration(string entryPoint)
    {
        var result = HandlerTestHost.Run(HandlerTestHost.Builder(OneHandler, OutputKind.ConsoleApplication).WithSource(entryPoint));

        Assert.Equal(["LambdaFunctions.Registry.g.cs", "LambdaFunctions.g.cs"], result.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Program", result.Output.GetEntryPoint(CancellationToken.None)!.ContainingType.Name);
    }

    [Fact]
    public void Invalid_and_duplicate_handlers_are_skipped_silently_and_the_registration_still_compiles()
    {
        var result = HandlerTestHost.Run(HandlerTestHost.Builder(
            HandlerTestHost.Usings + """
            namespace App;

            public static class Function
            {
                [LambdaFunction] public static void Good() { }
                [LambdaFunction] private static void Hidden() { }
                [LambdaFunction] public static void Generic<T>() { }
                [LambdaFunction] public static void Refs(ref int value) { }
                [LambdaFunction] public static async void Fire() { await Task.Yield(); }
                [LambdaFunction] public static void Many(string a, string b) { }
                [LambdaFunction] public static void Over() { }
                public static void Over(int value) { }
                [LambdaFunction(Name = "same")] public static void One() { }
                [LambdaFunction(Name = "same")] public static void Two() { }
            }

            public abstract class Base
            {
                [LambdaFunction] public void Instance() { }
            }
            """));

        var registration = result.Sources["LambdaFunctions.g.cs"];
        Assert.Contains("new string[] { \"Good\" }", registration, StringComparison.Ordinal);
    }

    [Fact]
    public void Handler_strings_use_the_assembly_name_and_plus_for_nested_types()
    {
        var result = HandlerTestHost.Run(
            HandlerTestHost.Builder(HandlerTestHost.Usings + """
                public static class Outer
                {
                    public static class Inner
                    {
                        [LambdaFunction] public static void Handle() { }
                    }
                }
                """),
            assemblyName: "My.Functions");

        Assert.Contains("\"My.Functions::Outer+Inner::Handle\"", result.Sources["LambdaFunctions.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void User_context_property_names_follow_System_Text_Json()
    {
        var compilation = HandlerTestHost.Builder(HandlerTestHost.Usings + """
            using System.Collections.Generic;
            public sealed class Item;
            public static class Holder<T> { public sealed class Box; }
            """).BuildCompilation();
        string Name(string typeExpression)
        {
            var tree = CSharpSyntaxTree.ParseText("class __P { " + typeExpression + " __f; }");
            var withField = compilation.AddSyntaxTrees(tree);
            var field = (Microsoft.CodeAnalysis.IFieldSymbol)withField.GetTypeByMetadataName("__P")!.GetMembers("__f").Single();
            return SerializerContextLookup.DefaultPropertyName(field.Type);
        }

        Assert.Equal("Item", Name("Item"));
        Assert.Equal("ListItem", Name("System.Collections.Generic.List<Item>"));
        Assert.Equal("DictionaryStringInt32", Name("System.Collections.Generic.Dictionary<string, int>"));
        Assert.Equal("ItemArray", Name("Item[]"));
        Assert.Equal("Int32Array2D", Name("int[,]"));
        Assert.Equal("NullableInt32", Name("int?"));
        Assert.Equal("BoxString", Name("Holder<string>.Box"));
    }
}
