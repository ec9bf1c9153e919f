namespace LambdaKit;

/// <summary>A Lambda instruction set architecture, named as Lambda names it.</summary>
public enum LambdaArchitecture
{
    /// <summary>Not set here: the enclosing default applies.</summary>
    Unspecified = 0,

    /// <summary><c>x86_64</c>.</summary>
#pragma warning disable CA1707 // Lambda's own name for the architecture, so it reads as in the console and templates.
    X86_64 = 1,
#pragma warning restore CA1707

    /// <summary><c>arm64</c> (Graviton).</summary>
    Arm64 = 2,
}
