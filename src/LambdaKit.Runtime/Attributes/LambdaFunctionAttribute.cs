namespace LambdaKit;

/// <summary>
/// Marks a method as a Lambda function handler. LambdaKit's generator registers it (reflection-free), generates its
/// JSON serializer metadata and, in an executable project without its own <c>Main</c>, the bootstrap <c>Main</c>.
/// </summary>
/// <remarks>
/// The handler may be static, or an instance method of a type with an accessible parameterless constructor (one
/// instance per execution environment, created during init). Parameters, in any order and each optional: the input
/// (any JSON-serializable type, or <see cref="System.IO.Stream"/>), the context
/// (<see cref="Runtime.ILambdaContext"/> or <c>Amazon.Lambda.Core.ILambdaContext</c>) and a
/// <see cref="System.Threading.CancellationToken"/> (the context's, cancelled shortly before the deadline). Returns
/// <see langword="void"/>, a JSON-serializable type, <see cref="System.IO.Stream"/>, or a <c>Task</c>/<c>ValueTask</c>
/// of those. See docs/handlers.md.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LambdaFunctionAttribute : Attribute
{
    /// <summary>
    /// The short function name, accepted as a handler name besides <c>Assembly::Namespace.Type::Method</c>.
    /// Default: the method name.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>Memory in MB (128-10240); 0 takes <see cref="LambdaFunctionDefaultsAttribute.MemorySize"/>.</summary>
    public int MemorySize { get; set; }

    /// <summary>Timeout in seconds (1-900); 0 takes <see cref="LambdaFunctionDefaultsAttribute.Timeout"/>.</summary>
    public int Timeout { get; set; }

    /// <summary><c>/tmp</c> size in MB (512-10240); 0 takes <see cref="LambdaFunctionDefaultsAttribute.EphemeralStorage"/>.</summary>
    public int EphemeralStorage { get; set; }

    /// <summary>
    /// Lambda Managed Instances: the most invocations one execution environment runs at the same time (1-1600); 0 takes
    /// <see cref="LambdaFunctionDefaultsAttribute.MaxConcurrency"/>. Above 1 the handler must be thread-safe (rules
    /// LK6001-LK6004).
    /// </summary>
    public int MaxConcurrency { get; set; }

    /// <summary>
    /// SnapStart: init runs once and a snapshot of it is restored into every execution environment (managed runtimes
    /// only). Either this or <see cref="LambdaFunctionDefaultsAttribute.SnapStart"/> turns it on (rules LK3012, LK6005).
    /// </summary>
    public bool SnapStart { get; set; }

    /// <summary>
    /// Tenant isolation: each tenant gets its own execution environments, and each invocation names its tenant. Either
    /// this or <see cref="LambdaFunctionDefaultsAttribute.TenantIsolation"/> turns it on (rule LK3012).
    /// </summary>
    public bool TenantIsolation { get; set; }
}
