using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LambdaKit.Generators.Common;

/// <summary>
/// What a compilation declares, as far as any symbol's shape can tell: its name, options, references, and each file's text
/// outside member bodies. Two compilations that declare the same bind every declaration (types, members, signatures,
/// attributes) the same way, so a model built from declarations alone in one holds in the other.
/// </summary>
/// <remarks>
/// Why: after an edit, the compiler calls a generator's semantic transforms again for every node in every file on the
/// new compilation. An edit inside a method body or a comment cannot change any declaration, so the models built from
/// declarations can be reused instead of binding them again. Anything else (a member added, a using, a directive, an
/// option, a reference) makes the compilations differ, and the models are built again.
/// </remarks>
internal sealed class CompilationDeclarations
{
    private static readonly ConditionalWeakTable<Compilation, CompilationDeclarations> ByCompilation = new();
    private static readonly ConditionalWeakTable<SyntaxTree, string> Outlines = new();

    private readonly string? _assemblyName;
    private readonly CompilationOptions _options;
    private readonly ImmutableArray<MetadataReference> _references;
    private readonly ImmutableArray<SyntaxTree> _trees;

    // The last compilation compared with this one and the answer: the transforms of one run all ask about the same pair.
    private Comparison? _last;

    private CompilationDeclarations(Compilation compilation)
    {
        _assemblyName = compilation.AssemblyName;
        _options = compilation.Options;
        _references = compilation.References.ToImmutableArray();
        _trees = compilation.SyntaxTrees.ToImmutableArray();
    }

    public static CompilationDeclarations Of(Compilation compilation) =>
        ByCompilation.GetValue(compilation, static c => new CompilationDeclarations(c));

    /// <summary>Whether <paramref name="other"/> declares exactly what this compilation declares.</summary>
    public bool SameAs(CompilationDeclarations other, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (_last is { } last && ReferenceEquals(last.Other, other))
        {
            return last.Same;
        }

        var same = Compare(other, cancellationToken);
        _last = new Comparison(other, same);
        return same;
    }

    private bool Compare(CompilationDeclarations other, CancellationToken cancellationToken)
    {
        if (_trees.Length != other._trees.Length || _references.Length != other._references.Length 
            || _assemblyName != other._assemblyName || !_options.Equals(other._options))
        {
            return false;
        }

        for (var i = 0; i < _references.Length; i++)
        {
            if (!ReferenceEquals(_references[i], other._references[i]))
            {
                return false;
            }
        }

        for (var i = 0; i < _trees.Length; i++)
        {
            var tree = _trees[i];
            var otherTree = other._trees[i];
            if (!ReferenceEquals(tree, otherTree)
                && (tree.FilePath != otherTree.FilePath
                    || !tree.Options.Equals(otherTree.Options)
                    || Outline(tree, cancellationToken) != Outline(otherTree, cancellationToken)))
            {
                return false;
            }
        }

        return true;
    }

    private static string Outline(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (Outlines.TryGetValue(tree, out var outline))
        {
            return outline;
        }

        outline = BuildOutline(tree.GetRoot(cancellationToken));
        return Outlines.GetValue(tree, _ => outline);
    }

    /// <summary>
    /// The file's tokens, each with its kind, except inside member bodies (a marker stands for each body, so an
    /// auto-property and one with bodies differ), and every preprocessor directive, including those inside bodies
    /// (<c>#nullable</c> there changes the declarations after it). Comments and whitespace are left out.
    /// </summary>
    private static string BuildOutline(SyntaxNode root)
    {
        var text = new StringBuilder();
        foreach (var item in root.DescendantNodesAndTokens(static node => !IsMemberBody(node)))
        {
            if (item.AsNode() is { } node)
            {
                if (IsMemberBody(node))
                {
                    text.Append("{body}\u0001");
                    if (node.ContainsDirectives)
                    {
                        foreach (var trivia in node.DescendantTrivia())
                        {
                            AppendDirective(text, trivia);
                        }
                    }
                }

                continue;
            }

            var token = item.AsToken();
            foreach (var trivia in token.LeadingTrivia)
            {
                AppendDirective(text, trivia);
            }

            text.Append((int)token.Kind()).Append(':').Append(token.Text).Append('\u0001');
            foreach (var trivia in token.TrailingTrivia)
            {
                AppendDirective(text, trivia);
            }
        }

        return text.ToString();
    }

    private static void AppendDirective(StringBuilder text, SyntaxTrivia trivia)
    {
        if (trivia.IsDirective)
        {
            text.Append("#:").Append(trivia.ToString()).Append('\u0001');
        }
    }

    /// <summary>A method's, constructor's, operator's, accessor's or expression-bodied property's body: nothing in it is visible outside.</summary>
    private static bool IsMemberBody(SyntaxNode node) =>
        node is BlockSyntax or ArrowExpressionClauseSyntax
        && node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax;

    private sealed class Comparison(CompilationDeclarations other, bool same)
    {
        public CompilationDeclarations Other { get; } = other;

        public bool Same { get; } = same;
    }
}
