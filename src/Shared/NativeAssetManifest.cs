using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace LambdaKit;

/// <summary>The operating system a binary is built for, as far as its headers say.</summary>
/// <remarks>Public in LambdaKit.Build, whose native-file reader is public; internal wherever else this file is linked.</remarks>
#if LAMBDAKIT_BUILD
public
#else
internal
#endif
enum NativeOperatingSystem
{
    /// <summary>Not stated by the headers (e.g. an AnyCPU .NET assembly) or not a binary at all.</summary>
    Unknown,

    /// <summary>Linux: ELF with the System V or GNU OS ABI, or a ReadyToRun assembly compiled for Linux.</summary>
    Linux,

    /// <summary>Windows: a native PE file.</summary>
    Windows,

    /// <summary>macOS: Mach-O, or a ReadyToRun assembly compiled for Apple platforms.</summary>
    MacOS,

    /// <summary>Another system named by the headers (FreeBSD, NetBSD, ...); a manifest records it as unknown.</summary>
    Other,
}

/// <summary>The container format a file was identified as.</summary>
/// <remarks>Public in LambdaKit.Build, whose native-file reader is public; internal wherever else this file is linked.</remarks>
#if LAMBDAKIT_BUILD
public
#else
internal
#endif
enum NativeFileFormat
{
    /// <summary>Not a recognised executable format: text, data, an empty file, a Java class file.</summary>
    Unknown,

    /// <summary>ELF (Linux and other Unix systems).</summary>
    Elf,

    /// <summary>PE/COFF (Windows), including .NET assemblies.</summary>
    PE,

    /// <summary>Mach-O (macOS), thin or universal ("fat").</summary>
    MachO,

    /// <summary>The file could not be opened or read (the reader says why); a manifest records it as unknown.</summary>
    Unreadable,
}

/// <summary>The architecture and runtime identifier the project is built for.</summary>
internal sealed class NativeAssetTarget
{
    public NativeAssetTarget(NativeArchitecture architecture, string rid)
    {
        Architecture = architecture;
        Rid = rid;
    }

    public NativeArchitecture Architecture { get; }

    /// <summary>The runtime identifier, e.g. <c>linux-arm64</c>.</summary>
    public string Rid { get; }
}

/// <summary>One native file the project resolves, for any RID, with the facts read from its headers.</summary>
internal sealed class NativeAssetFile
{
    public NativeAssetFile(
        string name,
        string ridFolder,
        bool selected,
        NativeArchitecture architecture,
        int machine,
        NativeOperatingSystem operatingSystem,
        NativeFileFormat format,
        string path)
    {
        Name = name;
        RidFolder = ridFolder;
        Selected = selected;
        Architecture = architecture;
        Machine = machine;
        OperatingSystem = operatingSystem;
        Format = format;
        Path = path;
    }

    /// <summary>The file name, e.g. <c>libfoo.so</c>.</summary>
    public string Name { get; }

    /// <summary>The RID folder the file came from (<c>linux-x64</c>, <c>linux</c>, <c>win-x64</c>), or empty for a project file.</summary>
    public string RidFolder { get; }

    /// <summary>Whether the file is selected for the target RID, i.e. would be published.</summary>
    public bool Selected { get; }

    public NativeArchitecture Architecture { get; }

    /// <summary>The header's machine code when <see cref="Architecture"/> is <see cref="NativeArchitecture.Other"/>; otherwise 0.</summary>
    public int Machine { get; }

    public NativeOperatingSystem OperatingSystem { get; }

    public NativeFileFormat Format { get; }

    /// <summary>A path for messages (e.g. the NuGet cache path).</summary>
    public string Path { get; }

    /// <summary>The architecture as written in the manifest: <c>x86_64</c>, <c>arm64</c>, ..., <c>other:183</c>.</summary>
    public string ArchitectureName => NativeAssetManifest.FormatArchitecture(Architecture, Machine);
}

/// <summary>A line of a manifest that could not be read; the rest of the manifest is still used.</summary>
internal sealed class NativeAssetManifestError
{
    public NativeAssetManifestError(int line, string message)
    {
        Line = line;
        Message = message;
    }

    /// <summary>The 1-based line number.</summary>
    public int Line { get; }

    public string Message { get; }

    public override string ToString() => "line " + Line.ToString(CultureInfo.InvariantCulture) + ": " + Message;
}

/// <summary>
/// The generated file through which the MSBuild side tells the analyzers which native files the project resolves
/// (blueprint §6). A line-based text format, because analyzers on netstandard2.0 have no JSON library.
/// </summary>
/// <remarks>
/// <para>Version 1:</para>
/// <code>
/// lambdakit-native-assets 1
/// # comment
/// target	architecture=arm64	rid=linux-arm64
/// file	name=libfoo.so	rid=linux-x64	selected=false	architecture=x86_64	os=linux	format=elf	path=/nuget/foo/1.0.0/runtimes/linux-x64/native/libfoo.so
/// </code>
/// <list type="bullet">
/// <item>The first line is the header with the format version; a reader refuses a version it does not know.</item>
/// <item>Records are a kind followed by tab-separated <c>key=value</c> fields; values escape <c>\\</c>, tab (<c>\t</c>),
/// line feed (<c>\n</c>) and carriage return (<c>\r</c>) with a backslash.</item>
/// <item><c>target</c> (at most one): <c>architecture</c> (<c>x86_64</c> | <c>arm64</c>, required), <c>rid</c>.</item>
/// <item><c>file</c>: <c>name</c> (required), <c>rid</c> (the RID folder; empty for a project file), <c>selected</c>
/// (<c>true</c> | <c>false</c>), <c>architecture</c> (<c>x86_64</c> | <c>arm64</c> | <c>x86</c> | <c>arm</c> |
/// <c>other:&lt;machine&gt;</c> | <c>unknown</c>), <c>os</c> (<c>linux</c> | <c>windows</c> | <c>macos</c> | <c>unknown</c>),
/// <c>format</c> (<c>elf</c> | <c>pe</c> | <c>macho</c> | <c>unknown</c>), <c>path</c>.</item>
/// <item>Blank lines, <c>#</c> comments, unknown kinds and unknown keys are ignored, so later versions can add
/// records and fields without breaking older analyzers.</item>
/// </list>
/// </remarks>
internal sealed class NativeAssetManifest
{
    /// <summary>The file name of the manifest among the <c>AdditionalFiles</c>.</summary>
    public const string FileName = "LambdaKit.NativeAssets.txt";

    public const string HeaderKeyword = "lambdakit-native-assets";

    public const int CurrentVersion = 1;

    public NativeAssetManifest(NativeAssetTarget? target, IReadOnlyList<NativeAssetFile> files)
        : this(target, files, [])
    {
    }

    private NativeAssetManifest(NativeAssetTarget? target, IReadOnlyList<NativeAssetFile> files, IReadOnlyList<NativeAssetManifestError> errors)
    {
        Target = target;
        Files = files;
        Errors = errors;
    }

    /// <summary>The target, or null when the manifest names none (then no architecture rule can apply).</summary>
    public NativeAssetTarget? Target { get; }

    public IReadOnlyList<NativeAssetFile> Files { get; }

    /// <summary>The lines that could not be read.</summary>
    public IReadOnlyList<NativeAssetManifestError> Errors { get; }

    public void Write(TextWriter writer)
    {
        // Always '\n', so the file is the same bytes on every OS.
        writer.Write(HeaderKeyword + " " + CurrentVersion.ToString(CultureInfo.InvariantCulture) + "\n");
        if (Target is not null)
        {
            writer.Write("target\tarchitecture=" + FormatArchitecture(Target.Architecture, 0) + "\trid=" + Escape(Target.Rid) + "\n");
        }

        foreach (var file in Files)
        {
            writer.Write(
                "file\tname=" + Escape(file.Name)
                + "\trid=" + Escape(file.RidFolder)
                + "\tselected=" + (file.Selected ? "true" : "false")
                + "\tarchitecture=" + file.ArchitectureName
                + "\tos=" + FormatOperatingSystem(file.OperatingSystem)
                + "\tformat=" + FormatFileFormat(file.Format)
                + "\tpath=" + Escape(file.Path)
                + "\n");
        }
    }

    /// <summary>Reads a manifest. Never throws: what cannot be read is in <see cref="Errors"/>.</summary>
    public static NativeAssetManifest Parse(string? text)
    {
        var errors = new List<NativeAssetManifestError>();
        var files = new List<NativeAssetFile>();
        NativeAssetTarget? target = null;
        var lines = (text ?? string.Empty).Split('\n');

        var header = lines[0].TrimEnd('\r').TrimStart('\uFEFF').Trim();
        if (!TryParseHeader(header, errors))
        {
            return new NativeAssetManifest(null, files, errors);
        }

        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0 || line[0] == '#')
            {
                continue;
            }

            var lineNumber = i + 1;
            var parts = line.Split('\t');
            switch (parts[0])
            {
                case "target":
                    var parsedTarget = ParseTarget(parts, lineNumber, errors);
                    if (parsedTarget is null)
                    {
                        break;
                    }

                    if (target is null)
                    {
                        target = parsedTarget;
                    }
                    else
                    {
                        errors.Add(new NativeAssetManifestError(lineNumber, "a second 'target' record; the first one is used"));
                    }

                    break;
                case "file":
                    var file = ParseFile(parts, lineNumber, errors);
                    if (file is not null)
                    {
                        files.Add(file);
                    }

                    break;
                default:
                    // An unknown record kind comes from a newer writer: skip it.
                    break;
            }
        }

        return new NativeAssetManifest(target, files, errors);
    }

    /// <summary>
    /// The manifest's name of an instruction set: Lambda's for its architectures, <c>x86</c> and <c>arm</c>, and
    /// <c>other:&lt;machine&gt;</c> for any other machine.
    /// </summary>
    public static string FormatArchitecture(NativeArchitecture architecture, int machine) =>
        LambdaTargets.FindArchitecture(architecture)?.Name ?? architecture switch
        {
            NativeArchitecture.X86 => "x86",
            NativeArchitecture.Arm => "arm",
            NativeArchitecture.Unknown => "unknown",
            _ => "other:" + machine.ToString(CultureInfo.InvariantCulture),
        };

    private static bool TryParseHeader(string header, List<NativeAssetManifestError> errors)
    {
        var parts = header.Split(' ');
        if (parts.Length != 2 || parts[0] != HeaderKeyword)
        {
            errors.Add(new NativeAssetManifestError(1, "the first line is not '" + HeaderKeyword + " <version>'"));
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version != CurrentVersion)
        {
            errors.Add(new NativeAssetManifestError(1, "unsupported manifest version '" + parts[1] + "'; this reader knows version " + CurrentVersion.ToString(CultureInfo.InvariantCulture)));
            return false;
        }

        return true;
    }

    private static NativeAssetTarget? ParseTarget(string[] parts, int lineNumber, List<NativeAssetManifestError> errors)
    {
        var fields = ParseFields(parts, lineNumber, errors);
        if (fields is null)
        {
            return null;
        }

        if (!fields.TryGetValue("architecture", out var architectureText))
        {
            errors.Add(new NativeAssetManifestError(lineNumber, "'target' has no 'architecture'"));
            return null;
        }

        var lambdaArchitecture = LambdaTargets.FindArchitecture(architectureText);
        if (lambdaArchitecture is null)
        {
            errors.Add(new NativeAssetManifestError(lineNumber, "'target' architecture '" + architectureText + "' is not " + LambdaTargets.ArchitectureNames));
            return null;
        }

        var rid = fields.TryGetValue("rid", out var ridText) && ridText.Length > 0 ? ridText : lambdaArchitecture.Rid;
        return new NativeAssetTarget(lambdaArchitecture.InstructionSet, rid);
    }

    private static NativeAssetFile? ParseFile(string[] parts, int lineNumber, List<NativeAssetManifestError> errors)
    {
        var fields = ParseFields(parts, lineNumber, errors);
        if (fields is null)
        {
            return null;
        }

        if (!fields.TryGetValue("name", out var name) || name.Length == 0)
        {
            errors.Add(new NativeAssetManifestError(lineNumber, "'file' has no 'name'"));
            return null;
        }

        // A field with a value this reader does not know is reported and read as unknown rather than dropping the
        // file: a dropped file would make the analyzer claim the library is missing.
        var selected = false;
        if (fields.TryGetValue("selected", out var selectedText) && !TryParseBoolean(selectedText, out selected))
        {
            errors.Add(new NativeAssetManifestError(lineNumber, "'selected' is '" + selectedText + "', not true or false"));
        }

        var architecture = NativeArchitecture.Unknown;
        var machine = 0;
        if (fields.TryGetValue("architecture", out var architectureText) && !TryParseArchitecture(architectureText, out architecture, out machine))
        {
            errors.Add(new NativeAssetManifestError(lineNumber, "unknown architecture '" + architectureText + "'"));
        }

        var operatingSystem = NativeOperatingSystem.Unknown;
        if (fields.TryGetValue("os", out var osText) && !TryParseOperatingSystem(osText, out operatingSystem))
        {
            errors.Add(new NativeAssetManifestError(lineNumber, "unknown os '" + osText + "'"));
        }

        var format = NativeFileFormat.Unknown;
        if (fields.TryGetValue("format", out var formatText) && !TryParseFileFormat(formatText, out format))
        {
            errors.Add(new NativeAssetManifestError(lineNumber, "unknown format '" + formatText + "'"));
        }

        return new NativeAssetFile(
            name,
            fields.TryGetValue("rid", out var rid) ? rid : string.Empty,
            selected,
            architecture,
            machine,
            operatingSystem,
            format,
            fields.TryGetValue("path", out var path) ? path : name);
    }

    private static Dictionary<string, string>? ParseFields(string[] parts, int lineNumber, List<NativeAssetManifestError> errors)
    {
        var fields = new Dictionary<string, string>(System.StringComparer.Ordinal);
        for (var i = 1; i < parts.Length; i++)
        {
            var separator = parts[i].IndexOf('=');
            if (separator <= 0)
            {
                errors.Add(new NativeAssetManifestError(lineNumber, "field '" + parts[i] + "' is not key=value"));
                return null;
            }

            var key = parts[i].Substring(0, separator);
            if (!TryUnescape(parts[i].Substring(separator + 1), out var value))
            {
                errors.Add(new NativeAssetManifestError(lineNumber, "field '" + key + "' has a bad escape sequence"));
                return null;
            }

            // The first occurrence wins; a repeated key is most likely a writer bug, not worth dropping the line.
            if (!fields.ContainsKey(key))
            {
                fields.Add(key, value);
            }
        }

        return fields;
    }

    private static bool TryParseArchitecture(string text, out NativeArchitecture architecture, out int machine)
    {
        machine = 0;
        if (LambdaTargets.FindArchitecture(text) is { } lambdaArchitecture)
        {
            architecture = lambdaArchitecture.InstructionSet;
            return true;
        }

        switch (text)
        {
            case "x86":
                architecture = NativeArchitecture.X86;
                return true;
            case "arm":
                architecture = NativeArchitecture.Arm;
                return true;
            case "unknown":
                architecture = NativeArchitecture.Unknown;
                return true;
        }

        const string OtherPrefix = "other:";
        if (text.StartsWith(OtherPrefix, System.StringComparison.Ordinal)
            && int.TryParse(text.Substring(OtherPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out machine))
        {
            architecture = NativeArchitecture.Other;
            return true;
        }

        machine = 0;
        architecture = NativeArchitecture.Unknown;
        return false;
    }

    private static bool TryParseBoolean(string text, out bool value)
    {
        value = text == "true";
        return value || text == "false";
    }

    private static string FormatOperatingSystem(NativeOperatingSystem operatingSystem) => operatingSystem switch
    {
        NativeOperatingSystem.Linux => "linux",
        NativeOperatingSystem.Windows => "windows",
        NativeOperatingSystem.MacOS => "macos",
        _ => "unknown",
    };

    private static bool TryParseOperatingSystem(string text, out NativeOperatingSystem operatingSystem)
    {
        operatingSystem = text switch
        {
            "linux" => NativeOperatingSystem.Linux,
            "windows" => NativeOperatingSystem.Windows,
            "macos" => NativeOperatingSystem.MacOS,
            _ => NativeOperatingSystem.Unknown,
        };
        return operatingSystem != NativeOperatingSystem.Unknown || text == "unknown";
    }

    private static string FormatFileFormat(NativeFileFormat format) => format switch
    {
        NativeFileFormat.Elf => "elf",
        NativeFileFormat.PE => "pe",
        NativeFileFormat.MachO => "macho",
        _ => "unknown",
    };

    private static bool TryParseFileFormat(string text, out NativeFileFormat format)
    {
        format = text switch
        {
            "elf" => NativeFileFormat.Elf,
            "pe" => NativeFileFormat.PE,
            "macho" => NativeFileFormat.MachO,
            _ => NativeFileFormat.Unknown,
        };
        return format != NativeFileFormat.Unknown || text == "unknown";
    }

    private static string Escape(string value)
    {
        if (value.IndexOfAny(['\\', '\t', '\n', '\r']) < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append("\\\\"),
                '\t' => builder.Append("\\t"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }

    private static bool TryUnescape(string text, out string value)
    {
        if (text.IndexOf('\\') < 0)
        {
            value = text;
            return true;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                builder.Append(text[i]);
                continue;
            }

            if (++i == text.Length)
            {
                value = string.Empty;
                return false;
            }

            switch (text[i])
            {
                case '\\':
                    builder.Append('\\');
                    break;
                case 't':
                    builder.Append('\t');
                    break;
                case 'n':
                    builder.Append('\n');
                    break;
                case 'r':
                    builder.Append('\r');
                    break;
                default:
                    value = string.Empty;
                    return false;
            }
        }

        value = builder.ToString();
        return true;
    }
}
