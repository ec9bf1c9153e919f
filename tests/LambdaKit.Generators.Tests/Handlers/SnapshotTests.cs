using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Microsoft.CodeAnalysis;
using Xunit.Sdk;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>
/// The emitted files against reviewed snapshots in <c>Handlers/Snapshots</c>. After a deliberate change, rerun with
/// <c>LAMBDAKIT_UPDATE_SNAPSHOTS=1</c> and review the diff like any other code.
/// </summary>
public sealed class SnapshotTests
{
    [Fact]
    public void Every_shape_with_a_user_context_and_a_generated_Main()
    {
        var result = HandlerTestHost.Run(
            HandlerTestHost.Builder(
                HandlerTestHost.Usings + """
                using System.Text.Json.Serialization;

                [assembly: LambdaSerializerContext(typeof(Shapes.Json))]

                namespace Shapes
                {
                    public sealed record Request(string Name);
                    public sealed record Reply(string Text);

                    [JsonSerializable(typeof(Request))]
                    [JsonSerializable(typeof(Reply))]
                    internal sealed partial class Json : JsonSerializerContext;

                    public sealed class Handlers
                    {
                        [LambdaFunction(Name = "greet", MemorySize = 256, Timeout = 10)]
                        public Task<Reply> Greet(Request request, ILambdaContext context, CancellationToken cancellationToken) => Task.FromResult(new Reply(request.Name));

                        [LambdaFunction]
                        public static Reply Sync(Request request) => new(request.Name);

                        [LambdaFunction]
                        public static ValueTask Fire(CancellationToken cancellationToken, Request request) => default;

                        [LambdaFunction]
                        public static void Nothing() { }

                        [LambdaFunction]
                        public static Task<Stream> Raw(Stream input) => Task.FromResult(input);

                        public static class Nested
                        {
                            [LambdaFunction]
                            public static ValueTask<Reply> Inner(ILambdaContext context) => new(new Reply(context.AwsRequestId));
                        }
                    }
                }
                """,
                OutputKind.ConsoleApplication),
            withJsonGenerator: true);

        AssertSnapshots(nameof(Every_shape_with_a_user_context_and_a_generated_Main), result, ["LambdaFunctions.Registry.g.cs", "LambdaFunctions.g.cs", "LambdaProgram.g.cs"]);
    }

    [Fact]
    public void Amazon_Lambda_Core_context_adapter()
    {
        var result = HandlerTestHost.Run(
            HandlerTestHost.Builder(
                """
                namespace Legacy;

                public static class Function
                {
                    [LambdaKit.LambdaFunction]
                    public static void Handle(System.IO.Stream input, Amazon.Lambda.Core.ILambdaContext context) { }
                }
                """,
                amazon: true));

        AssertSnapshots(nameof(Amazon_Lambda_Core_context_adapter), result, ["AmazonLambdaContext.g.cs", "LambdaFunctions.g.cs"], ["LambdaFunctions.Registry.g.cs"]);
    }

    /// <summary>
    /// Compares <paramref name="hintNames"/> to their snapshots; <paramref name="otherFiles"/> must be emitted too, but
    /// their content is another component's (the serializer context has its own tests).
    /// </summary>
    internal static void AssertSnapshots(string scenario, GeneratorResult result, string[] hintNames, string[]? otherFiles = null)
    {
        Assert.Equal(hintNames.Concat(otherFiles ?? []).Order(StringComparer.Ordinal), result.Sources.Keys.Order(StringComparer.Ordinal));
        var update = Environment.GetEnvironmentVariable("LAMBDAKIT_UPDATE_SNAPSHOTS") == "1";
        foreach (var hintName in hintNames)
        {
            var path = RepositoryPaths.Combine("tests", "LambdaKit.Generators.Tests", "Handlers", "Snapshots", scenario + "." + hintName + ".txt");
            var actual = result.Sources[hintName];
            if (update)
            {
                File.WriteAllText(path, actual);
                continue;
            }

            if (!File.Exists(path))
            {
                throw new XunitException($"No snapshot {path}; run with LAMBDAKIT_UPDATE_SNAPSHOTS=1 and review it.\n{actual}");
            }

            Assert.Equal(File.ReadAllText(path), actual);
        }
    }
}
