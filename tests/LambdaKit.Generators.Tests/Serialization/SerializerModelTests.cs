using System.Collections;
using System.Reflection;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Generators.Serialization;
using Microsoft.CodeAnalysis;
using Xunit.Sdk;

namespace LambdaKit.Generators.Tests.Serialization;

public sealed class SerializerModelTests
{
    private const string Unsupported = """
        using System;
        using System.Collections;
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        namespace Bad;
        public sealed class Root
        {
            public Action? Callback { get; set; }
            public int[,]? Grid { get; set; }
            public Dictionary<int, string>? ByNumber { get; set; }
            public IComparable? Comparable { get; set; }
            public object? Anything { get; set; }
            public NoConstructor? NoConstructor { get; set; }
            public TwoConstructors? TwoConstructors { get; set; }
            public Shape? Shape { get; set; }
            public ArrayList? Untyped { get; set; }
            public Clash? Clash { get; set; }
            public Type? Type { get; set; }
            public BadConverter? BadConverter { get; set; }
            public Unbound? Unbound { get; set; }
            public Fine Fine { get; set; } = new();
        }
        public sealed class Fine { public string? Name { get; set; } }
        public sealed class NoConstructor { private NoConstructor() { } }
        public sealed class TwoConstructors { public TwoConstructors(int a) { } public TwoConstructors(string b) { } }
        public abstract class Shape { }
        public sealed class Clash { public string? Name { get; set; } [JsonPropertyName("name")] public string? Other { get; set; } }
        public sealed class BadConverter { [JsonConverter(typeof(JsonStringEnumConverter))] public int Number { get; set; } }
        public sealed class Unbound { public Unbound(int missing) { } }
        """;

    [Fact]
    public void Each_unsupported_shape_is_reported_with_its_reason_and_the_rest_still_compiles()
    {
        using var harness = SerializerHarness.Create([Unsupported], ["Bad.Root", "Bad.Fine"]);
        var reasons = harness.Model.Unsupported.ToDictionary(u => u.TypeDisplayName, u => u.Reason, StringComparer.Ordinal);

        Assert.Contains("delegate", reasons["System.Action"], StringComparison.Ordinal);
        Assert.Contains("multi-dimensional", reasons["int[*,*]"], StringComparison.Ordinal);
        Assert.Contains("string keys only", reasons["System.Collections.Generic.Dictionary<int, string>"], StringComparison.Ordinal);
        Assert.Contains("interface", reasons["System.IComparable"], StringComparison.Ordinal);
        Assert.Contains("polymorphism", reasons["object"], StringComparison.Ordinal);
        Assert.Contains("no public constructor", reasons["Bad.NoConstructor"], StringComparison.Ordinal);
        Assert.Contains("several public parameterized constructors", reasons["Bad.TwoConstructors"], StringComparison.Ordinal);
        Assert.Contains("abstract", reasons["Bad.Shape"], StringComparison.Ordinal);
        Assert.Contains("collection type", reasons["System.Collections.ArrayList"], StringComparison.Ordinal);
        Assert.Contains("two members with the JSON name 'name'", reasons["Bad.Clash"], StringComparison.Ordinal);
        Assert.Contains("reflection type", reasons["System.Type"], StringComparison.Ordinal);
        Assert.Contains("is not an enum", reasons["Bad.BadConverter"], StringComparison.Ordinal);
        Assert.Contains("constructor parameter 'missing'", reasons["Bad.Unbound"], StringComparison.Ordinal);
        Assert.Contains("the member 'Callback' has the unsupported type 'System.Action'", reasons["Bad.Root"], StringComparison.Ordinal);
        Assert.DoesNotContain("Bad.Fine", reasons.Keys);

        // The supported part of the graph still works, and the reflection serializer agrees with it.
        Assert.True(Differential.AssertSame(harness, harness.Type("Bad.Fine"), """{"name":"x"}"""));
        Assert.Contains("global::Bad.Root", SerializerEmitter.PropertyNames(harness.Model).Keys);
    }

    [Fact]
    public void Open_generic_and_pointer_types_get_no_metadata_property()
    {
        var compilation = new CompilationBuilder().WithAllowUnsafe().WithSource("public unsafe class C<T> { public T? Value { get; set; } public int* P; }").BuildCompilation();
        var type = compilation.GetTypeByMetadataName("C`1")!;
        var pointer = compilation.CreatePointerTypeSymbol(compilation.GetSpecialType(SpecialType.System_Int32));
        var model = SerializerModelBuilder.Build(compilation, [type.TypeParameters[0], pointer], JsonNamingPolicyKind.AsDeclared, CancellationToken.None);

        Assert.Contains(model.Unsupported, u => u.Reason.Contains("open generic", StringComparison.Ordinal));
        Assert.Contains(model.Unsupported, u => u.Reason.Contains("pointer", StringComparison.Ordinal));
        Assert.DoesNotContain("T", SerializerEmitter.PropertyNames(model).Keys);
        var full = compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(SerializerHarness.Emit(model), new(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest)));
        SerializerHarness.AssertNoDiagnostics(full, "emitted context");
    }

    [Fact]
    public void Equivalent_compilations_give_equal_models_and_a_real_change_does_not()
    {
        var first = Build(Shapes.Source);
        var second = Build(Shapes.Source + "\n// an unrelated edit\nnamespace Other { public sealed class Unrelated { } }");
        var changed = Build(Shapes.Source.Replace("public int Age { get; set; }", "public long Age { get; set; }", StringComparison.Ordinal));

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, changed);
    }

    [Fact]
    public void The_model_holds_no_Roslyn_objects()
    {
        Walk(Build(Shapes.Source), "model", new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    [Fact]
    public void Emitted_code_is_marked_generated_fully_qualified_and_ordered()
    {
        var model = Build(Shapes.Source);
        var text = SerializerHarness.Emit(model);

        Assert.StartsWith("// <auto-generated/>\n#nullable enable\n", text, StringComparison.Ordinal);
        Assert.Contains("[global::System.CodeDom.Compiler.GeneratedCodeAttribute(\"LambdaKit.Generators\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("using ", text, StringComparison.Ordinal);
        var names = model.Types.Select(t => t.TypeName).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(text, SerializerHarness.Emit(Build(Shapes.Source)));
    }

    private static SerializerModel Build(string source)
    {
        var compilation = new CompilationBuilder().WithSource(source).BuildCompilation();
        var roots = Shapes.Roots.Select(name => (ITypeSymbol)compilation.GetTypeByMetadataName(name)!).ToList();
        return SerializerModelBuilder.Build(compilation, roots, JsonNamingPolicyKind.AsDeclared, CancellationToken.None);
    }

    private static void Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        if (value is ISymbol or Compilation or SyntaxNode or SyntaxTree or SemanticModel or Location)
        {
            throw new XunitException($"{path} holds a {value.GetType().FullName}.");
        }

        if (value is IEnumerable sequence)
        {
            var index = 0;
            foreach (var item in sequence)
            {
                Walk(item, $"{path}[{index++}]", seen);
            }

            return;
        }

        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.GetValue(value), $"{path}.{field.Name}", seen);
        }
    }
}
