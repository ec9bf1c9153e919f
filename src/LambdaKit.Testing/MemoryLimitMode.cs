namespace LambdaKit.Testing;

/// <summary>How a <see cref="LambdaProcess"/> holds its runtime to the function's memory size.</summary>
public enum MemoryLimitMode
{
    /// <summary>A memory cgroup where one can be created (Linux, usually root only), else sampling.</summary>
    Automatic,

    /// <summary>A memory cgroup with the limit, counting every process of the runtime; starting fails without one.</summary>
    Cgroup,

    /// <summary>The runtime process's resident set (<c>VmRSS</c>) read every 50 ms; Linux only.</summary>
    Sampling,

    /// <summary>No limit.</summary>
    Off,
}
