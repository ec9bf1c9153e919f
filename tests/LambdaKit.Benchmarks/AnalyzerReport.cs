using System.Globalization;
using System.Text.RegularExpressions;

namespace LambdaKit.Benchmarks;

/// <summary>
/// The compiler's <c>/reportanalyzer</c> output in a build log (<c>-p:ReportAnalyzer=true</c>, detailed verbosity):
/// seconds per analyzer and generator assembly and per analyzer and generator type.
/// </summary>
internal sealed partial class AnalyzerReport
{
    private AnalyzerReport(Dictionary<string, double> analyzers, Dictionary<string, double> generators, HashSet<string> assemblies)
    {
        Analyzers = analyzers;
        Generators = generators;
        Assemblies = assemblies;
    }

    /// <summary>Seconds by assembly name ("LambdaKit.Analyzers") and by type name ("LambdaKit.Analyzers.HandlerAnalyzer").</summary>
    public IReadOnlyDictionary<string, double> Analyzers { get; }

    /// <summary>Seconds by assembly name ("LambdaKit.Generators") and by type name.</summary>
    public IReadOnlyDictionary<string, double> Generators { get; }

    /// <summary>Which of the names are assemblies (the report lists each assembly, then its analyzer or generator types).</summary>
    public IReadOnlySet<string> Assemblies { get; }

    public static AnalyzerReport Parse(string output)
    {
        var analyzers = new Dictionary<string, double>(StringComparer.Ordinal);
        var generators = new Dictionary<string, double>(StringComparer.Ordinal);
        var assemblies = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, double>? section = null;
        foreach (string line in output.Split('\n'))
        {
            if (line.Contains("Total analyzer execution time:", StringComparison.Ordinal))
            {
                section = analyzers;
            }
            else if (line.Contains("Total generator execution time:", StringComparison.Ordinal))
            {
                section = generators;
            }
            else if (line.Contains("Done executing task \"Csc\"", StringComparison.Ordinal))
            {
                section = null;
            }
            else if (section is not null && TimeLine().Match(line) is { Success: true } match)
            {
                // "<0.001" is below the report's resolution: counted as nothing.
                string seconds = match.Groups["seconds"].Value;
                string name = match.Groups["name"].Value;
                section[name] = seconds.StartsWith('<') ? 0 : double.Parse(seconds, CultureInfo.InvariantCulture);
                if (match.Groups["version"].Success)
                {
                    assemblies.Add(name);
                }
            }
        }

        if (analyzers.Count == 0 || generators.Count == 0)
        {
            throw new InvalidOperationException("No analyzer or generator times in the build output (ReportAnalyzer=true needs detailed verbosity).");
        }

        return new AnalyzerReport(analyzers, generators, assemblies);
    }

    // "   0.065   14      LambdaKit.Analyzers.HandlerAnalyzer (LK1001, ...)" and "   0.113   25   LambdaKit.Analyzers, Version=0.1.0.0, ..."
    [GeneratedRegex(@"^\s+(?<seconds><?\d+\.\d+)\s+<?\d+\s+(?<name>[^\s,(]+)(?<version>, Version=)?", RegexOptions.CultureInvariant)]
    private static partial Regex TimeLine();
}
