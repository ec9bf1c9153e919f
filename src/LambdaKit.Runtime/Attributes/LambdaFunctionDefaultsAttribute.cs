namespace LambdaKit;

/// <summary>Deployment settings for every <see cref="LambdaFunctionAttribute"/> method of the assembly that does not set its own.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class LambdaFunctionDefaultsAttribute : Attribute
{
    /// <summary>Memory in MB (128-10240); 0 leaves Lambda's default (128).</summary>
    public int MemorySize { get; set; }

    /// <summary>Timeout in seconds (1-900); 0 leaves Lambda's default (3).</summary>
    public int Timeout { get; set; }

    /// <summary><c>/tmp</c> size in MB (512-10240); 0 leaves Lambda's default (512).</summary>
    public int EphemeralStorage { get; set; }
}
