using System.Text.RegularExpressions;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Generators.Tests.Handlers;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Tests.Docs;

/// <summary>
/// The complete C# files shown in the README, docs/handlers.md and docs/runtime.md (code blocks that start with a using directive)
/// compile as a user's project does: with the SDK's implicit usings, LambdaKit.Runtime (and the Amazon.Lambda.Core
/// stand-in when the block uses it) and the generator, with no warning or error.
/// </summary>
public sealed partial class DocsSampleTests
{
    // What `<ImplicitUsings>enable</ImplicitUsings>` gives a console or library project.
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static TheoryData<string, int> Samples()
    {
        var data = new TheoryData<string, int>();
        foreach (var document in new[] { "README.md", Path.Combine("docs", "handlers.md"), Path.Combine("docs", "runtime.md") })
        {
            var blocks = CompleteFiles(document);
            for (var i = 0; i < blocks.Count; i++)
            {
                data.Add(document, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_compiles_with_the_generator(string document, int index)
    {
        var source = CompleteFiles(document)[index];
        var builder = HandlerTestHost.Builder(source, OutputKind.DynamicallyLinkedLibrary, amazon: source.Contains("Amazon.Lambda.Core", StringComparison.Ordinal))
            .WithSource(ImplicitUsings, "GlobalUsings.g.cs");

        // Throws with the diagnostics when the generated output has a warning or an error.
        var result = HandlerTestHost.Run(builder);

        // Samples of the runtime's own API (docs/runtime.md) have no [LambdaFunction] and nothing to generate.
        Assert.Equal(source.Contains("[LambdaFunction", StringComparison.Ordinal), result.Sources.Count > 0);
    }

    [Fact]
    public void The_README_and_the_handler_guide_show_complete_files()
    {
        Assert.NotEmpty(CompleteFiles("README.md"));
        Assert.True(CompleteFiles(Path.Combine("docs", "handlers.md")).Count >= 2);
    }

    private static List<string> CompleteFiles(string document)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, document));
        return CSharpBlock().Matches(text).Select(m => m.Groups["code"].Value).Where(code => code.StartsWith("using ", StringComparison.Ordinal)).ToList();
    }

    [GeneratedRegex(@"^```csharp\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
