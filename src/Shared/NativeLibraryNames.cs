using System;
using System.Collections.Generic;

namespace LambdaKit;

/// <summary>
/// Maps the library name of a <c>[DllImport]</c>/<c>[LibraryImport]</c> to the native files that could provide it.
/// </summary>
internal static class NativeLibraryNames
{
    private const string LinuxPrefix = "lib";
    private const string LinuxSuffix = ".so";

    /// <summary>
    /// The file names .NET tries on Linux for a library name, in its order (the runtime's
    /// <c>LibraryNameVariation.Unix</c>): without <c>.so</c> in the name, <c>foo.so</c>, <c>libfoo.so</c>, <c>foo</c>,
    /// <c>libfoo</c>; with it, the name as given first. No <c>lib</c> prefix is added to a name with a directory, and an
    /// absolute path is used as is.
    /// </summary>
    public static IReadOnlyList<string> GetLinuxProbeNames(string libraryName)
    {
        if (libraryName.StartsWith("/", StringComparison.Ordinal))
        {
            return [libraryName];
        }

        var containsDirectory = libraryName.IndexOf('/') >= 0;
        var names = new List<string>(4);
        void Add(string prefix, string suffix)
        {
            if (prefix.Length > 0 && containsDirectory)
            {
                return;
            }

            var name = prefix + libraryName + suffix;
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        if (ContainsLinuxSuffix(libraryName))
        {
            Add(string.Empty, string.Empty);
            Add(LinuxPrefix, string.Empty);
            Add(string.Empty, LinuxSuffix);
            Add(LinuxPrefix, LinuxSuffix);
        }
        else
        {
            Add(string.Empty, LinuxSuffix);
            Add(LinuxPrefix, LinuxSuffix);
            Add(string.Empty, string.Empty);
            Add(LinuxPrefix, string.Empty);
        }

        return names;
    }

    /// <summary>
    /// Whether a native file (a bare file name) can provide the library: one of the Linux probe names, such a name with
    /// a version suffix (<c>libfoo.so.1</c>), or, so that other RIDs' files can be named in messages, the Windows
    /// (<c>foo.dll</c>) or macOS (<c>libfoo.dylib</c>, <c>libfoo.1.dylib</c>) file of the same library.
    /// </summary>
    public static bool Matches(string libraryName, string fileName)
    {
        foreach (var probe in GetLinuxProbeNames(libraryName))
        {
            var probeFile = GetFileName(probe);
            if (string.Equals(fileName, probeFile, StringComparison.Ordinal))
            {
                return true;
            }

            if (probeFile.EndsWith(LinuxSuffix, StringComparison.OrdinalIgnoreCase)
                && fileName.Length > probeFile.Length + 1
                && fileName.StartsWith(probeFile + ".", StringComparison.Ordinal)
                && IsVersion(fileName, probeFile.Length + 1, fileName.Length))
            {
                return true;
            }
        }

        var stem = GetStem(GetFileName(libraryName));
        if (fileName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            // Windows file names are case-insensitive.
            return string.Equals(GetStem(fileName.Substring(0, fileName.Length - 4)), stem, StringComparison.OrdinalIgnoreCase);
        }

        if (fileName.EndsWith(".dylib", StringComparison.Ordinal))
        {
            var withoutExtension = fileName.Substring(0, fileName.Length - 6);
            return string.Equals(GetStem(StripTrailingVersion(withoutExtension)), stem, StringComparison.Ordinal);
        }

        return false;
    }

    private static bool ContainsLinuxSuffix(string name)
    {
        // As the runtime: ".so" at the end or followed by '.', compared ignoring case.
        var index = name.IndexOf(LinuxSuffix, StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return false;
        }

        var end = index + LinuxSuffix.Length;
        return end == name.Length || name[end] == '.';
    }

    private static string GetFileName(string path) => path.Substring(path.LastIndexOf('/') + 1);

    /// <summary>The library's own name: no <c>lib</c> prefix, no <c>.so</c>/<c>.dll</c>/<c>.dylib</c> suffix or version.</summary>
    private static string GetStem(string name)
    {
        var soIndex = name.IndexOf(LinuxSuffix, StringComparison.OrdinalIgnoreCase);
        if (soIndex > 0 && (soIndex + LinuxSuffix.Length == name.Length || name[soIndex + LinuxSuffix.Length] == '.'))
        {
            name = name.Substring(0, soIndex);
        }
        else if (name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            name = name.Substring(0, name.Length - 4);
        }
        else if (name.EndsWith(".dylib", StringComparison.Ordinal))
        {
            name = StripTrailingVersion(name.Substring(0, name.Length - 6));
        }

        return name.Length > LinuxPrefix.Length && name.StartsWith(LinuxPrefix, StringComparison.Ordinal)
            ? name.Substring(LinuxPrefix.Length)
            : name;
    }

    /// <summary><c>libfoo.1.2</c> → <c>libfoo</c> (macOS puts the version before <c>.dylib</c>).</summary>
    private static string StripTrailingVersion(string name)
    {
        var end = name.Length;
        while (end > 0)
        {
            var dot = name.LastIndexOf('.', end - 1);
            if (dot <= 0 || !IsVersion(name, dot + 1, end))
            {
                break;
            }

            end = dot;
        }

        return name.Substring(0, end);
    }

    /// <summary>Digits and dots, starting and ending with a digit, in <paramref name="text"/>[start, end).</summary>
    private static bool IsVersion(string text, int start, int end)
    {
        if (start >= end || !char.IsDigit(text[start]) || !char.IsDigit(text[end - 1]))
        {
            return false;
        }

        for (var i = start; i < end; i++)
        {
            if (!char.IsDigit(text[i]) && text[i] != '.')
            {
                return false;
            }
        }

        return true;
    }
}
