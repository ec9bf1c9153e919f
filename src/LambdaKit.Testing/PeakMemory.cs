using System.Globalization;

namespace LambdaKit.Testing;

/// <summary>A process's peak resident set size (<c>VmHWM</c>), which is what Lambda's Max Memory Used measures.</summary>
internal static class PeakMemory
{
    /// <summary>Reads <c>VmHWM</c> from <c>/proc/&lt;pid&gt;/status</c> in MB, rounded up; false where there is no such file.</summary>
    public static bool TryReadMegabytes(int processId, out int megabytes)
    {
        megabytes = 0;
        string[] status;
        try
        {
            status = File.ReadAllLines($"/proc/{processId}/status");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        foreach (var line in status)
        {
            // "VmHWM:	   23456 kB"
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                continue;
            }

            var value = line["VmHWM:".Length..].Trim();
            if (value.EndsWith(" kB", StringComparison.Ordinal)
                && long.TryParse(value[..^3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
            {
                megabytes = (int)((kilobytes + 1023) / 1024);
                return true;
            }
        }

        return false;
    }
}
