using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Generators.Handlers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>
/// Which methods are handlers: those whose attribute binds to <c>LambdaKit.LambdaFunctionAttribute</c>, however it is
/// named, and again after edits that change what a name binds to.
/// </summary>
public sealed class HandlerDiscoveryTests
{
    private const string OtherAttribute = "namespace Other { public sealed class LambdaFunctionAttribute : System.Attribute { } }";

    private const string AlwaysAHandler = "namespace App { public static class Real { [LambdaKit.LambdaFunction] public static void Always() { } } }";

    public static TheoryData<string, string, string> Namings() => new()
    {
        { "a using alias", "using LF = LambdaKit.LambdaFunctionAttribute;", "[LF]" },
        { "a global using alias in another file", "", "[Handler]" },
        { "a global using of the namespace in another file", "", "[LambdaFunction]" },
        { "the qualified name", "", "[global::LambdaKit.LambdaFunction]" },
        { "one attribute list among others", "using System;", "[Obsolete]\n[CLSCompliant(false), LambdaKit.LambdaFunctionAttribute]" },
        { "on the return value (the compiler reports CS0592)", "", "[return: LambdaKit.LambdaFunction]" },
    };

    [Theory]
    [MemberData(nameof(Namings))]
    public void The_attribute_is_found_however_it_is_named(string naming, string usings, string attribute)
    {
        var builder = HandlerTestHost.Builder(usings + "\nnamespace App { public static class Function { " + attribute + " public static void Handle() { } } }")
            .WithSource("global using Handler = LambdaKit.LambdaFunctionAttribute;\nglobal using LambdaKit;");

        Assert.True(naming.Length > 0);
        Assert.Equal(["Handle"], HandlerNames(Run(builder)));
    }

    [Fact]
    public void An_attribute_of_the_same_name_in_another_namespace_is_not_a_handler()
    {
        var builder = HandlerTestHost.Builder("using Other;\nnamespace App { public static class Function { [LambdaFunction] public static void Handle() { } } }")
            .WithSource(OtherAttribute)
            .WithSource(AlwaysAHandler);

        var handlers = Handlers(Run(builder));

        Assert.Equal(1, handlers.Declared);
        Assert.Equal(["Always"], handlers.Handlers.Select(h => h.FunctionName));
    }

    [Fact]
    public void Adding_the_attribute_to_an_attributed_method_makes_it_a_handler_and_removing_it_does_not()
    {
        const string Plain = "namespace App { public static class Jobs { [System.Obsolete] public static void Ping() { } } }";
        var builder = HandlerTestHost.Builder(Plain).WithSource(AlwaysAHandler);
        var compilation = builder.BuildCompilation();
        var (driver, _, first) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new LambdaFunctionGenerator()), compilation);

        var marked = Edit(compilation, Plain.Replace("[System.Obsolete]", "[System.Obsolete, LambdaKit.LambdaFunction]", StringComparison.Ordinal));
        var (markedDriver, _, second) = GeneratorRunner.Run(driver, marked);
        var (_, _, third) = GeneratorRunner.Run(markedDriver, Edit(marked, Plain));

        Assert.Equal(["Always"], HandlerNames(first));
        Assert.Equal(["Always", "Ping"], HandlerNames(second));
        Assert.Equal(["Always"], HandlerNames(third));
    }

    public static TheoryData<string, string, string, string> Rebindings() => new()
    {
        {
            "the handler file's using",
            "using LambdaKit;\nnamespace App { public static class Function { [LambdaFunction] public static void Handle() { } } }",
            "using Other;\nnamespace App { public static class Function { [LambdaFunction] public static void Handle() { } } }",
            ""
        },
        {
            "a global using in another file",
            "global using LambdaKit;",
            "global using Other;",
            "namespace App { public static class Function { [LambdaFunction] public static void Handle() { } } }"
        },
        {
            "a global using alias in another file",
            "global using Handler = LambdaKit.LambdaFunctionAttribute;",
            "global using Handler = Other.LambdaFunctionAttribute;",
            "namespace App { public static class Function { [Handler] public static void Handle() { } } }"
        },
    };

    /// <summary>
    /// When the using is in another file, the handler's file and so its nodes are unchanged: only the compilation's
    /// changed declarations tell that its attribute binds to another type now.
    /// </summary>
    [Theory]
    [MemberData(nameof(Rebindings))]
    public void A_name_bound_to_another_LambdaFunctionAttribute_switches_the_handler_off_and_on(string edit, string real, string other, string handlerFile)
    {
        var builder = HandlerTestHost.Builder(real).WithSource(handlerFile).WithSource(OtherAttribute).WithSource(AlwaysAHandler);
        var compilation = builder.BuildCompilation();
        var (driver, _, first) = GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new LambdaFunctionGenerator()), compilation);

        var switched = Edit(compilation, other);
        var (switchedDriver, _, second) = GeneratorRunner.Run(driver, switched);
        var (_, _, third) = GeneratorRunner.Run(switchedDriver, Edit(switched, real));

        Assert.True(edit.Length > 0);
        Assert.Equal(["Always", "Handle"], HandlerNames(first));
        Assert.Equal(["Always"], HandlerNames(second));
        Assert.Equal(["Always", "Handle"], HandlerNames(third));
    }

    [Fact]
    public void The_output_lists_handlers_by_name_whatever_the_order_of_files_and_methods()
    {
        const string First = "namespace App { public static class B { [LambdaKit.LambdaFunction] public static void Zulu() { } [LambdaKit.LambdaFunction] public static void Mike() { } } }";
        const string Second = "namespace App { public static class A { [LambdaKit.LambdaFunction] public static void Alpha() { } } }";

        var inOrder = Run(HandlerTestHost.Builder(First).WithSource(Second));
        var swapped = Run(HandlerTestHost.Builder(Second).WithSource(First));

        Assert.Equal(["Alpha", "Mike", "Zulu"], HandlerNames(inOrder));
        Assert.Equal(Registration(inOrder), Registration(swapped));
    }

    private static GeneratorDriverRunResult Run(CompilationBuilder builder) =>
        GeneratorRunner.Run(GeneratorRunner.CreateDriver(builder, new LambdaFunctionGenerator()), builder.BuildCompilation()).Result;

    private static HandlerSet Handlers(GeneratorDriverRunResult result) =>
        (HandlerSet)result.Results.Single().TrackedSteps[TrackingNames.HandlerSet].Single().Outputs.Single().Value;

    private static string[] HandlerNames(GeneratorDriverRunResult result) => [.. Handlers(result).Handlers.Select(h => h.FunctionName)];

    private static string Registration(GeneratorDriverRunResult result) =>
        result.Results.Single().GeneratedSources.Single(s => s.HintName == "LambdaFunctions.g.cs").SourceText.ToString();

    /// <summary>The compilation with its first file (<c>/src/Test0.cs</c>) replaced by <paramref name="text"/>.</summary>
    private static Compilation Edit(Compilation compilation, string text)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/Test0.cs");
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text)));
    }
}
