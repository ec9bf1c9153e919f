using System.Globalization;
using System.Text;

namespace LambdaKit.Benchmarks;

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

    /// <summary>Nearest-rank percentile: a value that was actually measured, never an interpolation.</summary>
    public static double Percentile(IReadOnlyList<double> values, int percent)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        int rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}

/// <summary>A plain-text table with right-aligned columns after the first.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [headers];

    public void Add(params string[] cells) => _rows.Add(cells);

    public override string ToString()
    {
        var widths = Enumerable.Range(0, headers.Length).Select(column => _rows.Max(row => row[column].Length)).ToArray();
        var text = new StringBuilder();
        for (int r = 0; r < _rows.Count; r++)
        {
            for (int c = 0; c < headers.Length; c++)
            {
                string cell = _rows[r][c];
                text.Append(c == 0 ? cell.PadRight(widths[c]) : "  " + cell.PadLeft(widths[c]));
            }

            text.AppendLine();
            if (r == 0)
            {
                text.AppendLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
            }
        }

        return text.ToString();
    }
}
