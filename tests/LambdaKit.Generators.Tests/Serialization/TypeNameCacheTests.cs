using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Generators.Serialization;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Tests.Serialization;

public sealed class TypeNameCacheTests
{
    private const string Source = """
        #nullable enable
        using System.Collections.Generic;
        public sealed class C
        {
            public List<string?> Annotated { get; set; } = new();
            public List<string> NotAnnotated { get; set; } = new();
        }
        """;

    [Fact]
    public void Types_that_differ_only_in_nullability_share_a_fully_qualified_name_but_not_an_annotated_one()
    {
        var type = new CompilationBuilder().WithSource(Source).BuildCompilation().GetTypeByMetadataName("C")!;
        var annotated = ((IPropertySymbol)type.GetMembers("Annotated").Single()).Type;
        var notAnnotated = ((IPropertySymbol)type.GetMembers("NotAnnotated").Single()).Type;
        var names = new TypeNameCache();

        // Each asked twice: a name served from the cache must be the one formatted for that type.
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal("global::System.Collections.Generic.List<string>", names.FullyQualified(annotated));
            Assert.Equal("global::System.Collections.Generic.List<string>", names.FullyQualified(notAnnotated));
            Assert.Equal("global::System.Collections.Generic.List<string?>", names.Annotated(annotated));
            Assert.Equal("global::System.Collections.Generic.List<string>", names.Annotated(notAnnotated));
        }
    }

    [Fact]
    public void Reflection_types_are_refused_by_namespace_and_a_user_namespace_of_the_same_name_is_not()
    {
        var compilation = new CompilationBuilder()
            .WithSource("namespace My.System.Reflection { public sealed class Info { public string? Name { get; set; } } }")
            .BuildCompilation();
        var roots = new ITypeSymbol[]
        {
            compilation.GetTypeByMetadataName("System.Reflection.MethodInfo")!,
            compilation.GetTypeByMetadataName("System.Reflection.Emit.OpCode")!,
            compilation.GetTypeByMetadataName("My.System.Reflection.Info")!,
        };

        var model = SerializerModelBuilder.Build(compilation, roots, JsonNamingPolicyKind.AsDeclared, CancellationToken.None);
        var reasons = model.Unsupported.ToDictionary(u => u.TypeDisplayName, u => u.Reason, StringComparer.Ordinal);

        Assert.Contains("reflection type", reasons["System.Reflection.MethodInfo"], StringComparison.Ordinal);
        Assert.Contains("reflection type", reasons["System.Reflection.Emit.OpCode"], StringComparison.Ordinal);
        Assert.DoesNotContain("My.System.Reflection.Info", reasons.Keys);
    }
}
