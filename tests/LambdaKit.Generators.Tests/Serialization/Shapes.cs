namespace LambdaKit.Generators.Tests.Serialization;

/// <summary>User types covering every supported shape; compiled with the emitted context in the differential tests.</summary>
internal static class Shapes
{
    public const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Diagnostics.CodeAnalysis;
        using System.Text.Json;
        using System.Text.Json.Nodes;
        using System.Text.Json.Serialization;

        namespace Shapes;

        public enum Color { Red, Green, Blue = 7 }
        [Flags] public enum Access : byte { None = 0, Read = 1, Write = 2 }
        [JsonConverter(typeof(JsonStringEnumConverter))] public enum Size { Small, Large }

        public sealed class Primitives
        {
            public bool Bool { get; set; }
            public byte Byte { get; set; }
            public sbyte SByte { get; set; }
            public char Char { get; set; }
            public short Int16 { get; set; }
            public ushort UInt16 { get; set; }
            public int Int32 { get; set; }
            public uint UInt32 { get; set; }
            public long Int64 { get; set; }
            public ulong UInt64 { get; set; }
            public float Single { get; set; }
            public double Double { get; set; }
            public decimal Decimal { get; set; }
            public string? String { get; set; }
            public DateTime DateTime { get; set; }
            public DateTimeOffset DateTimeOffset { get; set; }
            public TimeSpan TimeSpan { get; set; }
            public Guid Guid { get; set; }
            public Uri? Uri { get; set; }
            public byte[]? Bytes { get; set; }
            public JsonElement Element { get; set; }
            public JsonElement? MaybeElement { get; set; }
            public JsonNode? Node { get; set; }
            public JsonObject? Object { get; set; }
            public JsonArray? Array { get; set; }
            public Color Color { get; set; }
            public Access Access { get; set; }
            public Size Size { get; set; }
            public int? MaybeInt { get; set; }
            public double? MaybeDouble { get; set; }
            public Guid? MaybeGuid { get; set; }
            public Color? MaybeColor { get; set; }
            public DateTime? MaybeDate { get; set; }
        }

        public sealed class Collections
        {
            public int[]? Array { get; set; }
            public int[][]? Jagged { get; set; }
            public List<string?>? List { get; set; }
            public List<List<string>>? Nested { get; set; }
            public IReadOnlyList<Child>? ReadOnlyList { get; set; }
            public IEnumerable<int>? Enumerable { get; set; }
            public IList<string>? IList { get; set; }
            public ICollection<long>? Collection { get; set; }
            public IReadOnlyCollection<string>? ReadOnlyCollection { get; set; }
            public HashSet<string>? Set { get; set; }
            public ISet<int>? ISet { get; set; }
            public Dictionary<string, int>? Dictionary { get; set; }
            public IDictionary<string, Child?>? IDictionary { get; set; }
            public IReadOnlyDictionary<string, List<int>>? ReadOnlyDictionary { get; set; }
            public Dictionary<string, Dictionary<string, string>>? NestedDictionary { get; set; }
            public List<Child> Children { get; set; } = new();
        }

        public sealed class Child
        {
            public string? Name { get; set; }
            public int Age { get; set; }
        }

        public sealed record Point(int X, int Y);
        public sealed record Defaults(string Name, int Count = 42, string? Note = "n/a", Color Color = Color.Blue, double Ratio = 0.5, decimal Price = 1.25m, long? Maybe = null);
        public readonly record struct Measurement(double Value, string Unit);

        public sealed class WithConstructor
        {
            public WithConstructor(string id, int quantity) { Id = id; Quantity = quantity; }
            public string Id { get; }
            public int Quantity { get; }
            public string? Extra { get; set; }
        }

        public sealed class Chooser
        {
            public Chooser() { Which = "parameterless"; }
            [JsonConstructor] public Chooser(string which, int number) { Which = "attributed:" + which; Number = number; }
            public string Which { get; }
            public int Number { get; }
        }

        public sealed class Requirements
        {
            public required string Name { get; init; }
            public required int Count { get; set; }
            [JsonRequired] public string? Tag { get; set; }
            public string Optional { get; init; } = "initial value";
        }

        public sealed class SetsRequired
        {
            [SetsRequiredMembers] public SetsRequired() { Name = "set by constructor"; }
            public required string Name { get; set; }
        }

        [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
        public sealed class Annotated
        {
            [JsonPropertyName("renamed_value")] public string? Renamed { get; set; }
            [JsonIgnore] public string? Ignored { get; set; } = "never written";
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public int SkippedWhenDefault { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? AlwaysWritten { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? SkippedWhenNull { get; set; }
            [JsonInclude] public int PublicField;
            [JsonInclude] public string? InternalSetter { get; internal set; }
            [JsonInclude] private string? PrivateProperty { get; set; }
            [JsonInclude] internal int InternalField = 1;
            public int Number { get; set; }
            [JsonNumberHandling(JsonNumberHandling.Strict)] public int StrictNumber { get; set; }
            [JsonPropertyOrder(-1)] public string? First { get; set; }
            [JsonPropertyOrder(5)] public string? Last { get; set; }
            [JsonConverter(typeof(UpperCaseConverter))] public string? Shouted { get; set; }
            [JsonConverter(typeof(JsonStringEnumConverter<Color>))] public Color NamedColor { get; set; }
            [JsonConverter(typeof(JsonStringEnumConverter))] public Color? MaybeNamedColor { get; set; }
            public Temperature Temperature { get; set; }
            public Temperature? MaybeTemperature { get; set; }
            public string? ReadOnly => Renamed is null ? null : "derived from " + Renamed;
            public string? WriteOnly { set { Renamed = value; } }
        }

        public sealed class UpperCaseConverter : JsonConverter<string>
        {
            public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()?.ToLowerInvariant();
            public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToUpperInvariant());
        }

        [JsonConverter(typeof(TemperatureConverter))]
        public readonly struct Temperature
        {
            public Temperature(double celsius) { Celsius = celsius; }
            public double Celsius { get; }
        }

        public sealed class TemperatureConverter : JsonConverter<Temperature>
        {
            public override Temperature Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                reader.TokenType == JsonTokenType.Number ? new Temperature(reader.GetDouble()) : new Temperature(double.Parse(reader.GetString()!.TrimEnd('C'), System.Globalization.CultureInfo.InvariantCulture));
            public override void Write(Utf8JsonWriter writer, Temperature value, JsonSerializerOptions options) =>
                writer.WriteStringValue(value.Celsius.ToString(System.Globalization.CultureInfo.InvariantCulture) + "C");
        }

        public class Animal
        {
            public string? Name { get; set; }
            public virtual int Legs { get; set; }
            public string? Hidden { get; set; }
        }

        public sealed class Dog : Animal
        {
            public override int Legs { get; set; } = 4;
            public new int Hidden { get; set; }
            public bool GoodBoy { get; set; }
        }

        public struct MutablePoint
        {
            public int X { get; set; }
            public int Y { get; set; }
            [JsonInclude] public string? Label;
        }

        public sealed class Tree
        {
            public string? Value { get; set; }
            public List<Tree>? Children { get; set; }
            public Tree? Parent { get; set; }
            public Dictionary<string, Tree>? ByName { get; set; }
        }

        public sealed class Wrapper<T>
        {
            public T? Value { get; set; }
            public List<T>? Items { get; set; }
        }

        public sealed class Everything
        {
            public Primitives? Primitives { get; set; }
            public Collections? Collections { get; set; }
            public Point? Point { get; set; }
            public Defaults? Defaults { get; set; }
            public Measurement Measurement { get; set; }
            public Measurement? MaybeMeasurement { get; set; }
            public WithConstructor? WithConstructor { get; set; }
            public Chooser? Chooser { get; set; }
            public Requirements? Requirements { get; set; }
            public SetsRequired? SetsRequired { get; set; }
            public Annotated? Annotated { get; set; }
            public Dog? Dog { get; set; }
            public Animal? Animal { get; set; }
            public MutablePoint MutablePoint { get; set; }
            public Tree? Tree { get; set; }
            public Wrapper<Child>? Wrapper { get; set; }
            public Wrapper<int>? IntWrapper { get; set; }
        }
        """;

    /// <summary>The roots whose graphs cover every shape above.</summary>
    public static readonly string[] Roots =
    [
        "Shapes.Everything", "Shapes.Primitives", "Shapes.Collections", "Shapes.Point", "Shapes.Defaults", "Shapes.Measurement",
        "Shapes.WithConstructor", "Shapes.Chooser", "Shapes.Requirements", "Shapes.SetsRequired", "Shapes.Annotated", "Shapes.Dog",
        "Shapes.Animal", "Shapes.MutablePoint", "Shapes.Tree", "Shapes.Color", "Shapes.Size",
    ];
}
