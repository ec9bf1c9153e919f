using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Generators.Serialization;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Tests.Serialization;

public sealed class SerializerSnapshotTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        namespace Orders;
        public enum Status { Open, Shipped }
        public sealed record Line(string Sku, int Quantity);
        public sealed class Order
        {
            public required string Id { get; init; }
            [JsonPropertyName("lines")] public List<Line> Lines { get; set; } = new();
            public Status Status { get; set; }
            public decimal? Total { get; set; }
        }
        """;

    [Fact]
    public void The_emitted_context_for_a_small_graph_matches_the_reviewed_snapshot()
    {
        var compilation = new CompilationBuilder().WithSource(Source).BuildCompilation();
        var model = SerializerModelBuilder.Build(compilation, [compilation.GetTypeByMetadataName("Orders.Order")!], JsonNamingPolicyKind.CamelCase, CancellationToken.None);
        var actual = SerializerHarness.Emit(model);
        var path = RepositoryPaths.Combine("tests", "LambdaKit.Generators.Tests", "Serialization", "Snapshots", "OrderContext.cs.txt");
        if (Environment.GetEnvironmentVariable("LAMBDAKIT_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.Equal(File.ReadAllText(path), actual);
    }
}
