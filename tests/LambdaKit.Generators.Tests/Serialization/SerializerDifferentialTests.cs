using LambdaKit.Generators.Serialization;

namespace LambdaKit.Generators.Tests.Serialization;

public sealed class SerializerDifferentialTests
{
    private const int DocumentsPerType = 150;

    public static TheoryData<string, bool> RootsAndNaming()
    {
        var data = new TheoryData<string, bool>();
        foreach (var root in Shapes.Roots)
        {
            data.Add(root, false);
            data.Add(root, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RootsAndNaming))]
    public void Random_documents_read_and_write_exactly_as_with_the_reflection_serializer(string root, bool camelCase)
    {
        using var harness = SerializerHarness.Create([Shapes.Source], Shapes.Roots, camelCase ? JsonNamingPolicyKind.CamelCase : JsonNamingPolicyKind.AsDeclared);
        Assert.Empty(harness.Model.Unsupported);
        var type = harness.Type(root);
        var random = new RandomJson(harness.Reflection, seed: root.GetHashCode(StringComparison.Ordinal) ^ 20261125);
        var read = 0;
        for (var i = 0; i < DocumentsPerType; i++)
        {
            read += Differential.AssertSame(harness, type, random.Document(type)) ? 1 : 0;
        }

        // Refusals must match too, but most documents are valid: the comparison is of values, not only of errors.
        Assert.True(read > DocumentsPerType / 2, $"Only {read} of {DocumentsPerType} documents were readable.");
    }

    [Theory]
    [InlineData("Shapes.Requirements", """{"Count":1,"Tag":null}""")]
    [InlineData("Shapes.Requirements", """{"name":"n","count":2,"tag":"t"}""")]
    [InlineData("Shapes.Requirements", """{"Name":"n","Count":2,"Tag":"t","Optional":"given"}""")]
    [InlineData("Shapes.SetsRequired", """{}""")]
    [InlineData("Shapes.Defaults", """{"Name":"only the name"}""")]
    [InlineData("Shapes.Defaults", """{"name":"x","count":1,"note":null,"color":0,"ratio":2.5,"price":3,"maybe":7}""")]
    [InlineData("Shapes.Chooser", """{"which":"w","number":3}""")]
    [InlineData("Shapes.WithConstructor", """{"ID":"id","QUANTITY":9,"extra":"e"}""")]
    [InlineData("Shapes.Annotated", """{"renamed_value":"r","Ignored":"x","PublicField":"12","InternalSetter":"i","PrivateProperty":"p","InternalField":"3","Number":"5","StrictNumber":6,"Shouted":"Hello","NamedColor":"Green","MaybeNamedColor":"Blue","Temperature":"21.5C","MaybeTemperature":null,"ReadOnly":"ignored","WriteOnly":"w"}""")]
    [InlineData("Shapes.Annotated", """{"StrictNumber":"6"}""")]
    [InlineData("Shapes.Annotated", """{"SkippedWhenDefault":0,"AlwaysWritten":null}""")]
    [InlineData("Shapes.Dog", """{"Name":"Rex","Legs":3,"Hidden":5,"GoodBoy":true}""")]
    [InlineData("Shapes.Dog", """{}""")]
    [InlineData("Shapes.MutablePoint", """{"X":1,"Y":-2,"Label":"here"}""")]
    [InlineData("Shapes.Tree", """{"Value":"root","Children":[{"Value":"a","Children":[]},{"Value":"b","ByName":{"c":{"Value":"c"}}}]}""")]
    [InlineData("Shapes.Size", "\"Large\"")]
    [InlineData("Shapes.Size", "1")]
    [InlineData("Shapes.Color", "7")]
    [InlineData("Shapes.Color", "\"Blue\"")]
    [InlineData("Shapes.Collections", """{"Array":[],"Dictionary":{},"Set":["a","a"],"ISet":[1,2,1],"Jagged":[[],[1],null]}""")]
    [InlineData("Shapes.Everything", """{"Wrapper":{"Value":{"Name":"n"},"Items":[null,{"Age":2}]},"IntWrapper":{"Value":3,"Items":[1,2]}}""")]
    [InlineData("Shapes.Everything", """{"Primitives":{"Int32":"not a number"}}""")]
    [InlineData("Shapes.Everything", """{"Point":{"X":1}}""")]
    [InlineData("Shapes.Everything", """[1,2]""")]
    [InlineData("Shapes.Everything", "null")]
    public void Edge_documents_read_and_write_exactly_as_with_the_reflection_serializer(string root, string json)
    {
        using var harness = SerializerHarness.Create([Shapes.Source], Shapes.Roots);
        _ = Differential.AssertSame(harness, harness.Type(root), json);
    }

    [Fact]
    public void Init_only_property_defaults_survive_a_read_that_omits_them()
    {
        using var harness = SerializerHarness.Create([Shapes.Source], Shapes.Roots);
        var type = harness.Type("Shapes.Requirements");
        var value = System.Text.Json.JsonSerializer.Deserialize("""{"Name":"n","Count":1,"Tag":"t"}""", type, harness.Generated);

        Assert.Equal("initial value", type.GetProperty("Optional")!.GetValue(value));
    }
}
