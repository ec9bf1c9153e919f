using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LambdaKit.Analyzers;

/// <summary>
/// The syntax pre-filter of LK4003: a file can only use an x86 intrinsic if one of its identifiers names the
/// <c>X86</c> namespace, a class of it, or a global alias of one, unless a global <c>using static</c> of such a class
/// brings bare member names into every file. Local aliases and <c>using static</c> directives name <c>X86</c> in the
/// file itself. Only files that pass are bound to operations. A file's text is searched for the names first
/// (<see cref="SourceTextSearch"/>); only the few files whose text has one have their tokens read.
/// </summary>
internal sealed class X86IntrinsicsFilter
{
    private const string NamespaceName = "X86";

    private readonly HashSet<string> _names;
    private readonly string[] _searchedWords;
    private readonly bool _everyFile;

    private X86IntrinsicsFilter(HashSet<string> names, bool everyFile)
    {
        _names = names;
        _searchedWords = ShortestWords(names);
        _everyFile = everyFile;
    }

    public static X86IntrinsicsFilter Create(Compilation compilation, INamespaceSymbol x86, CancellationToken cancellationToken)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal) { NamespaceName };
        foreach (var type in x86.GetTypeMembers())
        {
            names.Add(type.Name);
        }

        var everyFile = false;
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.GetRoot(cancellationToken) is not CompilationUnitSyntax unit)
            {
                continue;
            }

            foreach (var directive in unit.Usings)
            {
                if (!directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) || !Mentions(directive, names))
                {
                    continue;
                }

                if (directive.Alias is { } alias)
                {
                    names.Add(alias.Name.Identifier.ValueText);
                }
                else if (directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
                {
                    everyFile = true;
                }
            }
        }

        return new X86IntrinsicsFilter(names, everyFile);
    }

    public bool MayUseIntrinsics(SyntaxTree tree, CancellationToken cancellationToken) =>
        _everyFile
        || (SourceTextSearch.ContainsAny(tree.GetText(cancellationToken), _searchedWords) && Mentions(tree.GetRoot(cancellationToken), _names));

    /// <summary>The syntax of a call, a property read or a method group: what LK4003 reports.</summary>
    public static bool MayBeMemberUse(SyntaxNode node) => node.IsKind(SyntaxKind.InvocationExpression)
        || node.IsKind(SyntaxKind.SimpleMemberAccessExpression)
        || node.IsKind(SyntaxKind.IdentifierName)
        || node.IsKind(SyntaxKind.GenericName);

    /// <summary>
    /// The names a text must contain one of to contain any of <paramref name="names"/>: those with no other name in them
    /// (<c>Avx</c> stands for <c>Avx2</c>, <c>X86</c> for <c>X86Base</c>), so fewer searches per file.
    /// </summary>
    private static string[] ShortestWords(HashSet<string> names) =>
        names.Where(name => !names.Any(other => other.Length < name.Length && name.IndexOf(other, System.StringComparison.Ordinal) >= 0)).ToArray();

    private static bool Mentions(SyntaxNode? node, HashSet<string> names)
    {
        if (node is null)
        {
            return false;
        }

        foreach (var token in node.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && names.Contains(token.ValueText))
            {
                return true;
            }
        }

        return false;
    }
}
