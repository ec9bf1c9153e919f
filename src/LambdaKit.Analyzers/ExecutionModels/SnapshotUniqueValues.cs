using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LambdaKit.Analyzers.ExecutionModels;

/// <summary>
/// What LK6005 calls a value that must be unique per execution environment, and the after-restore hooks that renew
/// such values (LambdaKit's <c>LambdaSnapshot</c> and Amazon.Lambda.Core's <c>SnapshotRestore</c>, by name), resolved
/// once per compilation.
/// </summary>
internal sealed class SnapshotUniqueValues
{
    private const string RegisterAfterRestore = "RegisterAfterRestore";

    private readonly INamedTypeSymbol? _guid;
    private readonly INamedTypeSymbol? _random;
    private readonly INamedTypeSymbol? _randomNumberGenerator;
    private readonly INamedTypeSymbol? _dateTime;
    private readonly INamedTypeSymbol? _dateTimeOffset;
    private readonly INamedTypeSymbol? _dbConnection;

    public SnapshotUniqueValues(Compilation compilation)
    {
        _guid = compilation.GetTypeByMetadataName("System.Guid");
        _random = compilation.GetTypeByMetadataName("System.Random");
        _randomNumberGenerator = compilation.GetTypeByMetadataName("System.Security.Cryptography.RandomNumberGenerator");
        _dateTime = compilation.GetTypeByMetadataName("System.DateTime");
        _dateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
        _dbConnection = compilation.GetTypeByMetadataName("System.Data.Common.DbConnection");
    }

    public static bool IsAfterRestoreHook(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: RegisterAfterRestore, ContainingType: { } type } }
        && (type.ToDisplayString() == "Amazon.Lambda.Core.SnapshotRestore"
            || (type.Name == "LambdaSnapshot" && type.ContainingNamespace.ToDisplayString().StartsWith("LambdaKit", System.StringComparison.Ordinal)));

    /// <summary>What every restored environment would share, or null when <paramref name="operation"/> captures nothing unique.</summary>
    public string? Describe(IOperation operation) => operation switch
    {
        IInvocationOperation { TargetMethod: { Name: "NewGuid" } method } when Is(method.ContainingType, _guid) => "GUID",
        IInvocationOperation { TargetMethod: { IsStatic: true } method } when Is(method.ContainingType, _randomNumberGenerator) && !method.ReturnsVoid => "random bytes",
        IInvocationOperation { TargetMethod: { Name: "Fill" or "GetBytes" or "GetNonZeroBytes" } method } when Is(method.ContainingType, _randomNumberGenerator) => "random bytes",
        IInvocationOperation { TargetMethod.Name: "Open" or "OpenAsync", Instance: { Type: { } connection } } when DerivesFrom(connection, _dbConnection) => "open connection, which the snapshot freezes and every copy then shares",
        IObjectCreationOperation { Arguments.Length: 0, Type: { } created } when Is(created, _random) => "random seed",
        IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Now" or "UtcNow" or "Today" } property }
            when Is(property.ContainingType, _dateTime) || Is(property.ContainingType, _dateTimeOffset) => "timestamp, however long after init it is restored",
        _ => null,
    };

    private static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) => expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);

    private static bool DerivesFrom(ITypeSymbol type, INamedTypeSymbol? expected)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Is(current, expected))
            {
                return true;
            }
        }

        return false;
    }
}
