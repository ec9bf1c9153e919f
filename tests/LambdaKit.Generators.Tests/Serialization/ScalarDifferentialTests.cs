using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaKit.Generators.Serialization;

namespace LambdaKit.Generators.Tests.Serialization;

/// <summary>
/// The built-in scalars added after the first shapes (DateOnly, TimeOnly, Half, Int128, UInt128, Version, JsonDocument,
/// JsonValue) as roots, properties, nullable values, constructor parameters, collection elements and dictionary values.
/// </summary>
public sealed class ScalarDifferentialTests
{
    private const int DocumentsPerType = 150;

    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Nodes;
        using System.Text.Json.Serialization;

        namespace Scalars;

        public sealed class Values
        {
            public DateOnly Date { get; set; }
            public TimeOnly Time { get; set; }
            public Half Half { get; set; }
            public Int128 Int128 { get; set; }
            public UInt128 UInt128 { get; set; }
            public Version? Version { get; set; }
            public JsonDocument? Document { get; set; }
            public JsonValue? Value { get; set; }
            public DateOnly? MaybeDate { get; set; }
            public TimeOnly? MaybeTime { get; set; }
            public Half? MaybeHalf { get; set; }
            public Int128? MaybeInt128 { get; set; }
            public UInt128? MaybeUInt128 { get; set; }
        }

        public sealed class Collections
        {
            public List<DateOnly>? Dates { get; set; }
            public TimeOnly?[]? Times { get; set; }
            public IReadOnlyList<Half>? Halves { get; set; }
            public HashSet<Int128>? Int128s { get; set; }
            public IEnumerable<UInt128?>? UInt128s { get; set; }
            public List<Version?>? Versions { get; set; }
            public List<JsonDocument?>? Documents { get; set; }
            public JsonValue?[]? Values { get; set; }
            public Dictionary<string, DateOnly?>? DatesByName { get; set; }
            public IDictionary<string, TimeOnly>? TimesByName { get; set; }
            public IReadOnlyDictionary<string, Half?>? HalvesByName { get; set; }
            public Dictionary<string, Int128>? Int128sByName { get; set; }
            public Dictionary<string, UInt128>? UInt128sByName { get; set; }
            public Dictionary<string, Version>? VersionsByName { get; set; }
            public Dictionary<string, JsonDocument>? DocumentsByName { get; set; }
            public Dictionary<string, JsonValue?>? ValuesByName { get; set; }
        }

        // Quoted numbers and NaN/Infinity reach Half, Int128 and UInt128 only through number handling.
        [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowNamedFloatingPointLiterals)]
        public sealed class Quoted
        {
            public Half Half { get; set; }
            public Half? MaybeHalf { get; set; }
            public Int128 Int128 { get; set; }
            public UInt128? MaybeUInt128 { get; set; }
            public List<Half>? Halves { get; set; }
            [JsonNumberHandling(JsonNumberHandling.Strict)] public Int128 StrictInt128 { get; set; }
        }

        public sealed record Positional(DateOnly Date, TimeOnly? Time, Half Half, Int128 Int128, UInt128 UInt128, Version? Version, JsonDocument? Document, JsonValue? Value);

        public sealed class Initialized
        {
            public required Version Version { get; init; }
            public Half Half { get; init; } = Half.MaxValue;
            public DateOnly Date { get; init; } = new DateOnly(2024, 2, 29);
        }
        """;

    private static readonly string[] Roots =
    [
        "Scalars.Values", "Scalars.Collections", "Scalars.Quoted", "Scalars.Positional", "Scalars.Initialized",
        "System.DateOnly", "System.TimeOnly", "System.Half", "System.Int128", "System.UInt128", "System.Version",
        "System.Text.Json.JsonDocument", "System.Text.Json.Nodes.JsonValue",
        "System.DateOnly?", "System.TimeOnly?", "System.Half?", "System.Int128?", "System.UInt128?",
    ];

    public static TheoryData<string, bool> RootsAndNaming()
    {
        var data = new TheoryData<string, bool>();
        foreach (var root in Roots)
        {
            data.Add(root, false);
            data.Add(root, true);
        }

        return data;
    }

    [Fact]
    public void Every_scalar_is_described_by_its_built_in_converter()
    {
        using var harness = SerializerHarness.Create([Source], Roots);

        Assert.Empty(harness.Model.Unsupported);
        var builtIns = harness.Model.Types.Where(t => t.Kind == TypeSpecKind.BuiltIn).Select(t => t.BuiltInConverter).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(
            new HashSet<string?>(["DateOnlyConverter", "TimeOnlyConverter", "HalfConverter", "Int128Converter", "UInt128Converter", "VersionConverter", "JsonDocumentConverter", "JsonValueConverter"], StringComparer.Ordinal),
            builtIns);
    }

    [Theory]
    [MemberData(nameof(RootsAndNaming))]
    public void Random_documents_read_and_write_exactly_as_with_the_reflection_serializer(string root, bool camelCase)
    {
        using var harness = SerializerHarness.Create([Source], Roots, camelCase ? JsonNamingPolicyKind.CamelCase : JsonNamingPolicyKind.AsDeclared);
        var type = harness.Type(root);
        var random = new RandomJson(harness.Reflection, seed: root.GetHashCode(StringComparison.Ordinal) ^ 20261126);
        var read = 0;
        for (var i = 0; i < DocumentsPerType; i++)
        {
            read += Differential.AssertSame(harness, type, random.Document(type)) ? 1 : 0;
        }

        Assert.True(read > DocumentsPerType / 2, $"Only {read} of {DocumentsPerType} documents were readable.");
    }

    [Theory]
    [InlineData("System.Half", "65504")]
    [InlineData("System.Half", "-65504")]
    [InlineData("System.Half", "65520")]
    [InlineData("System.Half", "1e-8")]
    [InlineData("System.Half", "\"1.5\"")]
    [InlineData("System.Half", "\"NaN\"")]
    [InlineData("System.Half?", "null")]
    [InlineData("System.Int128", "170141183460469231731687303715884105727")]
    [InlineData("System.Int128", "-170141183460469231731687303715884105728")]
    [InlineData("System.Int128", "170141183460469231731687303715884105728")]
    [InlineData("System.Int128", "1.0")]
    [InlineData("System.Int128", "1e2")]
    [InlineData("System.UInt128", "340282366920938463463374607431768211455")]
    [InlineData("System.UInt128", "-1")]
    [InlineData("System.UInt128?", "null")]
    [InlineData("System.DateOnly", "\"0001-01-01\"")]
    [InlineData("System.DateOnly", "\"9999-12-31\"")]
    [InlineData("System.DateOnly", "\"2024-02-30\"")]
    [InlineData("System.DateOnly", "\"2024-02-29T00:00:00\"")]
    [InlineData("System.TimeOnly", "\"23:59:59.9999999\"")]
    [InlineData("System.TimeOnly", "\"24:00\"")]
    [InlineData("System.TimeOnly", "\"1.02:03:04\"")]
    [InlineData("System.Version", "\"1.2.3.4\"")]
    [InlineData("System.Version", "\"1\"")]
    [InlineData("System.Version", "1.2")]
    [InlineData("System.Version", "null")]
    [InlineData("System.Text.Json.JsonDocument", "null")]
    [InlineData("System.Text.Json.JsonDocument", """{"a":[1,"b",null,{"c":true}]}""")]
    [InlineData("System.Text.Json.Nodes.JsonValue", "null")]
    [InlineData("System.Text.Json.Nodes.JsonValue", "[1]")]
    [InlineData("System.Text.Json.Nodes.JsonValue", "{}")]
    [InlineData("System.Text.Json.Nodes.JsonValue", "12.50")]
    [InlineData("Scalars.Quoted", """{"Half":"NaN","MaybeHalf":"-Infinity","Int128":"-170141183460469231731687303715884105728","MaybeUInt128":"340282366920938463463374607431768211455","Halves":["Infinity",1,"2"],"StrictInt128":5}""")]
    [InlineData("Scalars.Quoted", """{"StrictInt128":"5"}""")]
    [InlineData("Scalars.Values", """{"Half":"NaN"}""")]
    [InlineData("Scalars.Values", """{"Value":{"not":"a value"}}""")]
    [InlineData("Scalars.Values", """{"Document":null,"Value":null,"Version":null,"MaybeHalf":null}""")]
    [InlineData("Scalars.Positional", """{"date":"2000-01-01","half":0.5,"int128":1,"uint128":2}""")]
    [InlineData("Scalars.Positional", """{"document":null,"value":null}""")]
    [InlineData("Scalars.Initialized", """{"Version":"3.1"}""")]
    [InlineData("Scalars.Initialized", """{"Half":1}""")]
    [InlineData("Scalars.Collections", """{"Halves":[65504,-0.0],"Int128s":[1,1,2],"Values":[null,1,"s",true],"DocumentsByName":{"a":null,"b":[]},"VersionsByName":{"v":"1.0"}}""")]
    public void Edge_documents_read_and_write_exactly_as_with_the_reflection_serializer(string root, string json)
    {
        using var harness = SerializerHarness.Create([Source], Roots);
        _ = Differential.AssertSame(harness, harness.Type(root), json);
    }

    /// <summary>Refused by both sides (the documented limits), not merely alike.</summary>
    [Theory]
    [InlineData("Scalars.Values", """{"Half":"NaN"}""")]
    [InlineData("Scalars.Values", """{"MaybeInt128":"1"}""")]
    [InlineData("System.UInt128", "-1")]
    [InlineData("System.Version", "\"1\"")]
    [InlineData("Scalars.Quoted", """{"StrictInt128":"5"}""")]
    public void Documents_outside_the_number_handling_are_refused_by_both(string root, string json)
    {
        using var harness = SerializerHarness.Create([Source], Roots);

        Assert.False(Differential.AssertSame(harness, harness.Type(root), json));
    }

    public static TheoryData<object?> ExtremeValues() => new(
        Half.MaxValue, Half.MinValue, Half.Epsilon, Half.NegativeZero, Half.NaN, Half.PositiveInfinity, Half.NegativeInfinity,
        Int128.MaxValue, Int128.MinValue, UInt128.MaxValue, UInt128.MinValue,
        DateOnly.MinValue, DateOnly.MaxValue, TimeOnly.MinValue, TimeOnly.MaxValue,
        new Version(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue), new Version(1, 2), JsonValue.Create(Half.NaN), JsonValue.Create(Int128.MaxValue));

    /// <summary>Values that no document reads (NaN without number handling, JsonValue over a Half): written both ways, refused alike.</summary>
    [Theory]
    [MemberData(nameof(ExtremeValues))]
    public void Extreme_values_write_exactly_as_with_the_reflection_serializer(object? value)
    {
        using var harness = SerializerHarness.Create([Source], Roots);
        var type = value is JsonValue ? typeof(JsonValue) : value!.GetType();
        Differential.AssertSameWrite(harness, type, value);

        var nullable = type.IsValueType ? typeof(Nullable<>).MakeGenericType(type) : type;
        Differential.AssertSameWrite(harness, nullable, value);
        Differential.AssertSameWrite(harness, nullable, null);
    }

    [Fact]
    public void A_quoted_type_writes_extremes_as_strings_exactly_as_with_the_reflection_serializer()
    {
        using var harness = SerializerHarness.Create([Source], Roots);
        var type = harness.Type("Scalars.Quoted");
        var value = Activator.CreateInstance(type)!;
        type.GetProperty("Half")!.SetValue(value, Half.NaN);
        type.GetProperty("MaybeHalf")!.SetValue(value, Half.NegativeInfinity);
        type.GetProperty("Int128")!.SetValue(value, Int128.MinValue);
        type.GetProperty("MaybeUInt128")!.SetValue(value, UInt128.MaxValue);
        type.GetProperty("Halves")!.SetValue(value, new List<Half> { Half.PositiveInfinity, Half.MaxValue });
        type.GetProperty("StrictInt128")!.SetValue(value, Int128.MaxValue);

        Differential.AssertSameWrite(harness, type, value);
        var json = JsonSerializer.Serialize(value, type, harness.Generated);
        Assert.Contains("\"NaN\"", json, StringComparison.Ordinal);
        Assert.True(Differential.AssertSame(harness, type, json), json);
    }
}
