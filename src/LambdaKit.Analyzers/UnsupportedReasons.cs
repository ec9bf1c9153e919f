using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using LambdaKit.Generators.Serialization;

namespace LambdaKit.Analyzers;

/// <summary>
/// The reasons of LK1009 within a length budget: the handler type's own reason first, then the root causes (types
/// whose reason names no other unsupported type), then the rest; when they do not all fit, each is shortened and a
/// count says how many were left out.
/// </summary>
internal static class UnsupportedReasons
{
    private const int MaxReasonLength = 100;

    /// <summary>Room kept for "; and N more type(s)".</summary>
    private const int CountLength = 25;

    /// <param name="budget">The characters the reasons may take in the message.</param>
    public static string Describe(IReadOnlyList<UnsupportedType> unsupported, string rootDisplay, int budget)
    {
        var names = unsupported.Select(u => "'" + u.TypeDisplayName + "'").ToList();
        var ordered = unsupported
            .OrderBy(u => u.TypeDisplayName == rootDisplay ? 0 : names.Any(name => u.Reason.Contains(name)) ? 2 : 1)
            .ToList();
        var full = string.Join("; ", ordered.Select(u => "'" + u.TypeDisplayName + "' " + u.Reason));
        if (full.Length <= budget)
        {
            return full;
        }

        var text = new StringBuilder();
        var shown = 0;
        foreach (var entry in ordered)
        {
            var reason = "'" + entry.TypeDisplayName + "' " + entry.Reason;
            if (reason.Length > MaxReasonLength)
            {
                reason = reason.Substring(0, MaxReasonLength - 3) + "...";
            }

            var separator = shown == 0 ? string.Empty : "; ";
            if (shown > 0 && text.Length + separator.Length + reason.Length > budget - CountLength)
            {
                break;
            }

            text.Append(separator).Append(reason);
            shown++;
        }

        if (shown < ordered.Count)
        {
            text.Append("; and ").Append((ordered.Count - shown).ToString(CultureInfo.InvariantCulture)).Append(" more type(s)");
        }

        return text.ToString();
    }
}
