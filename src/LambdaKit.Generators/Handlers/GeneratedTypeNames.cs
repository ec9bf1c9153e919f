using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Handlers;

/// <summary>
/// The types the generator declares in <c>LambdaKit.Generated</c>, and whether the user's own code already declares one
/// of them: then nothing is generated (the files refer to each other, so a partial set would not compile either), and the
/// user's code compiles as it did without the generator.
/// </summary>
internal static class GeneratedTypeNames
{
    private static readonly string[] Names =
    [
        HandlerEmitter.RegistrationClass,
        HandlerEmitter.ProgramClass,
        HandlerSerialization.ContextClass,
        "AmazonLambdaContext",
        "AmazonLambdaLogger",
        "AmazonLambdaSerializer",
        "AmazonCognitoIdentity",
        "AmazonClientContext",
        "AmazonClientApplication",
    ];

    /// <summary>The first generated type name the compilation's own sources declare; <see langword="null"/> when none.</summary>
    public static string? DeclaredByUser(Compilation compilation)
    {
        foreach (var name in Names)
        {
            // The compilation's own assembly only: a referenced library's LambdaKit.Generated types are internal to it.
            if (compilation.Assembly.GetTypeByMetadataName(HandlerEmitter.Namespace + "." + name) is not null)
            {
                return name;
            }
        }

        return null;
    }
}
