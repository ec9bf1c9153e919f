namespace LambdaKit;

/// <summary>Options of the JSON serializer context LambdaKit generates for the assembly's handlers (see docs/serialization.md).</summary>
/// <remarks>Ignored when <see cref="LambdaSerializerContextAttribute"/> names the user's own context: its options apply.</remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class LambdaJsonOptionsAttribute : Attribute
{
    /// <summary>How CLR property names become JSON names. Default: as declared, like AWS's Lambda serializer.</summary>
    public LambdaPropertyNaming PropertyNaming { get; set; }
}

/// <summary>JSON property naming of the generated serializer context.</summary>
public enum LambdaPropertyNaming
{
    /// <summary>Names as declared in C# (<c>FirstName</c>), as Amazon.Lambda.Serialization.SystemTextJson writes them.</summary>
    AsDeclared = 0,

    /// <summary>camelCase (<c>firstName</c>), as <c>JsonNamingPolicy.CamelCase</c>.</summary>
    CamelCase = 1,
}
