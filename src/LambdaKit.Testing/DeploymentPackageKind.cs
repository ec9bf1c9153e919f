namespace LambdaKit.Testing;

/// <summary>What a deployment package's root says it is.</summary>
internal enum DeploymentPackageKind
{
    /// <summary>No <c>bootstrap</c> and not exactly one <c>*.runtimeconfig.json</c>: not a Lambda package.</summary>
    NotAPackage,

    /// <summary>A <c>bootstrap</c> at the root: an OS-only runtime (<c>provided.al2023</c>) starts it.</summary>
    OsOnly,

    /// <summary>One <c>*.runtimeconfig.json</c> at the root: a managed .NET runtime runs its assembly.</summary>
    Managed,
}
