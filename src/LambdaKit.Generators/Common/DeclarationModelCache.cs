using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Common;

/// <summary>
/// The last model built for each node, with what its compilation declared (<see cref="CompilationDeclarations"/>): on a
/// compilation that declares the same, the model is reused instead of binding the node's symbols again.
/// </summary>
/// <remarks>
/// For models built from declarations alone (a method's signature and attributes, the types they reach), never from
/// member bodies. Keyed by node: a file an edit did not touch keeps its syntax tree, and so its nodes.
/// </remarks>
internal sealed class DeclarationModelCache<TModel>
    where TModel : class
{
    private readonly ConditionalWeakTable<SyntaxNode, Entry> _entries = new();

    public TModel? GetOrBuild(SyntaxNode node, Compilation compilation, Func<TModel?> build, CancellationToken cancellationToken)
    {
        var declarations = CompilationDeclarations.Of(compilation);
        var entry = _entries.GetValue(node, static _ => new Entry());
        if (entry.Built is { } built && declarations.SameAs(built.Declarations, cancellationToken))
        {
            // The newer compilation's declarations replace the older's, so the older compilation's files can be collected.
            entry.Built = new Built(declarations, built.Model);
            return built.Model;
        }

        var model = build();
        entry.Built = new Built(declarations, model);
        return model;
    }

    private sealed class Entry
    {
        private volatile Built? _built;

        public Built? Built
        {
            get => _built;
            set => _built = value;
        }
    }

    private sealed class Built(CompilationDeclarations declarations, TModel? model)
    {
        public CompilationDeclarations Declarations { get; } = declarations;

        public TModel? Model { get; } = model;
    }
}
