using System.Text.Json;

namespace LambdaKit.Generators.Tests.Serialization;

public sealed class SmokeTests
{
    [Fact]
    public void Simple()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Text.Json.Serialization;
            namespace Shapes;
            public enum Color { Red, Green }
            public sealed class Order
            {
                public string? Id { get; set; }
                [JsonPropertyName("qty")] public int Quantity { get; set; }
                public List<Line> Lines { get; set; } = new();
                public Dictionary<string, int>? Counts { get; set; }
                public Color Color { get; set; }
                public int? Maybe { get; set; }
                public required string Name { get; init; }
            }
            public sealed record Line(string Sku, decimal Price, Line? Next = null);
            """;
        using var harness = SerializerHarness.Create([source], ["Shapes.Order"]);
        Assert.Empty(harness.Model.Unsupported);
        var type = harness.Type("Shapes.Order");
        var json = """{"Id":"a","qty":3,"Lines":[{"Sku":"x","Price":1.5,"Next":{"sku":"y","price":2}}],"Counts":{"a":1},"Color":1,"Maybe":null,"name":"n"}""";
        var g = JsonSerializer.Deserialize(json, type, harness.Generated);
        var r = JsonSerializer.Deserialize(json, type, harness.Reflection);
        Assert.Equal(JsonSerializer.Serialize(r, type, harness.Reflection), JsonSerializer.Serialize(g, type, harness.Generated));
    }
}
