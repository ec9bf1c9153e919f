using System.Text;

namespace LambdaKit.Build;

/// <summary>ELF headers, program headers, the dynamic section and <c>.gnu.version_r</c>, for both classes and byte orders.</summary>
internal static class ElfReader
{
    private const int PtLoad = 1;
    private const int PtDynamic = 2;
    private const int PtInterp = 3;
    private const uint ShtStrtab = 3;
    private const uint ShtDynamic = 6;
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;
    private const long DtNull = 0;
    private const long DtNeeded = 1;
    private const long DtStrtab = 5;
    private const long DtStrsz = 10;
    private const long DtSoname = 14;
    private const long DtFlags1 = 0x6ffffffb;
    private const long DtVerneed = 0x6ffffffe;
    private const long DtVerneednum = 0x6fffffff;
    private const ulong Df1Pie = 0x08000000;

    /// <summary>Real files need a few dozen version records; more means a corrupt chain.</summary>
    private const int MaxVersionRecords = 4096;

    private readonly struct Segment(uint type, long offset, ulong virtualAddress, long fileSize)
    {
        public uint Type { get; } = type;

        public long Offset { get; } = offset;

        public ulong VirtualAddress { get; } = virtualAddress;

        public long FileSize { get; } = fileSize;
    }

    private readonly struct Section(uint type, long offset, long size, uint link, uint info)
    {
        public uint Type { get; } = type;

        public long Offset { get; } = offset;

        public long Size { get; } = size;

        public uint Link { get; } = link;

        public uint Info { get; } = info;
    }

    public static void Read(BinarySource src, NativeFileInfo info)
    {
        var ident = src.Read(0, 16, "ELF identification");
        var is64 = ident[4] switch
        {
            1 => false,
            2 => true,
            _ => throw new MalformedFileException($"malformed: ELF class byte (offset 4) is {ident[4]}, expected 1 (32-bit) or 2 (64-bit)"),
        };
        src.BigEndian = ident[5] switch
        {
            1 => false,
            2 => true,
            _ => throw new MalformedFileException($"malformed: ELF data byte (offset 5) is {ident[5]}, expected 1 (little-endian) or 2 (big-endian)"),
        };
        info.OS = ident[7] is 0 or 3 ? NativeOperatingSystem.Linux : NativeOperatingSystem.Other;

        var h = src.Read(0, is64 ? 64 : 52, "ELF header");
        var type = src.U16(h, 16);
        var machine = src.U16(h, 18);
        var kind = type switch
        {
            1 => NativeFileKind.Relocatable,
            2 => NativeFileKind.Executable,
            3 => NativeFileKind.SharedLibrary,
            _ => NativeFileKind.Other,
        };
        SetSlice(info, machine, is64, src, kind);

        var phoff = BinarySource.AsOffset(is64 ? src.U64(h, 32) : src.U32(h, 28), "e_phoff");
        var shoff = BinarySource.AsOffset(is64 ? src.U64(h, 40) : src.U32(h, 32), "e_shoff");
        int p = is64 ? 54 : 42;
        int phentsize = src.U16(h, p), phnum = src.U16(h, p + 2), shentsize = src.U16(h, p + 4), shnum = src.U16(h, p + 6);

        var sections = ReadSections(src, is64, shoff, shentsize, shnum, out var section0Info);
        if (phnum == 0xffff)
        {
            // PN_XNUM: the real count lives in section 0's sh_info.
            phnum = (int)Math.Min(section0Info, int.MaxValue);
        }

        var segments = ReadSegments(src, is64, phoff, phentsize, phnum);

        var interp = segments.FirstOrDefault(s => s.Type == PtInterp);
        if (interp.Type == PtInterp)
        {
            var bytes = src.Read(interp.Offset, Math.Min(interp.FileSize, 4096), "PT_INTERP");
            var end = Array.IndexOf(bytes, (byte)0);
            info.Interpreter = Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end);
        }

        var pie = ReadDynamic(src, is64, info, sections, segments);
        if (type == 3 && (info.Interpreter != null || pie))
        {
            SetSlice(info, machine, is64, src, NativeFileKind.Executable);
        }
    }

    private static void SetSlice(NativeFileInfo info, int machine, bool is64, BinarySource src, NativeFileKind kind) =>
        info.Slices = [new NativeSlice(Architecture(machine, is64), machine, is64 ? 64 : 32, src.BigEndian ? NativeEndianness.Big : NativeEndianness.Little, kind)];

    internal static NativeArchitecture Architecture(int machine, bool is64) => machine switch
    {
        3 => NativeArchitecture.X86,
        62 => NativeArchitecture.X86_64,
        183 => NativeArchitecture.Arm64,
        40 => NativeArchitecture.Arm,
        22 when is64 => NativeArchitecture.S390x,
        21 => NativeArchitecture.PowerPC64,
        20 => NativeArchitecture.PowerPC,
        243 when is64 => NativeArchitecture.RiscV64,
        258 => NativeArchitecture.LoongArch64,
        8 => NativeArchitecture.Mips,
        _ => NativeArchitecture.Other,
    };

    private static Section[] ReadSections(BinarySource src, bool is64, long shoff, int shentsize, int shnum, out uint section0Info)
    {
        section0Info = 0;
        if (shoff == 0)
        {
            return [];
        }

        var min = is64 ? 64 : 40;
        if (shentsize < min)
        {
            throw new MalformedFileException($"malformed: e_shentsize is {shentsize}, expected at least {min}");
        }

        var first = ParseSection(src, is64, src.Read(shoff, shentsize, "section header 0"), 0);
        section0Info = first.Info;
        long count = shnum;
        if (count == 0)
        {
            // Extended numbering: with 0xff00 or more sections the count lives in section 0's sh_size.
            count = first.Size;
        }

        if (count > src.Length / shentsize)
        {
            throw new MalformedFileException($"malformed: {count} section headers of {shentsize} bytes cannot fit in a file of {src.Length} bytes");
        }

        var table = src.Read(shoff, count * shentsize, $"section header table ({count} entries)");
        var sections = new Section[count];
        for (var i = 0; i < count; i++)
        {
            sections[i] = ParseSection(src, is64, table, i * shentsize);
        }

        return sections;
    }

    private static Section ParseSection(BinarySource src, bool is64, byte[] b, int at) => is64
        ? new Section(src.U32(b, at + 4), BinarySource.AsOffset(src.U64(b, at + 24), "sh_offset"), BinarySource.AsOffset(src.U64(b, at + 32), "sh_size"), src.U32(b, at + 40), src.U32(b, at + 44))
        : new Section(src.U32(b, at + 4), src.U32(b, at + 16), src.U32(b, at + 20), src.U32(b, at + 24), src.U32(b, at + 28));

    private static Segment[] ReadSegments(BinarySource src, bool is64, long phoff, int phentsize, int phnum)
    {
        if (phoff == 0 || phnum == 0)
        {
            return [];
        }

        var min = is64 ? 56 : 32;
        if (phentsize < min)
        {
            throw new MalformedFileException($"malformed: e_phentsize is {phentsize}, expected at least {min}");
        }

        var table = src.Read(phoff, (long)phnum * phentsize, $"program header table ({phnum} entries)");
        var segments = new Segment[phnum];
        for (var i = 0; i < phnum; i++)
        {
            var at = i * phentsize;
            segments[i] = is64
                ? new Segment(src.U32(table, at), BinarySource.AsOffset(src.U64(table, at + 8), "p_offset"), src.U64(table, at + 16), BinarySource.AsOffset(src.U64(table, at + 32), "p_filesz"))
                : new Segment(src.U32(table, at), src.U32(table, at + 4), src.U32(table, at + 8), src.U32(table, at + 16));
        }

        return segments;
    }

    /// <summary>Reads NEEDED, SONAME and version needs; returns whether <c>DF_1_PIE</c> is set.</summary>
    private static bool ReadDynamic(BinarySource src, bool is64, NativeFileInfo info, Section[] sections, Segment[] segments)
    {
        long dynOffset, dynSize;
        byte[]? strtab = null;
        var dynSection = Array.FindIndex(sections, s => s.Type == ShtDynamic);
        if (dynSection >= 0)
        {
            dynOffset = sections[dynSection].Offset;
            dynSize = sections[dynSection].Size;
            strtab = ReadLinkedStrtab(src, sections, sections[dynSection], "dynamic section");
        }
        else
        {
            // Section headers are optional for loading (stripped with sstrip, say): fall back to the segment.
            var dynSegment = segments.FirstOrDefault(s => s.Type == PtDynamic);
            if (dynSegment.Type != PtDynamic)
            {
                return false;
            }

            dynOffset = dynSegment.Offset;
            dynSize = dynSegment.FileSize;
        }

        var entSize = is64 ? 16 : 8;
        var dyn = src.Read(dynOffset, dynSize - (dynSize % entSize), "dynamic section");
        var tags = new List<(long Tag, ulong Value)>();
        for (var at = 0; at + entSize <= dyn.Length; at += entSize)
        {
            var tag = is64 ? (long)src.U64(dyn, at) : (int)src.U32(dyn, at);
            if (tag == DtNull)
            {
                break;
            }

            tags.Add((tag, is64 ? src.U64(dyn, at + 8) : src.U32(dyn, at + 4)));
        }

        ulong Tag(long t) => tags.FirstOrDefault(x => x.Tag == t).Value;
        bool Has(long t) => tags.Exists(x => x.Tag == t);

        if (strtab == null && Has(DtStrtab))
        {
            strtab = src.Read(Map(segments, Tag(DtStrtab), "DT_STRTAB"), BinarySource.AsOffset(Tag(DtStrsz), "DT_STRSZ"), "dynamic string table (DT_STRTAB)");
        }

        if (strtab != null)
        {
            info.Needed = tags.Where(x => x.Tag == DtNeeded).Select(x => BinarySource.CString(strtab, x.Value, "DT_NEEDED")).ToArray();
            if (Has(DtSoname))
            {
                info.SoName = BinarySource.CString(strtab, Tag(DtSoname), "DT_SONAME");
            }
        }
        else if (Has(DtNeeded) || Has(DtSoname))
        {
            throw new MalformedFileException("malformed: the dynamic section names libraries but has no string table");
        }

        var verneed = Array.FindIndex(sections, s => s.Type == ShtGnuVerneed);
        if (verneed >= 0)
        {
            var s = sections[verneed];
            var versions = ReadVersionNeeds(src, info, s.Offset, s.Info, ReadLinkedStrtab(src, sections, s, ".gnu.version_r"));
            ReadGlibcSymbols(src, is64, info, sections, versions);
        }
        else if (Has(DtVerneed) && strtab != null)
        {
            _ = ReadVersionNeeds(src, info, Map(segments, Tag(DtVerneed), "DT_VERNEED"), Tag(DtVerneednum), strtab);
        }

        return (Tag(DtFlags1) & Df1Pie) != 0;
    }

    private static byte[] ReadLinkedStrtab(BinarySource src, Section[] sections, Section owner, string what)
    {
        if (owner.Link >= sections.Length || sections[owner.Link].Type != ShtStrtab)
        {
            throw new MalformedFileException($"malformed: the {what} links to section {owner.Link}, which is not a string table (the file has {sections.Length} sections)");
        }

        var strtab = sections[owner.Link];
        return src.Read(strtab.Offset, strtab.Size, $"string table of the {what} (section {owner.Link})");
    }

    /// <summary>Virtual address to file offset through the loadable segments.</summary>
    private static long Map(Segment[] segments, ulong address, string what)
    {
        foreach (var s in segments)
        {
            if (s.Type == PtLoad && address >= s.VirtualAddress && address - s.VirtualAddress < (ulong)s.FileSize)
            {
                return s.Offset + (long)(address - s.VirtualAddress);
            }
        }

        throw new MalformedFileException($"malformed: {what} address 0x{address:x} is not inside any loadable segment");
    }

    /// <summary>
    /// The imported symbols bound to a <c>GLIBC_x.y</c> version, as <c>name@GLIBC_x.y</c>: each <c>.dynsym</c> entry's
    /// <c>.gnu.version</c> index names a version need (<c>vna_other</c>). Needs section headers; a file stripped of them
    /// keeps its versions without the symbols.
    /// </summary>
    private static void ReadGlibcSymbols(BinarySource src, bool is64, NativeFileInfo info, Section[] sections, Dictionary<int, string> versions)
    {
        var versym = Array.FindIndex(sections, s => s.Type == ShtGnuVersym);
        var dynsym = Array.FindIndex(sections, s => s.Type == ShtDynsym);
        if (versym < 0 || dynsym < 0 || !versions.Values.Any(v => v.StartsWith("GLIBC_", StringComparison.Ordinal)))
        {
            return;
        }

        var entSize = is64 ? 24 : 16;
        var count = Math.Min(sections[versym].Size / 2, sections[dynsym].Size / entSize);
        var indexes = src.Read(sections[versym].Offset, count * 2, ".gnu.version");
        var symbols = src.Read(sections[dynsym].Offset, count * entSize, ".dynsym");
        var names = ReadLinkedStrtab(src, sections, sections[dynsym], ".dynsym");
        var found = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < count; i++)
        {
            // Bit 15 hides a version from static linking; the index is the low 15 bits.
            var index = src.U16(indexes, i * 2) & 0x7fff;
            if (versions.TryGetValue(index, out var version) && version.StartsWith("GLIBC_", StringComparison.Ordinal))
            {
                found.Add(BinarySource.CString(names, src.U32(symbols, i * entSize), "st_name") + "@" + version);
            }
        }

        info.GlibcSymbols = found.ToArray();
    }

    /// <summary>Reads <c>.gnu.version_r</c>; returns each needed version's index (<c>vna_other</c>) with its name.</summary>
    private static Dictionary<int, string> ReadVersionNeeds(BinarySource src, NativeFileInfo info, long offset, ulong count, byte[] strtab)
    {
        var indexes = new Dictionary<int, string>();
        var needs = new List<string>();
        var glibc = new SortedSet<Version>();
        var records = 0;
        for (ulong i = 0; i < count; i++)
        {
            CountRecord(ref records);
            var vn = src.Read(offset, 16, $"version need record {i}");
            var auxCount = src.U16(vn, 2);
            var file = BinarySource.CString(strtab, src.U32(vn, 4), "vn_file");
            var aux = offset + src.U32(vn, 8);
            for (var j = 0; j < auxCount; j++)
            {
                CountRecord(ref records);
                var vna = src.Read(aux, 16, $"version need auxiliary record {j} of {file}");
                var name = BinarySource.CString(strtab, src.U32(vna, 8), "vna_name");
                needs.Add($"{file}: {name}");
                indexes[src.U16(vna, 6) & 0x7fff] = name;
                if (name.StartsWith("GLIBC_", StringComparison.Ordinal) && TryParseVersion(name.Substring(6), out var v))
                {
                    glibc.Add(v);
                }

                // Publish as we go so a damaged later record still leaves the earlier facts.
                info.VersionNeeds = needs.ToArray();
                info.GlibcVersions = glibc.ToArray();

                var next = src.U32(vna, 12);
                if (next == 0)
                {
                    break;
                }

                aux += next;
            }

            var vnNext = src.U32(vn, 12);
            if (vnNext == 0)
            {
                break;
            }

            offset += vnNext;
        }

        return indexes;
    }

    private static void CountRecord(ref int records)
    {
        if (++records > MaxVersionRecords)
        {
            throw new MalformedFileException($"malformed: more than {MaxVersionRecords} version need records");
        }
    }

    /// <summary>Digits separated by dots, at least two parts: <c>2.34</c>, <c>2.2.5</c>; rejects <c>PRIVATE</c>, <c>ABI_DT_RELR</c>.</summary>
    private static bool TryParseVersion(string text, out Version version)
    {
        version = new Version();
        var parts = text.Split('.');
        if (parts.Length is < 2 or > 4 || parts.Any(p => p.Length == 0 || p.Length > 6 || !p.All(c => c is >= '0' and <= '9')))
        {
            return false;
        }

        version = Version.Parse(text);
        return true;
    }
}
