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

    /// <summary>Lambda Managed Instances: the most invocations one execution environment runs at once (1-1600); 0 leaves one at a time.</summary>
    public int MaxConcurrency { get; set; }

    /// <summary>SnapStart for every function of the assembly (managed runtimes only).</summary>
    public bool SnapStart { get; set; }

    /// <summary>Tenant isolation for every function of the assembly.</summary>
    public bool TenantIsolation { get; set; }
}
