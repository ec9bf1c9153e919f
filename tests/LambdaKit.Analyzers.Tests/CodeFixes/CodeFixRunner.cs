using System.Collections.Immutable;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace LambdaKit.Analyzers.Tests.CodeFixes;

/// <summary>
/// Applies a code fix the way the IDE does: the analyzer's diagnostics on a workspace project, the fix's first
/// action, the changed solution. Tests compare the resulting documents' text.
/// </summary>
public static class CodeFixRunner
{
    /// <summary>
    /// Runs <paramref name="analyzer"/> on <paramref name="sources"/>, applies <paramref name="fix"/> to the diagnostic
    /// with <paramref name="diagnosticId"/> (exactly one must exist) and returns every document's text afterwards.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> ApplyAsync(
        DiagnosticAnalyzer analyzer,
        CodeFixProvider fix,
        string diagnosticId,
        IReadOnlyList<(string Path, string Text)> sources,
        IEnumerable<MetadataReference> references)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "Functions",
            "Functions",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: [.. Basic.Reference.Assemblies.Net80.References.All, .. references]));
        foreach (var (path, text) in sources)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(path), SourceText.From(text), filePath: path);
        }

        var project = solution.GetProject(projectId)!;
        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        var diagnostics = await compilation.WithAnalyzers([analyzer]).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
        var diagnostic = diagnostics.Where(d => d.Id == diagnosticId).ToList() switch
        {
            [var single] => single,
            var all => throw new XunitException($"Expected one {diagnosticId}, found {all.Count}: {string.Join("\n", diagnostics)}"),
        };

        var document = solution.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None)).ConfigureAwait(false);
        if (actions.Count == 0)
        {
            throw new XunitException($"The fix offered no action for {diagnostic}.");
        }

        var operations = await actions[0].GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var changedDocument in changed.GetProject(projectId)!.Documents)
        {
            result[changedDocument.FilePath!] = (await changedDocument.GetTextAsync().ConfigureAwait(false)).ToString();
        }

        return result;
    }
}
