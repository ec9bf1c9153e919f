using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Generators.Common;
using LambdaKit.Generators.Serialization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Sdk;

namespace LambdaKit.Generators.Tests.Serialization;

/// <summary>
/// Compiles user types plus the emitted context (Roslyn 4.14 over the .NET 8 reference assemblies, warnings as errors),
/// loads the result into a collectible context, and gives the generated options and the reflection oracle's options.
/// </summary>
internal sealed class SerializerHarness : IDisposable
{
    public const string ContextNamespace = "Generated.Json";
    public const string ContextName = "TestJsonContext";

    private readonly AssemblyLoadContext _loadContext;
    private readonly JsonNamingPolicyKind _naming;

    private SerializerHarness(SerializerModel model, string emitted, Assembly assembly, AssemblyLoadContext loadContext, JsonNamingPolicyKind naming)
    {
        Model = model;
        Emitted = emitted;
        Assembly = assembly;
        _loadContext = loadContext;
        _naming = naming;
        ContextType = assembly.GetType($"{ContextNamespace}.{ContextName}", throwOnError: true)!;
        var context = (JsonSerializerContext)ContextType.GetProperty("Default")!.GetValue(null)!;
        Generated = context.Options;
        Reflection = GeneratedDefaults();
        Reflection.TypeInfoResolver = new DefaultJsonTypeInfoResolver();
    }

    public SerializerModel Model { get; }

    public string Emitted { get; }

    public Assembly Assembly { get; }

    /// <summary>The generated context class.</summary>
    public Type ContextType { get; }

    /// <summary>Options bound to the generated context.</summary>
    public JsonSerializerOptions Generated { get; }

    /// <summary>The same options on the reflection resolver: the oracle.</summary>
    public JsonSerializerOptions Reflection { get; }

    /// <summary>
    /// Options with the generated context's settings changed by <paramref name="configure"/>: a new context bound to them,
    /// and the same settings on the reflection resolver.
    /// </summary>
    public (JsonSerializerOptions Reflection, JsonSerializerOptions Generated) CreateOptions(Action<JsonSerializerOptions> configure)
    {
        var generated = GeneratedDefaults();
        configure(generated);
        _ = Activator.CreateInstance(ContextType, generated);
        var reflection = GeneratedDefaults();
        configure(reflection);
        reflection.TypeInfoResolver = new DefaultJsonTypeInfoResolver();
        return (reflection, generated);
    }

    /// <summary>
    /// A type of the compiled assembly or of an assembly it references (framework types, LambdaKit.Runtime), resolved in
    /// its load context; a trailing <c>?</c> means <c>Nullable&lt;T&gt;</c>.
    /// </summary>
    public Type Type(string fullName)
    {
        if (fullName.EndsWith('?'))
        {
            return typeof(Nullable<>).MakeGenericType(Type(fullName[..^1]));
        }

        return Assembly.GetType(fullName)
            ?? Assembly.GetReferencedAssemblies()
                .Select(name => _loadContext.LoadFromAssemblyName(name).GetType(fullName))
                .FirstOrDefault(type => type is not null)
            ?? throw new XunitException($"No type {fullName} in the compiled assembly or its references.");
    }

    /// <summary>
    /// Builds the model for the named roots (a trailing <c>?</c> makes a value type <c>Nullable&lt;T&gt;</c>), emits the
    /// context, compiles everything with <paramref name="references"/> added, and loads it.
    /// </summary>
    public static SerializerHarness Create(IEnumerable<string> sources, IEnumerable<string> rootMetadataNames, JsonNamingPolicyKind naming = JsonNamingPolicyKind.AsDeclared, IEnumerable<MetadataReference>? references = null)
    {
        var builder = new CompilationBuilder();
        foreach (var source in sources)
        {
            builder.WithSource(source);
        }

        foreach (var reference in references ?? [])
        {
            builder.WithReference(reference);
        }

        var compilation = builder.BuildCompilation("SerializerUnderTest");
        AssertNoDiagnostics(compilation, "user source");
        var roots = rootMetadataNames.Select(name => Root(compilation, name)).ToList();
        var model = SerializerModelBuilder.Build(compilation, roots, naming, CancellationToken.None);
        var emitted = Emit(model);
        var full = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(emitted, builder.ParseOptions, "/gen/TestJsonContext.g.cs"));
        var assembly = Load(full, out var loadContext);
        return new SerializerHarness(model, emitted, assembly, loadContext, naming);
    }

    private static ITypeSymbol Root(Compilation compilation, string name)
    {
        if (name.EndsWith('?'))
        {
            return compilation.GetSpecialType(SpecialType.System_Nullable_T).Construct(Root(compilation, name[..^1]));
        }

        return (ITypeSymbol?)compilation.GetTypeByMetadataName(name) ?? throw new XunitException($"No type {name} in the test source or its references.");
    }

    public static string Emit(SerializerModel model)
    {
        var writer = new SourceWriter();
        SerializerEmitter.Emit(writer, ContextNamespace, ContextName, model);
        return writer.ToString();
    }

    /// <summary>Every diagnostic of warning level or above fails: the emitted code must build under TreatWarningsAsErrors.</summary>
    public static void AssertNoDiagnostics(Compilation compilation, string what)
    {
        var problems = compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToList();
        if (problems.Count > 0)
        {
            throw new XunitException($"The {what} does not compile cleanly:\n{string.Join("\n", problems)}");
        }
    }

    public void Dispose() => _loadContext.Unload();

    /// <summary>The settings of the generated context's default options, without a resolver.</summary>
    private JsonSerializerOptions GeneratedDefaults() => new()
    {
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = _naming == JsonNamingPolicyKind.CamelCase ? JsonNamingPolicy.CamelCase : null,
    };

    private static Assembly Load(Compilation compilation, out AssemblyLoadContext loadContext)
    {
        AssertNoDiagnostics(compilation, "emitted context");
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new XunitException("Emit failed:\n" + string.Join("\n", result.Diagnostics));
        }

        stream.Position = 0;
        loadContext = new AssemblyLoadContext("SerializerUnderTest", isCollectible: true);
        return loadContext.LoadFromStream(stream);
    }
}
