using System.Globalization;

namespace LambdaKit.Testing;

/// <summary>
/// Holds one runtime process to the function's memory size, as Lambda kills a runtime whose memory exceeds it: through
/// a memory cgroup (the kernel kills the process) or by sampling its resident set and killing it.
/// </summary>
internal sealed class MemoryLimit : IDisposable
{
    private static readonly TimeSpan SamplingInterval = TimeSpan.FromMilliseconds(50);

    private readonly int processId;
    private readonly long limitKilobytes;
    private readonly Action kill;
    private readonly string? cgroup;
    private readonly Timer? timer;
    private int exceeded;

    private MemoryLimit(MemoryLimitMode mode, int processId, long limitKilobytes, Action kill, string? cgroup)
    {
        Mode = mode;
        this.processId = processId;
        this.limitKilobytes = limitKilobytes;
        this.kill = kill;
        this.cgroup = cgroup;
        if (mode == MemoryLimitMode.Sampling)
        {
            timer = new Timer(static state => ((MemoryLimit)state!).Sample(), this, TimeSpan.Zero, SamplingInterval);
        }
    }

    /// <summary>What enforces the limit: <see cref="MemoryLimitMode.Cgroup"/>, <see cref="MemoryLimitMode.Sampling"/> or <see cref="MemoryLimitMode.Off"/>.</summary>
    public MemoryLimitMode Mode { get; }

    /// <summary>Whether the process went over the limit (and was killed for it).</summary>
    public bool WasExceeded => Volatile.Read(ref exceeded) == 1 || (cgroup is not null && MemoryCgroup.WasOutOfMemory(cgroup, limitKilobytes * 1024));

    /// <summary>Starts holding <paramref name="processId"/> to <paramref name="megabytes"/> MB; <paramref name="kill"/> ends its tree.</summary>
    /// <exception cref="InvalidOperationException"><see cref="MemoryLimitMode.Cgroup"/> was asked for and none could be created.</exception>
    public static MemoryLimit Watch(int processId, int megabytes, MemoryLimitMode requested, Action kill)
    {
        var limitKilobytes = megabytes * 1024L;
        if (requested == MemoryLimitMode.Off || !OperatingSystem.IsLinux())
        {
            return new MemoryLimit(MemoryLimitMode.Off, processId, limitKilobytes, kill, null);
        }

        if (requested is MemoryLimitMode.Automatic or MemoryLimitMode.Cgroup && MemoryCgroup.TryCreate(processId, limitKilobytes * 1024, out var path))
        {
            return new MemoryLimit(MemoryLimitMode.Cgroup, processId, limitKilobytes, kill, path);
        }

        if (requested == MemoryLimitMode.Cgroup)
        {
            kill();
            throw new InvalidOperationException("No memory cgroup could be created (it needs a writable cgroup hierarchy, usually root): use MemoryLimitMode.Sampling or Automatic.");
        }

        return new MemoryLimit(MemoryLimitMode.Sampling, processId, limitKilobytes, kill, null);
    }

    /// <summary>Stops sampling and removes the cgroup (once its processes are gone).</summary>
    public void Dispose()
    {
        timer?.Dispose();
        if (cgroup is not null)
        {
            MemoryCgroup.TryRemove(cgroup);
        }
    }

    private void Sample()
    {
        if (Volatile.Read(ref exceeded) == 1 || !TryReadResidentKilobytes(processId, out var kilobytes) || kilobytes <= limitKilobytes)
        {
            return;
        }

        if (Interlocked.Exchange(ref exceeded, 1) == 0)
        {
            timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            kill();
        }
    }

    private static bool TryReadResidentKilobytes(int processId, out long kilobytes)
    {
        kilobytes = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId}/status"))
            {
                // "VmRSS:	   23456 kB"
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var value = line["VmRSS:".Length..].Trim();
                    return value.EndsWith(" kB", StringComparison.Ordinal)
                        && long.TryParse(value[..^3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out kilobytes);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process is gone; its exit is reported elsewhere.
        }

        return false;
    }
}
