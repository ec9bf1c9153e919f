namespace LambdaKit.Build;

/// <summary>Byte order of the binary's headers.</summary>
public enum NativeEndianness
{
    /// <summary>Least significant byte first.</summary>
    Little,

    /// <summary>Most significant byte first.</summary>
    Big,
}

/// <summary>What kind of binary a slice is.</summary>
public enum NativeFileKind
{
    /// <summary>The headers name a kind this reader does not classify (e.g. an ELF core dump).</summary>
    Other,

    /// <summary>A program: ELF <c>ET_EXEC</c>, a PIE (ELF <c>ET_DYN</c> with an interpreter or <c>DF_1_PIE</c>), a PE without the DLL flag, Mach-O <c>MH_EXECUTE</c>.</summary>
    Executable,

    /// <summary>A shared library: ELF <c>ET_DYN</c> without an interpreter, a PE DLL, Mach-O <c>MH_DYLIB</c>/<c>MH_BUNDLE</c>.</summary>
    SharedLibrary,

    /// <summary>An object file: ELF <c>ET_REL</c>, Mach-O <c>MH_OBJECT</c>.</summary>
    Relocatable,
}

/// <summary>How a .NET assembly (a PE file with a CLI header) is bound to a platform.</summary>
public enum ManagedPlatform
{
    /// <summary>IL only, runs on any architecture.</summary>
    AnyCpu,

    /// <summary>IL only, AnyCPU with "prefer 32-bit".</summary>
    AnyCpu32BitPreferred,

    /// <summary>IL only but marked 32-bit required (x86).</summary>
    X86,

    /// <summary>IL only with a 64-bit machine in the PE header (x64, arm64): loads only on that architecture.</summary>
    PlatformSpecific,

    /// <summary>Not IL only (C++/CLI): contains native code for the PE machine.</summary>
    MixedMode,
}

/// <summary>One architecture inside a binary. ELF, PE and thin Mach-O files have one; universal Mach-O files have one per architecture.</summary>
public sealed class NativeSlice
{
    internal NativeSlice(NativeArchitecture architecture, int machine, int bitness, NativeEndianness endianness, NativeFileKind kind)
    {
        Architecture = architecture;
        Machine = machine;
        Bitness = bitness;
        Endianness = endianness;
        Kind = kind;
    }

    /// <summary>The normalised architecture.</summary>
    public NativeArchitecture Architecture { get; }

    /// <summary>The raw machine number: ELF <c>e_machine</c>, PE COFF <c>Machine</c> (for ReadyToRun assemblies, after removing the OS mask), Mach-O <c>cputype</c>.</summary>
    public int Machine { get; }

    /// <summary>32 or 64.</summary>
    public int Bitness { get; }

    /// <summary>Byte order.</summary>
    public NativeEndianness Endianness { get; }

    /// <summary>Executable, shared library, object file.</summary>
    public NativeFileKind Kind { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Architecture} (0x{Machine:x}) {Bitness}-bit {Endianness}-endian {Kind}";
}

/// <summary>Facts about a .NET assembly.</summary>
public sealed class ManagedAssemblyInfo
{
    internal ManagedAssemblyInfo(ManagedPlatform platform, bool isReadyToRun)
    {
        Platform = platform;
        IsReadyToRun = isReadyToRun;
    }

    /// <summary>How the assembly is bound to a platform.</summary>
    public ManagedPlatform Platform { get; }

    /// <summary>True when the assembly carries precompiled ReadyToRun code (for the architecture and OS of its slice).</summary>
    public bool IsReadyToRun { get; }
}

/// <summary>
/// What <see cref="NativeFileReader"/> found in a file. Reading never throws: a file that was identified but is
/// truncated or malformed keeps every fact read before the damage and states the damage in <see cref="Problem"/>.
/// </summary>
public sealed class NativeFileInfo
{
    private static readonly string[] NoStrings = [];
    private static readonly NativeSlice[] NoSlices = [];
    private static readonly Version[] NoVersions = [];

    internal NativeFileInfo(NativeFileFormat format) => Format = format;

    /// <summary>The container format.</summary>
    public NativeFileFormat Format { get; }

    /// <summary>The operating system the binary targets.</summary>
    public NativeOperatingSystem OS { get; internal set; }

    /// <summary>One entry per architecture the file contains (empty when not a binary or unreadable before the machine field).</summary>
    public IReadOnlyList<NativeSlice> Slices { get; internal set; } = NoSlices;

    /// <summary>True for a Mach-O universal binary (even with a single slice).</summary>
    public bool IsUniversal { get; internal set; }

    /// <summary>Set for .NET assemblies; null for native binaries.</summary>
    public ManagedAssemblyInfo? Managed { get; internal set; }

    /// <summary>ELF: the program interpreter (<c>PT_INTERP</c>), e.g. <c>/lib64/ld-linux-x86-64.so.2</c>.</summary>
    public string? Interpreter { get; internal set; }

    /// <summary>ELF: the <c>DT_SONAME</c>.</summary>
    public string? SoName { get; internal set; }

    /// <summary>ELF: the <c>DT_NEEDED</c> libraries, in file order.</summary>
    public IReadOnlyList<string> Needed { get; internal set; } = NoStrings;

    /// <summary>ELF: every version needed from other files (<c>.gnu.version_r</c>), as <c>file: name</c> in file order, e.g. <c>libc.so.6: GLIBC_2.34</c>.</summary>
    public IReadOnlyList<string> VersionNeeds { get; internal set; } = NoStrings;

    /// <summary>ELF: the distinct <c>GLIBC_x.y[.z]</c> versions needed, ascending.</summary>
    public IReadOnlyList<Version> GlibcVersions { get; internal set; } = NoVersions;

    /// <summary>ELF: the highest <c>GLIBC_x.y[.z]</c> version needed, or null when none is.</summary>
    public Version? MaxGlibcVersion => GlibcVersions.Count == 0 ? null : GlibcVersions[GlibcVersions.Count - 1];

    /// <summary>ELF with section headers: every imported symbol bound to a <c>GLIBC_x.y</c> version, as <c>name@GLIBC_x.y</c>, ordinally sorted.</summary>
    public IReadOnlyList<string> GlibcSymbols { get; internal set; } = NoStrings;

    /// <summary>The symbols that need <paramref name="version"/> exactly, e.g. <c>fmod@GLIBC_2.38</c> for 2.38.</summary>
    public IReadOnlyList<string> SymbolsNeedingGlibc(Version version)
    {
        var suffix = "@GLIBC_" + version;
        return GlibcSymbols.Where(s => s.EndsWith(suffix, StringComparison.Ordinal)).ToArray();
    }

    /// <summary>Why the file could not be read completely (truncated, malformed, unreadable); null when it was read cleanly.</summary>
    public string? Problem { get; internal set; }

    /// <summary>True for ELF, PE and Mach-O files.</summary>
    public bool IsBinary => Format is NativeFileFormat.Elf or NativeFileFormat.PE or NativeFileFormat.MachO;

    /// <summary>True when some slice is for <paramref name="architecture"/>.</summary>
    public bool HasArchitecture(NativeArchitecture architecture) => Slices.Any(s => s.Architecture == architecture);
}
