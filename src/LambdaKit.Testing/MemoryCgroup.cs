using System.Globalization;

namespace LambdaKit.Testing;

/// <summary>
/// A memory cgroup of its own for one runtime process: version 1 (<c>/sys/fs/cgroup/memory</c>) or version 2 (a child
/// of this process's cgroup). Creating one needs write access to the hierarchy, which usually means root.
/// </summary>
internal static class MemoryCgroup
{
    private const string Version1Root = "/sys/fs/cgroup/memory";
    private const string Version2Root = "/sys/fs/cgroup";

    /// <summary>Creates a cgroup limited to <paramref name="limitBytes"/> and moves <paramref name="processId"/> into it.</summary>
    public static bool TryCreate(int processId, long limitBytes, out string path)
    {
        var name = "lambdakit-" + Guid.NewGuid().ToString("N");
        var bytes = limitBytes.ToString(CultureInfo.InvariantCulture);
        var pid = processId.ToString(CultureInfo.InvariantCulture);
        if (File.Exists(Path.Combine(Version1Root, "memory.limit_in_bytes")))
        {
            path = Path.Combine(Version1Root, name);
            if (TryConfigure(path, [("memory.limit_in_bytes", bytes), ("memory.memsw.limit_in_bytes", bytes), ("cgroup.procs", pid)], optional: "memory.memsw.limit_in_bytes"))
            {
                return true;
            }
        }
        else if (Version2Parent() is { } parent)
        {
            path = Path.Combine(parent, name);
            if (TryConfigure(path, [("memory.max", bytes), ("memory.swap.max", "0"), ("cgroup.procs", pid)], optional: "memory.swap.max"))
            {
                return true;
            }
        }

        path = string.Empty;
        return false;
    }

    /// <summary>
    /// Whether the cgroup ran out of memory: an OOM kill counted (<c>memory.events</c>, <c>memory.oom_control</c>), the
    /// limit hit (<c>memory.failcnt</c>), or a peak within 10% of the limit (some kernels kill before counting).
    /// </summary>
    public static bool WasOutOfMemory(string path, long limitBytes)
    {
        return Counter(path, "memory.events", "oom_kill ") > 0
            || Counter(path, "memory.oom_control", "oom_kill ") > 0
            || Counter(path, "memory.failcnt", string.Empty) > 0
            || Math.Max(Counter(path, "memory.max_usage_in_bytes", string.Empty), Counter(path, "memory.peak", string.Empty)) >= limitBytes / 10 * 9;
    }

    /// <summary>The number after <paramref name="prefix"/> on a line of the cgroup's <paramref name="file"/>; 0 without one.</summary>
    private static long Counter(string path, string file, string prefix)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(path, file)))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(prefix.Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No such counter in this cgroup version.
        }

        return 0;
    }

    /// <summary>
    /// Removes the cgroup, trying for up to a second since killed processes leave it a moment after their parent sees
    /// them exit; a cgroup that still holds processes after that stays (the kernel refuses).
    /// </summary>
    public static void TryRemove(string path)
    {
        for (var attempt = 0; attempt < 20 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static bool TryConfigure(string path, (string File, string Value)[] settings, string optional)
    {
        try
        {
            Directory.CreateDirectory(path);
            foreach (var (file, value) in settings)
            {
                try
                {
                    File.WriteAllText(Path.Combine(path, file), value);
                }
                catch (IOException) when (file == optional)
                {
                    // Swap accounting is off: memory alone is limited.
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryRemove(path);
            return false;
        }
    }

    /// <summary>This process's cgroup-v2 directory when the memory controller is available there.</summary>
    private static string? Version2Parent()
    {
        try
        {
            var line = File.ReadLines("/proc/self/cgroup").FirstOrDefault(entry => entry.StartsWith("0::", StringComparison.Ordinal));
            if (line is null)
            {
                return null;
            }

            var parent = Path.Combine(Version2Root, line[3..].TrimStart('/'));
            var controllers = Path.Combine(parent, "cgroup.subtree_control");
            return File.Exists(controllers) && File.ReadAllText(controllers).Split(' ', '\n').Contains("memory") ? parent : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
