using System.Runtime.CompilerServices;
using LambdaKit.Runtime;
using LambdaKit.Testing;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>
/// The generated module initializer: loading a function assembly registers its handlers, with the settings of their
/// attributes and their JSON metadata, in <see cref="LambdaFunctionRegistry"/> (what LambdaKit.Testing's LambdaTest reads).
/// </summary>
public sealed class RegistryTests
{
    private const string Functions = HandlerTestHost.Usings + """
        [assembly: LambdaFunctionDefaults(MemorySize = 512, Timeout = 30)]

        namespace Registry
        {
            public sealed record Question(string Text);
            public sealed record Answer(string Text, int Length);

            public sealed class Oracle
            {
                [LambdaFunction(Name = "ask", MemorySize = 2048)]
                public Answer Ask(Question question) => new(question.Text.ToUpperInvariant(), question.Text.Length);

                [LambdaFunction(Timeout = 5)]
                public static void Forget(Stream input) { }
            }
        }
        """;

    [Fact]
    public async Task Loading_the_assembly_registers_each_handler_with_its_settings_and_metadata()
    {
        var assembly = HandlerTestHost.Load(HandlerTestHost.Run(HandlerTestHost.Builder(Functions)).Output);
        var oracle = assembly.GetType("Registry.Oracle", throwOnError: true)!;

        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        var registered = LambdaFunctionRegistry.Functions.Where(function => function.HandlerType == oracle).OrderBy(function => function.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(["Forget", "ask"], registered.Select(function => function.Name));
        var (forget, ask) = (registered[0], registered[1]);
        Assert.Equal("Functions::Registry.Oracle::Ask", ask.HandlerString);
        Assert.Equal((2048, 30), (ask.MemorySizeMb, ask.TimeoutSeconds));
        Assert.Equal((512, 5), (forget.MemorySizeMb, forget.TimeoutSeconds));
        Assert.Equal(assembly.GetType("Registry.Question"), ask.InputTypeInfo?.Type);
        Assert.Equal(assembly.GetType("Registry.Answer"), ask.OutputTypeInfo?.Type);
        Assert.Null(forget.InputTypeInfo);
        Assert.Null(forget.OutputTypeInfo);

        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var host = InProcessLambda.Start(emulator, ask.CreateHandler());
        var result = await emulator.InvokeAsync("""{"Text":"why"}""").WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("""{"Text":"WHY","Length":3}""", result.PayloadAsString);
    }

    [Fact]
    public void The_descriptor_is_written_the_same_whatever_the_build_machines_culture()
    {
        var culture = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NegativeSign = "\u2212";
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = culture;
        try
        {
            // The premise: in this culture a plain interpolation would write U+2212, which is not C#.
            Assert.Equal("\u22121", (-1).ToString(System.Globalization.CultureInfo.CurrentCulture));
            var result = HandlerTestHost.Run(HandlerTestHost.Builder(HandlerTestHost.Usings + """
                public static class Odd
                {
                    [LambdaFunction(MemorySize = -1)]
                    public static void Run() { }
                }
                """));

            Assert.Contains("typeof(global::Odd), -1, 0, Create0,", result.Sources["LambdaFunctions.Registry.g.cs"], StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Without_settings_or_JSON_the_descriptor_says_unset()
    {
        var result = HandlerTestHost.Run(HandlerTestHost.Builder(HandlerTestHost.Usings + """
            public static class Plain
            {
                [LambdaFunction]
                public static void Run() { }
            }
            """));

        Assert.Contains("new global::LambdaKit.Runtime.LambdaFunctionDescriptor(\"Run\", \"Functions::Plain::Run\", typeof(global::Plain), 0, 0, Create0, null, null),", result.Sources["LambdaFunctions.Registry.g.cs"], StringComparison.Ordinal);
        Assert.Contains("[global::System.Runtime.CompilerServices.ModuleInitializer]", result.Sources["LambdaFunctions.Registry.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Execution_model_settings_come_from_the_function_or_the_assembly_defaults()
    {
        var assembly = HandlerTestHost.Load(HandlerTestHost.Run(HandlerTestHost.Builder(HandlerTestHost.Usings + """
            [assembly: LambdaFunctionDefaults(MaxConcurrency = 8, TenantIsolation = true)]

            namespace Models
            {
                public static class Settings
                {
                    [LambdaFunction(Name = "defaults")]
                    public static void Defaults(Stream input) { }

                    [LambdaFunction(Name = "own", MaxConcurrency = 2)]
                    public static void Own(Stream input) { }
                }

                public static class Restored
                {
                    [LambdaFunction(Name = "restored", SnapStart = true)]
                    public static void Run(Stream input) { }
                }
            }
            """)).Output);
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        var registered = LambdaFunctionRegistry.Functions
            .Where(function => function.HandlerType.Assembly == assembly)
            .ToDictionary(function => function.Name, function => (function.MaxConcurrency, function.SnapStart, function.TenantIsolation));

        Assert.Equal((8, false, true), registered["defaults"]);
        Assert.Equal((2, false, true), registered["own"]);
        Assert.Equal((8, true, true), registered["restored"]);
    }
}
