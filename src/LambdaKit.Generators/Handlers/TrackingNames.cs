namespace LambdaKit.Generators.Handlers;

/// <summary>Names of the generator's incremental steps, so tests can assert what re-ran.</summary>
internal static class TrackingNames
{
    /// <summary>One output per method with an attribute: the <c>[LambdaFunction]</c> method found, or <see langword="null"/> for any other.</summary>
    public const string AttributedMethods = nameof(AttributedMethods);

    /// <summary>One output per <c>[LambdaFunction]</c> method: its model, or <see langword="null"/> when it is not a valid handler.</summary>
    public const string Handlers = nameof(Handlers);

    /// <summary>The valid handlers with unique names, sorted by name.</summary>
    public const string HandlerSet = nameof(HandlerSet);

    /// <summary>Compilation-wide settings (assembly name, output kind, user context, naming, Amazon.Lambda.Core surface).</summary>
    public const string Settings = nameof(Settings);

    /// <summary>Default mode: the generated serializer context's model, and the handlers whose types it cannot describe.</summary>
    public const string Serializer = nameof(Serializer);

    /// <summary>Whether to emit <c>Main</c>: the user's entry point and <c>LambdaGenerateMain</c>.</summary>
    public const string EntryPoint = nameof(EntryPoint);
}
