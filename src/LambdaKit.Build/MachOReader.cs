namespace LambdaKit.Build;

/// <summary>Mach-O: thin files in either byte order and width, and universal ("fat") files with every slice.</summary>
internal static class MachOReader
{
    internal const uint FatMagic = 0xCAFEBABE;
    internal const uint FatMagic64 = 0xCAFEBABF;

    /// <summary>
    /// Java class files share 0xCAFEBABE; there the next word is the class-file version (45 or more), so a universal
    /// binary is told apart by a small architecture count, as file(1) does.
    /// </summary>
    internal const uint MaxFatArchitectures = 30;

    /// <summary>Reads a thin Mach-O whose first word (read big-endian) is <paramref name="magic"/>.</summary>
    public static NativeSlice ReadThin(BinarySource src, uint magic, string where)
    {
        // 0xFEEDFACE/0xFEEDFACF read big-endian means a big-endian file; the byte-swapped forms mean little-endian.
        var is64 = magic is 0xFEEDFACF or 0xCFFAEDFE;
        src.BigEndian = magic is 0xFEEDFACE or 0xFEEDFACF;
        var h = src.Read(0, is64 ? 32 : 28, $"Mach-O header{where}");
        var cpuType = (int)src.U32(h, 4);
        var kind = src.U32(h, 12) switch
        {
            1 => NativeFileKind.Relocatable,
            2 => NativeFileKind.Executable,
            6 or 8 => NativeFileKind.SharedLibrary,
            _ => NativeFileKind.Other,
        };
        return new NativeSlice(Architecture(cpuType), cpuType, is64 ? 64 : 32, src.BigEndian ? NativeEndianness.Big : NativeEndianness.Little, kind);
    }

    public static void ReadUniversal(BinarySource src, NativeFileInfo info, uint magic)
    {
        src.BigEndian = true;
        var header = src.Read(0, 8, "universal header");
        var count = src.U32(header, 4);
        var entrySize = magic == FatMagic64 ? 32 : 20;
        var table = src.Read(8, count * entrySize, $"universal architecture table ({count} entries)");
        var slices = new List<NativeSlice>();
        for (var i = 0; i < count; i++)
        {
            var at = i * entrySize;
            var offset = magic == FatMagic64 ? BinarySource.AsOffset(src.U64(table, at + 8), "fat_arch offset") : src.U32(table, at + 8);
            var size = magic == FatMagic64 ? BinarySource.AsOffset(src.U64(table, at + 16), "fat_arch size") : src.U32(table, at + 12);
            var where = $" of slice {i} (offset {offset})";
            var slice = src.Slice(offset, size, $"universal slice {i}");
            var sliceMagic = slice.Read(0, 4, $"Mach-O magic{where}");
            var m = (uint)((sliceMagic[0] << 24) | (sliceMagic[1] << 16) | (sliceMagic[2] << 8) | sliceMagic[3]);
            if (!IsThinMagic(m))
            {
                throw new MalformedFileException($"malformed: slice {i} of the universal binary (offset {offset}) does not start with a Mach-O header");
            }

            slices.Add(ReadThin(slice, m, where));

            // Publish as we go so a damaged later slice still leaves the earlier ones.
            info.Slices = slices.ToArray();
        }
    }

    internal static bool IsThinMagic(uint magic) => magic is 0xFEEDFACE or 0xCEFAEDFE or 0xFEEDFACF or 0xCFFAEDFE;

    internal static NativeArchitecture Architecture(int cpuType) => cpuType switch
    {
        0x01000007 => NativeArchitecture.X86_64,
        0x0100000C => NativeArchitecture.Arm64,
        7 => NativeArchitecture.X86,
        12 => NativeArchitecture.Arm,
        0x01000012 => NativeArchitecture.PowerPC64,
        18 => NativeArchitecture.PowerPC,
        _ => NativeArchitecture.Other,
    };
}
