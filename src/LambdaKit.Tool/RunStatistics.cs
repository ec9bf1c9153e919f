using System.Globalization;
using System.Text.RegularExpressions;

namespace LambdaKit.Tool;

/// <summary>Counts invocations and errors and collects the Duration of each REPORT line, for progress and the summary.</summary>
internal sealed partial class RunStatistics
{
    private readonly object gate = new();
    private readonly List<double> durations = new();
    private readonly Dictionary<string, int> errorTypes = new(StringComparer.Ordinal);

    public int Completed { get; private set; }

    public int Errors { get; private set; }

    public void RecordResult(string? errorType)
    {
        lock (gate)
        {
            Completed++;
            if (errorType is not null)
            {
                Errors++;
                errorTypes[errorType] = errorTypes.GetValueOrDefault(errorType) + 1;
            }
        }
    }

    /// <summary>Takes the Duration of a <c>REPORT</c> line; other lines are ignored.</summary>
    public void RecordPlatformLine(string line)
    {
        var match = ReportDuration().Match(line);
        if (match.Success)
        {
            lock (gate)
            {
                durations.Add(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary><c>{n} invocations, {e} errors ({type} {count}, ...), p50 {ms} ms, p99 {ms} ms, {rate} per second</c>.</summary>
    public string Summary(TimeSpan elapsed)
    {
        lock (gate)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"{Completed} invocations, {Errors} errors");
            if (errorTypes.Count > 0)
            {
                text += " (" + string.Join(", ", errorTypes.Select(pair => $"{pair.Key} {pair.Value}")) + ")";
            }

            if (durations.Count > 0)
            {
                var sorted = durations.Order().ToArray();
                text += string.Create(CultureInfo.InvariantCulture, $", p50 {Percentile(sorted, 0.50):F2} ms, p99 {Percentile(sorted, 0.99):F2} ms");
            }

            return text + string.Create(CultureInfo.InvariantCulture, $", {Rate(elapsed):F0} per second");
        }
    }

    public double Rate(TimeSpan elapsed) => elapsed.TotalSeconds > 0 ? Completed / elapsed.TotalSeconds : 0;

    /// <summary>Nearest-rank percentile.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];

    [GeneratedRegex(@"^REPORT RequestId: \S+\tDuration: (\d+\.\d+) ms")]
    private static partial Regex ReportDuration();
}
