using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Analyzers.ExecutionModels;

/// <summary>
/// Whether any file of a compilation names an execution-model setting: a setting is only ever set by name (a named
/// argument of <c>[LambdaFunction]</c> or <c>[assembly: LambdaFunctionDefaults]</c>), so when no file's text has the
/// name, no handler has it set and the rules that need it have nothing to check. One text search per setting and
/// compilation, however many rules ask.
/// </summary>
internal sealed class SettingMentions
{
    private readonly Compilation _compilation;
    private readonly Dictionary<string, bool> _mentioned = new(System.StringComparer.Ordinal);

    public SettingMentions(Compilation compilation) => _compilation = compilation;

    public bool Mentions(string setting, CancellationToken cancellationToken)
    {
        // Rules start concurrently: the lock makes the first one search and the others wait for its answer. A
        // cancelled search stores nothing, so a later analysis of the same compilation searches again.
        lock (_mentioned)
        {
            if (!_mentioned.TryGetValue(setting, out var mentioned))
            {
                mentioned = Search(setting, cancellationToken);
                _mentioned.Add(setting, mentioned);
            }

            return mentioned;
        }
    }

    private bool Search(string setting, CancellationToken cancellationToken)
    {
        var words = new[] { setting };
        foreach (var tree in _compilation.SyntaxTrees)
        {
            if (SourceTextSearch.ContainsAny(tree.GetText(cancellationToken), words))
            {
                return true;
            }
        }

        return false;
    }
}
