using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LambdaKit.Generators.Serialization;

namespace LambdaKit.Generators.Tests.Serialization;

/// <summary>
/// The SerializeHandler fast path: which types get one, that System.Text.Json calls it under the generated options and
/// bypasses it under incompatible ones, and that either way the bytes are the reflection serializer's.
/// </summary>
public sealed class SerializeHandlerTests
{
    private const int DocumentsPerType = 150;

    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Linq;
        using System.Runtime.CompilerServices;
        using System.Text.Json.Serialization;

        namespace FastPath;

        public enum Mood { Calm, Angry = 3 }

        public sealed class Conditions
        {
            [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? NeverString { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public int? NeverNullableInt { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public int NeverInt { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public Stamp NeverStamp { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int DefaultInt { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public double DefaultDouble { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public decimal DefaultDecimal { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool DefaultBool { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Guid DefaultGuid { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public DateTime DefaultDate { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public string? DefaultString { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int? DefaultNullable { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Mood DefaultMood { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Stamp DefaultStamp { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Leaf? DefaultLeaf { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? NullString { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Leaf? NullLeaf { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<int>? NullList { get; set; }
            [JsonIgnore] public string? Always { get; set; } = "never written";
            public string? WriteOnly { set { } }
            public string ReadOnly => "read only";
        }

        public record struct Stamp(int Ticks, string? Zone);

        public sealed class Ordered
        {
            [JsonPropertyOrder(2)] public int Second { get; set; } = 2;
            public int Zero { get; set; }
            [JsonPropertyOrder(-1)] public string? First { get; set; } = "first";
            [JsonPropertyOrder(2)] public int SecondToo { get; set; } = 22;
            [JsonPropertyName("renamed <name>")] public string? Renamed { get; set; } = "r";
            public string? URLValue { get; set; } = "camel";
            [JsonInclude] public int Field = 7;
        }

        public sealed class Nullables
        {
            public bool? Bool { get; set; }
            public byte? Byte { get; set; }
            public sbyte? SByte { get; set; }
            public short? Int16 { get; set; }
            public ushort? UInt16 { get; set; }
            public int? Int32 { get; set; }
            public uint? UInt32 { get; set; }
            public long? Int64 { get; set; }
            public ulong? UInt64 { get; set; }
            public float? Single { get; set; }
            public double? Double { get; set; }
            public decimal? Decimal { get; set; }
            public DateTime? DateTime { get; set; }
            public DateTimeOffset? DateTimeOffset { get; set; }
            public Guid? Guid { get; set; }
            public Mood? Mood { get; set; }
            public Stamp? Stamp { get; set; }
            public float NotNullSingle { get; set; }
            public double NotNullDouble { get; set; }
            public decimal NotNullDecimal { get; set; }
            public DateTimeOffset NotNullDateTimeOffset { get; set; }
        }

        public sealed class Leaf
        {
            public string? Name { get; set; }
            public int Size { get; set; }
        }

        /// <summary>Values with a handler (objects, structs, collections of them) and without (Fallback, enums, their collections).</summary>
        public sealed class Branch
        {
            public Leaf? Leaf { get; set; }
            public Stamp Stamp { get; set; }
            public Stamp? MaybeStamp { get; set; }
            public Fallback? Fallback { get; set; }
            public List<Leaf?>? Leaves { get; set; }
            public Leaf[]? LeafArray { get; set; }
            public IEnumerable<Stamp?>? Stamps { get; set; }
            public Dictionary<string, Leaf?>? LeavesByName { get; set; }
            public IReadOnlyDictionary<string, int?>? Counts { get; set; }
            public IDictionary<string, string?>? Labels { get; set; }
            public HashSet<Guid>? Ids { get; set; }
            public List<Mood>? Moods { get; set; }
            public List<Fallback>? Fallbacks { get; set; }
            public List<List<string?>>? Nested { get; set; }
            public Branch? Child { get; set; }
        }

        /// <summary>Falls back: the type's number handling.</summary>
        [JsonNumberHandling(JsonNumberHandling.WriteAsString)]
        public sealed class Fallback
        {
            public int Number { get; set; }
            public Leaf? Leaf { get; set; }
        }

        /// <summary>Falls back: the metadata path calls the callback before it reads the properties.</summary>
        public sealed class WithCallback : IJsonOnSerializing
        {
            public string? Stamp { get; set; }
            public void OnSerializing() => Stamp = "called";
        }

        /// <summary>Falls back: a member converter.</summary>
        public sealed class WithMemberConverter
        {
            [JsonConverter(typeof(JsonStringEnumConverter<Mood>))] public Mood Mood { get; set; }
        }

        /// <summary>Falls back: a null written through a converter.</summary>
        public sealed class NeverNullEnum
        {
            [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public Mood? Mood { get; set; }
        }

        public sealed class Node
        {
            public string? Name { get; set; }
            public Node? Next { get; set; }
        }

        /// <summary>Records whether it was read by a generated SerializeHandler (a frame of the context named *_Serialize).</summary>
        public sealed class Probe
        {
            public static bool ReadByHandler { get; set; }

            public string? Name
            {
                [MethodImpl(MethodImplOptions.NoInlining)]
                get
                {
                    ReadByHandler = new StackTrace().GetFrames().Any(f => f.GetMethod() is { DeclaringType.Name: "TestJsonContext" } m && m.Name.EndsWith("_Serialize", StringComparison.Ordinal));
                    return "probed";
                }
            }
        }

        public sealed class Holder
        {
            public Probe? Probe { get; set; } = new();
            public Mood Mood { get; set; } = Mood.Angry;
        }
        """;

    private static readonly string[] Roots =
    [
        "FastPath.Conditions", "FastPath.Ordered", "FastPath.Nullables", "FastPath.Branch", "FastPath.Fallback", "FastPath.WithCallback",
        "FastPath.WithMemberConverter", "FastPath.NeverNullEnum", "FastPath.Node", "FastPath.Probe", "FastPath.Holder",
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
    public void Objects_and_collections_get_a_handler_unless_a_member_or_the_type_needs_the_metadata()
    {
        using var harness = SerializerHarness.Create([Source], Roots);

        foreach (var name in new[] { "FastPath.Conditions", "FastPath.Ordered", "FastPath.Nullables", "FastPath.Leaf", "FastPath.Stamp", "FastPath.Branch", "FastPath.Node" })
        {
            Assert.True(Differential.SerializeHandler(harness.Generated, harness.Type(name)) is not null, $"{name} has no SerializeHandler.");
        }

        foreach (var type in new[] { typeof(List<>).MakeGenericType(harness.Type("FastPath.Leaf")), typeof(List<List<string>>), typeof(Dictionary<,>).MakeGenericType(typeof(string), harness.Type("FastPath.Leaf")), typeof(IReadOnlyDictionary<string, int?>) })
        {
            Assert.True(Differential.SerializeHandler(harness.Generated, type) is not null, $"{type} has no SerializeHandler.");
        }

        foreach (var name in new[] { "FastPath.Fallback", "FastPath.WithCallback", "FastPath.WithMemberConverter", "FastPath.NeverNullEnum" })
        {
            Assert.True(Differential.SerializeHandler(harness.Generated, harness.Type(name)) is null, $"{name} has a SerializeHandler.");
        }

        // Elements written through JsonSerializer: the collection's metadata path is as fast.
        Assert.Null(Differential.SerializeHandler(harness.Generated, typeof(List<>).MakeGenericType(harness.Type("FastPath.Mood"))));
        Assert.Null(Differential.SerializeHandler(harness.Generated, typeof(List<>).MakeGenericType(harness.Type("FastPath.Fallback"))));
    }

    [Theory]
    [MemberData(nameof(RootsAndNaming))]
    public void Random_documents_write_through_the_handlers_exactly_as_with_the_reflection_serializer(string root, bool camelCase)
    {
        using var harness = SerializerHarness.Create([Source], Roots, camelCase ? JsonNamingPolicyKind.CamelCase : JsonNamingPolicyKind.AsDeclared);
        Assert.Empty(harness.Model.Unsupported);
        var type = harness.Type(root);
        var random = new RandomJson(harness.Reflection, seed: root.GetHashCode(StringComparison.Ordinal) ^ 20261127);
        var read = 0;
        for (var i = 0; i < DocumentsPerType; i++)
        {
            read += Differential.AssertSame(harness, type, random.Document(type)) ? 1 : 0;
        }

        Assert.True(read > DocumentsPerType / 2, $"Only {read} of {DocumentsPerType} documents were readable.");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ignore_conditions_order_and_names_are_those_of_the_metadata(bool camelCase)
    {
        using var harness = SerializerHarness.Create([Source], Roots, camelCase ? JsonNamingPolicyKind.CamelCase : JsonNamingPolicyKind.AsDeclared);
        var conditions = harness.Type("FastPath.Conditions");
        var empty = Activator.CreateInstance(conditions);
        Differential.AssertSameWrite(harness, conditions, empty);

        // Nulls under Never are written; WhenWritingDefault compares by value, so -0.0 and 0.00m are skipped as defaults.
        var written = JsonSerializer.Serialize(empty, conditions, harness.Generated);
        Assert.Contains(camelCase ? "\"neverString\":null" : "\"NeverString\":null", written, StringComparison.Ordinal);
        Assert.DoesNotContain("DefaultInt", written, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("never written", written, StringComparison.Ordinal);
        foreach (var (property, value) in new (string, object)[] { ("DefaultDouble", -0.0), ("DefaultDecimal", 0.00m), ("DefaultDouble", double.Epsilon), ("DefaultDecimal", 1.10m), ("DefaultInt", -1), ("DefaultBool", true), ("DefaultNullable", 0), ("DefaultString", string.Empty) })
        {
            var withValue = Activator.CreateInstance(conditions);
            conditions.GetProperty(property)!.SetValue(withValue, value);
            Differential.AssertSameWrite(harness, conditions, withValue);
        }

        var ordered = harness.Type("FastPath.Ordered");
        var orderedValue = Activator.CreateInstance(ordered);
        Differential.AssertSameWrite(harness, ordered, orderedValue);
        var orderedJson = JsonSerializer.Serialize(orderedValue, ordered, harness.Generated);
        Assert.Equal(
            camelCase
                ? """{"first":"first","zero":0,"renamed \u003Cname\u003E":"r","urlValue":"camel","field":7,"second":2,"secondToo":22}"""
                : """{"First":"first","Zero":0,"renamed \u003Cname\u003E":"r","URLValue":"camel","Field":7,"Second":2,"SecondToo":22}""",
            orderedJson);
    }

    [Fact]
    public void Nullable_value_types_and_extremes_write_exactly_as_with_the_reflection_serializer()
    {
        using var harness = SerializerHarness.Create([Source], Roots);
        var type = harness.Type("FastPath.Nullables");
        Differential.AssertSameWrite(harness, type, Activator.CreateInstance(type));

        var extremes = Activator.CreateInstance(type)!;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Bool"] = false, ["Byte"] = byte.MaxValue, ["SByte"] = sbyte.MinValue, ["Int16"] = short.MinValue, ["UInt16"] = ushort.MaxValue,
            ["Int32"] = int.MinValue, ["UInt32"] = uint.MaxValue, ["Int64"] = long.MinValue, ["UInt64"] = ulong.MaxValue,
            ["Single"] = float.Epsilon, ["Double"] = -0.0, ["Decimal"] = decimal.MinValue, ["DateTime"] = new DateTime(2024, 2, 29, 23, 59, 59, 999, DateTimeKind.Utc).AddTicks(9999),
            ["DateTimeOffset"] = new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.FromHours(-14)), ["Guid"] = Guid.Parse("00000000-0000-0000-0000-000000000001"),
            ["NotNullSingle"] = float.MaxValue, ["NotNullDouble"] = double.MinValue, ["NotNullDecimal"] = 1.2300m, ["NotNullDateTimeOffset"] = DateTimeOffset.MaxValue,
        };
        foreach (var (property, value) in values)
        {
            type.GetProperty(property)!.SetValue(extremes, value);
        }

        Differential.AssertSameWrite(harness, type, extremes);
    }

    [Theory]
    [InlineData("NotNullDouble")]
    [InlineData("Double")]
    [InlineData("NotNullSingle")]
    public void Non_finite_numbers_are_refused_alike(string property)
    {
        using var harness = SerializerHarness.Create([Source], Roots);
        var type = harness.Type("FastPath.Nullables");
        var value = Activator.CreateInstance(type)!;
        type.GetProperty(property)!.SetValue(value, property.Contains("Single", StringComparison.Ordinal) ? (object)float.NaN : double.PositiveInfinity);

        Assert.Throws<ArgumentException>(() => JsonSerializer.Serialize(value, type, harness.Reflection));
        Assert.Throws<ArgumentException>(() => JsonSerializer.Serialize(value, type, harness.Generated));
    }

    [Theory]
    [InlineData("""{"Leaf":{"Name":"a","Size":1},"Stamp":{"Ticks":2,"Zone":null},"MaybeStamp":{"Ticks":3},"Fallback":{"Number":4,"Leaf":{"Size":5}},"Leaves":[null,{"Size":6}],"LeafArray":[],"Stamps":[null,{"Ticks":7}],"LeavesByName":{"x":null,"y":{"Name":"y"}},"Counts":{"a":null,"b":8},"Labels":{"l":null,"m":"n"},"Ids":["00000000-0000-0000-0000-000000000009"],"Moods":[0,3],"Fallbacks":[{"Number":10}],"Nested":[[null,"s"],[]],"Child":{"Child":{"Leaf":{}}}}""")]
    [InlineData("""{"Leaves":[],"LeavesByName":{},"Nested":[null],"Child":null}""")]
    public void Nested_values_with_and_without_a_handler_write_exactly_as_with_the_reflection_serializer(string json)
    {
        using var harness = SerializerHarness.Create([Source], Roots);

        Assert.True(Differential.AssertSame(harness, harness.Type("FastPath.Branch"), json));
    }

    [Fact]
    public void Types_that_fall_back_write_exactly_as_with_the_reflection_serializer()
    {
        using var harness = SerializerHarness.Create([Source], Roots);
        var callback = harness.Type("FastPath.WithCallback");
        Differential.AssertSameWrite(harness, callback, Activator.CreateInstance(callback));
        Assert.Equal("""{"Stamp":"called"}""", JsonSerializer.Serialize(Activator.CreateInstance(callback), callback, harness.Generated));
        Assert.True(Differential.AssertSame(harness, harness.Type("FastPath.Fallback"), """{"Number":12,"Leaf":{"Size":3}}"""));
        Assert.True(Differential.AssertSame(harness, harness.Type("FastPath.WithMemberConverter"), """{"Mood":"Angry"}"""));
        Assert.True(Differential.AssertSame(harness, harness.Type("FastPath.NeverNullEnum"), """{"Mood":null}"""));
    }

    [Fact]
    public void System_Text_Json_calls_the_handler_under_the_generated_options()
    {
        using var harness = SerializerHarness.Create([Source], Roots);

        Assert.True(ReadByHandler(harness, harness.Type("FastPath.Probe"), harness.Generated));
        Assert.True(ReadByHandler(harness, harness.Type("FastPath.Holder"), harness.Generated));
        Assert.False(ReadByHandler(harness, harness.Type("FastPath.Probe"), harness.Reflection));
    }

    [Fact]
    public void Indented_options_keep_the_handler_and_the_writer_indents_its_output()
    {
        using var harness = SerializerHarness.Create([Source], Roots);
        var (reflection, generated) = harness.CreateOptions(options => options.WriteIndented = true);

        Assert.True(ReadByHandler(harness, harness.Type("FastPath.Holder"), generated));
        AssertSameAcrossTypes(harness, reflection, generated, callHandler: true);
    }

    public static TheoryData<string> IncompatibleOptions() => new(["converter", "encoder", "number handling"]);

    /// <summary>Runtime options the handlers did not bake in: System.Text.Json takes the metadata path, which honours them.</summary>
    [Theory]
    [MemberData(nameof(IncompatibleOptions))]
    public void Incompatible_options_bypass_the_handler_and_write_as_the_reflection_serializer(string change)
    {
        using var harness = SerializerHarness.Create([Source], Roots);
        var (reflection, generated) = harness.CreateOptions(options =>
        {
            switch (change)
            {
                case "converter":
                    options.Converters.Add(new JsonStringEnumConverter());
                    break;
                case "encoder":
                    options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
                    break;
                default:
                    options.NumberHandling = JsonNumberHandling.WriteAsString;
                    break;
            }
        });

        Assert.False(ReadByHandler(harness, harness.Type("FastPath.Holder"), generated));
        AssertSameAcrossTypes(harness, reflection, generated, callHandler: false);
    }

    [Fact]
    public void Options_that_use_the_context_as_their_resolver_take_the_metadata_path()
    {
        using var harness = SerializerHarness.Create([Source], Roots);
        var context = (IJsonTypeInfoResolver)harness.ContextType.GetProperty("Default")!.GetValue(null)!;

        // Compatible for System.Text.Json, but not the options the context is bound to, whose metadata the handlers use.
        var options = new JsonSerializerOptions(harness.Generated) { TypeInfoResolver = context };

        Assert.False(ReadByHandler(harness, harness.Type("FastPath.Holder"), options));
        Assert.Null(Differential.SerializeHandler(options, harness.Type("FastPath.Holder")));
        AssertSameAcrossTypes(harness, harness.Reflection, options, callHandler: false);
    }

    [Theory]
    [InlineData(63, true)]
    [InlineData(64, false)]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Graphs_at_the_maximum_depth_are_written_or_refused_as_by_the_reflection_serializer(int nodes, bool lastHasName)
    {
        using var harness = SerializerHarness.Create([Source], Roots);
        var type = harness.Type("FastPath.Node");
        Differential.AssertSameWrite(harness, type, Chain(type, nodes, lastHasName));

        var (reflection, generated) = harness.CreateOptions(options => options.MaxDepth = 3);
        Differential.AssertSameWrite(reflection, generated, type, Chain(type, 2, lastHasName), callHandler: true);
        Differential.AssertSameWrite(reflection, generated, type, Chain(type, 3, lastHasName), callHandler: true);
        Differential.AssertSameWrite(reflection, generated, type, Chain(type, 4, lastHasName), callHandler: true);
    }

    [Fact]
    public void A_cycle_is_refused_with_a_JsonException_as_by_the_reflection_serializer()
    {
        using var harness = SerializerHarness.Create([Source], Roots);
        var type = harness.Type("FastPath.Branch");
        var branch = Activator.CreateInstance(type)!;
        type.GetProperty("Child")!.SetValue(branch, branch);

        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(branch, type, harness.Reflection));
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(branch, type, harness.Generated));
        Differential.AssertSameWrite(harness, type, branch);
    }

    /// <summary>A chain of <paramref name="count"/> nodes (the root at depth 0); only the last may have a name.</summary>
    private static object Chain(Type type, int count, bool lastHasName)
    {
        object? next = null;
        for (var i = 0; i < count; i++)
        {
            var node = Activator.CreateInstance(type)!;
            type.GetProperty("Name")!.SetValue(node, i == 0 && lastHasName ? "last" : null);
            type.GetProperty("Next")!.SetValue(node, next);
            next = node;
        }

        return next!;
    }

    /// <summary>Random documents of every root, read and written both ways under the given options.</summary>
    private static void AssertSameAcrossTypes(SerializerHarness harness, JsonSerializerOptions reflection, JsonSerializerOptions generated, bool callHandler)
    {
        foreach (var root in Roots)
        {
            var type = harness.Type(root);
            var random = new RandomJson(harness.Reflection, seed: root.Length * 7907);
            for (var i = 0; i < 20; i++)
            {
                _ = Differential.AssertSame(reflection, generated, type, random.Document(type), callHandler);
            }

            Differential.AssertSameWrite(reflection, generated, type, Activator.CreateInstance(type), callHandler);
        }
    }

    private static bool ReadByHandler(SerializerHarness harness, Type type, JsonSerializerOptions options)
    {
        var probe = harness.Type("FastPath.Probe").GetProperty("ReadByHandler")!;
        probe.SetValue(null, false);
        var json = JsonSerializer.Serialize(Activator.CreateInstance(type), type, options);
        Assert.Contains("probed", json, StringComparison.Ordinal);
        return (bool)probe.GetValue(null)!;
    }
}
