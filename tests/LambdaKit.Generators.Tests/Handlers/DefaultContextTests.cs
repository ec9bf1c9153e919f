using LambdaKit.Testing;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>Without a user-named context, the handlers read and write JSON through the generated <c>LambdaJsonContext</c>.</summary>
public sealed class DefaultContextTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    private const string Greeter = HandlerTestHost.Usings + """
        using System.Collections.Generic;

        namespace Hello;

        public sealed record Greeting(string FirstName, int Times);

        public sealed class Reply
        {
            public string? Text { get; set; }
            public List<string> Words { get; set; } = new();
            public string? Missing { get; set; }
        }

        public sealed class Greeter
        {
            [LambdaFunction]
            public Task<Reply> Greet(Greeting greeting)
            {
                var words = new List<string>();
                for (var i = 0; i < greeting.Times; i++) words.Add(greeting.FirstName);
                return Task.FromResult(new Reply { Text = "Hello, " + greeting.FirstName, Words = words });
            }

            [LambdaFunction]
            public static object Untyped(Greeting greeting) => greeting;
        }
        """;

    [Theory]
    [InlineData("", """{"firstname":"Ada","TIMES":2}""", """{"Text":"Hello, Ada","Words":["Ada","Ada"]}""")]
    [InlineData("[assembly: LambdaJsonOptions(PropertyNaming = LambdaPropertyNaming.CamelCase)]", """{"firstName":"Ada","times":2}""", """{"text":"Hello, Ada","words":["Ada","Ada"]}""")]
    public async Task JSON_handlers_use_the_generated_context_with_the_chosen_naming(string options, string request, string expected)
    {
        var result = HandlerTestHost.Run(HandlerTestHost.Builder(Greeter.Replace("namespace Hello;", options + "\nnamespace Hello;", StringComparison.Ordinal)));
        Assert.Contains("LambdaJsonContext.g.cs", result.Sources.Keys);
        var assembly = HandlerTestHost.Load(result.Output);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(assembly), new InProcessLambdaOptions { Handler = "Greet" });

        var reply = await emulator.InvokeAsync(request).WaitAsync(TestTimeout);

        Assert.True(reply.IsSuccess, reply.PayloadAsString);
        Assert.Equal(expected, reply.PayloadAsString);
    }

    [Fact]
    public void A_handler_whose_type_the_metadata_cannot_describe_is_left_out()
    {
        var result = HandlerTestHost.Run(HandlerTestHost.Builder(Greeter));

        var registration = result.Sources["LambdaFunctions.g.cs"];
        Assert.Contains("new string[] { \"Greet\" }", registration, StringComparison.Ordinal);
        Assert.DoesNotContain("Untyped", result.Sources["LambdaJsonContext.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_snapshot_in_default_mode()
    {
        var result = HandlerTestHost.Run(HandlerTestHost.Builder(Greeter, OutputKind.ConsoleApplication));

        SnapshotTests.AssertSnapshots(nameof(Registration_snapshot_in_default_mode), result, ["LambdaFunctions.Registry.g.cs", "LambdaFunctions.g.cs", "LambdaProgram.g.cs"], ["LambdaJsonContext.g.cs"]);
    }
}
