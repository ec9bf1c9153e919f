using System.Reflection;
using System.Runtime.Loader;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.Runtime;
using LambdaKit.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Sdk;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>
/// Runs <see cref="LambdaFunctionGenerator"/> on test sources compiled over the .NET 8 reference assemblies and the
/// net8.0 LambdaKit.Runtime, as a user's function compiles, and loads the result to execute it.
/// </summary>
internal static class HandlerTestHost
{
    public const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using LambdaKit;
        using LambdaKit.Runtime;

        """;

    private static readonly Lazy<MetadataReference> RuntimeReference = new(() =>
    {
        var path = typeof(HandlerTestHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RuntimeNet8Path").Value!;
        return MetadataReference.CreateFromFile(path);
    });

    private static readonly Lazy<byte[]> AmazonLambdaCore = new(() => CompileStandIn("Amazon.Lambda.Core"));

    // Amazon's System.Text.Json serializers, over the Amazon.Lambda.Core stand-in as the real package is.
    private static readonly Lazy<byte[]> AmazonSerialization = new(() =>
        CompileStandIn("Amazon.Lambda.Serialization.SystemTextJson", MetadataReference.CreateFromImage(AmazonLambdaCore.Value)));

    private static byte[] CompileStandIn(string assemblyName, params MetadataReference[] references)
    {
        using var stream = typeof(HandlerTestHost).Assembly.GetManifestResourceStream("StandIns." + assemblyName + ".cs")
            ?? throw new InvalidOperationException($"The {assemblyName} stand-in source is not embedded.");
        using var reader = new StreamReader(stream);
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(reader.ReadToEnd(), new CSharpParseOptions(LanguageVersion.Latest))],
            [.. Basic.Reference.Assemblies.Net80.References.All, .. references],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return EmitOrThrow(compilation);
    }

    /// <summary>
    /// A compilation builder with LambdaKit.Runtime referenced (and, when asked, the stand-ins of Amazon.Lambda.Core and
    /// Amazon.Lambda.Serialization.SystemTextJson).
    /// </summary>
    public static CompilationBuilder Builder(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary, bool amazon = false)
    {
        var builder = new CompilationBuilder()
            .WithSource(source)
            .WithOutputKind(outputKind)
            .WithReference(RuntimeReference.Value);
        if (amazon)
        {
            builder.WithReference(MetadataReference.CreateFromImage(AmazonLambdaCore.Value));
            builder.WithReference(MetadataReference.CreateFromImage(AmazonSerialization.Value));
        }

        return builder;
    }

    /// <summary>Runs the generator (and System.Text.Json's when <paramref name="withJsonGenerator"/>); the output must compile without warnings.</summary>
    public static GeneratorResult Run(CompilationBuilder builder, bool withJsonGenerator = false, string assemblyName = "Functions")
    {
        var generators = withJsonGenerator ? new[] { new LambdaFunctionGenerator(), JsonGenerator.Value } : [new LambdaFunctionGenerator()];
        var driver = GeneratorRunner.CreateDriver(builder, generators);
        var (_, output, result) = GeneratorRunner.Run(driver, builder.BuildCompilation(assemblyName));
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        if (problems.Count > 0 || result.Diagnostics.Length > 0)
        {
            throw new XunitException("The generated code does not compile cleanly:\n" + string.Join("\n", problems.Concat(result.Diagnostics))
                + "\n\n" + string.Join("\n\n", result.GeneratedTrees.Select(t => "// " + t.FilePath + "\n" + t)));
        }

        var sources = result.Results.Where(r => r.Generator.GetGeneratorType() == typeof(LambdaFunctionGenerator))
            .SelectMany(r => r.GeneratedSources)
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        return new GeneratorResult(output, sources, builder);
    }

    /// <summary>System.Text.Json's own generator, for user-named contexts.</summary>
    private static readonly Lazy<IIncrementalGenerator> JsonGenerator = new(SystemTextJsonGenerator.Create);

    public static byte[] EmitOrThrow(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        if (!emit.Success)
        {
            throw new XunitException("Emit failed:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return stream.ToArray();
    }

    /// <summary>Loads the compiled function (and the Amazon stand-ins) in a context of their own.</summary>
    public static Assembly Load(Compilation compilation)
    {
        var context = new FunctionLoadContext();
        return context.LoadFromStream(new MemoryStream(EmitOrThrow(compilation)));
    }

    /// <summary>The generated <c>LambdaFunctions.InitializeAsync</c> as the bootstrap's init callback.</summary>
    public static Func<LambdaInitContext, ValueTask<LambdaHandler>> Initializer(Assembly assembly) =>
        assembly.GetType("LambdaKit.Generated.LambdaFunctions", throwOnError: true)!
            .GetMethod("InitializeAsync")!
            .CreateDelegate<Func<LambdaInitContext, ValueTask<LambdaHandler>>>();

    /// <summary>The generated <c>LambdaFunctions.CreateHandler</c>.</summary>
    public static Func<string, LambdaHandler> HandlerFactory(Assembly assembly) =>
        assembly.GetType("LambdaKit.Generated.LambdaFunctions", throwOnError: true)!
            .GetMethod("CreateHandler")!
            .CreateDelegate<Func<string, LambdaHandler>>();

    // Not collectible: a collectible context that nothing references starts unloading from its finalizer while the
    // function still runs, and its next lazy assembly load (Amazon.Lambda.Core) then fails. A test run loads a few dozen.
    private sealed class FunctionLoadContext() : AssemblyLoadContext(isCollectible: false)
    {
        // LambdaKit.Runtime and the framework come from the default context, so the test and the function share LambdaHandler.
        protected override Assembly? Load(AssemblyName assemblyName) => assemblyName.Name switch
        {
            "Amazon.Lambda.Core" => LoadFromStream(new MemoryStream(AmazonLambdaCore.Value)),
            "Amazon.Lambda.Serialization.SystemTextJson" => LoadFromStream(new MemoryStream(AmazonSerialization.Value)),
            _ => null,
        };
    }
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorResult(Compilation Output, IReadOnlyDictionary<string, string> Sources, CompilationBuilder Builder);

/// <summary>A context for calling a generated handler directly, without the runtime.</summary>
internal sealed class FakeLambdaContext(string functionName, string? tenantId = null) : ILambdaContext
{
    public string AwsRequestId => "request";

    public string FunctionName => functionName;

    public string FunctionVersion => "$LATEST";

    public string InvokedFunctionArn => "arn";

    public int MemoryLimitInMB => 128;

    public string LogGroupName => "group";

    public string LogStreamName => "stream";

    public DateTimeOffset Deadline => DateTimeOffset.MaxValue;

    public TimeSpan RemainingTime => TimeSpan.FromMinutes(1);

    public CancellationToken CancellationToken => CancellationToken.None;

    public string? TraceId => null;

    public string? TenantId => tenantId;

    public ICognitoIdentity? Identity => null;

    public IClientContext? ClientContext => null;

    public Runtime.Logging.ILambdaLogger Logger { get; } = new Runtime.Logging.LambdaLogger(Stream.Null);
}
