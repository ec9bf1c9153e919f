using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LambdaKit.Analyzers.Tests.RoslynTestKit;

/// <summary>
/// A test project: sources, references, additional files and analyzer config options (e.g.
/// <c>build_property.LambdaArchitecture</c>) as MSBuild would pass them to the compiler. Builds a compilation over the
/// .NET 8 reference assemblies for the generator runner; analyzer and code-fix tests hand the same settings to
/// Microsoft.CodeAnalysis.Testing (<see cref="LambdaKitTestSettings"/>).
/// </summary>
public sealed class CompilationBuilder
{
    private readonly List<(string Path, string Text)> _sources = [];
    private readonly List<AdditionalText> _additionalFiles = [];
    private readonly List<(string Path, string Text)> _additionalFileTexts = [];
    private readonly Dictionary<string, string> _globalOptions = new(StringComparer.Ordinal);
    private readonly List<MetadataReference> _extraReferences = [];
    private OutputKind _outputKind = OutputKind.DynamicallyLinkedLibrary;
    private bool _allowUnsafe;

    /// <summary>What the SDK's ImplicitUsings adds to a console or library project (the samples rely on it).</summary>
    public const string SdkImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public CSharpParseOptions ParseOptions { get; private set; } = new(LanguageVersion.Latest);

    public IReadOnlyList<(string Path, string Text)> Sources => _sources;

    /// <summary>References beyond the .NET 8 reference assemblies.</summary>
    public IReadOnlyList<MetadataReference> ExtraReferences => _extraReferences;

    /// <summary>Additional files as (path, text).</summary>
    public IReadOnlyList<(string Path, string Text)> AdditionalFileTexts => _additionalFileTexts;

    public IReadOnlyDictionary<string, string> GlobalOptions => _globalOptions;

    public OutputKind OutputKind => _outputKind;

    public bool AllowUnsafe => _allowUnsafe;

    /// <summary>Adds a source file; paths default to <c>/src/Test0.cs</c>, <c>/src/Test1.cs</c>, ...</summary>
    public CompilationBuilder WithSource(string text, string? path = null)
    {
        _sources.Add((path ?? $"/src/Test{_sources.Count}.cs", text));
        return this;
    }

    public CompilationBuilder WithAdditionalFile(string path, string text)
    {
        _additionalFiles.Add(new InMemoryAdditionalText(path, text));
        _additionalFileTexts.Add((path, text));
        return this;
    }

    /// <summary>A global analyzer config option, as <c>build_property.X</c> from a <c>CompilerVisibleProperty</c>.</summary>
    public CompilationBuilder WithGlobalOption(string key, string value)
    {
        _globalOptions[key] = value;
        return this;
    }

    /// <summary>The net8.0 build of LambdaKit.Runtime (its attributes, context and events), as a function references it.</summary>
    public static MetadataReference LambdaKitRuntime => RuntimeReference.Value;

    private static readonly Lazy<MetadataReference> RuntimeReference = new(() => MetadataReference.CreateFromFile(
        System.Reflection.CustomAttributeExtensions.GetCustomAttributes<System.Reflection.AssemblyMetadataAttribute>(typeof(CompilationBuilder).Assembly).Single(a => a.Key == "RuntimeNet8Path").Value!));

    public CompilationBuilder WithLambdaKitRuntime() => WithReference(LambdaKitRuntime);

    public CompilationBuilder WithReference(MetadataReference reference)
    {
        _extraReferences.Add(reference);
        return this;
    }

    public CompilationBuilder WithOutputKind(OutputKind outputKind)
    {
        _outputKind = outputKind;
        return this;
    }

    public CompilationBuilder WithAllowUnsafe(bool allowUnsafe = true)
    {
        _allowUnsafe = allowUnsafe;
        return this;
    }

    public CompilationBuilder WithLanguageVersion(LanguageVersion version)
    {
        ParseOptions = ParseOptions.WithLanguageVersion(version);
        return this;
    }

    public CSharpCompilation BuildCompilation(string assemblyName = "TestAssembly") =>
        CSharpCompilation.Create(
            assemblyName,
            _sources.Select(source => CSharpSyntaxTree.ParseText(SourceText.From(source.Text, System.Text.Encoding.UTF8), ParseOptions, source.Path)),
            [.. Basic.Reference.Assemblies.Net80.References.All, .. _extraReferences],
            new CSharpCompilationOptions(_outputKind, allowUnsafe: _allowUnsafe, nullableContextOptions: NullableContextOptions.Enable));

    public ImmutableArray<AdditionalText> AdditionalFiles => [.. _additionalFiles];

    public AnalyzerConfigOptionsProvider BuildOptionsProvider() => new TestAnalyzerConfigOptionsProvider(_globalOptions);

    public AnalyzerOptions BuildAnalyzerOptions() => new(AdditionalFiles, BuildOptionsProvider());

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text, System.Text.Encoding.UTF8);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class TestAnalyzerConfigOptionsProvider(IReadOnlyDictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        private static readonly DictionaryOptions Empty = new(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;
    }

    private sealed class DictionaryOptions(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }
}
