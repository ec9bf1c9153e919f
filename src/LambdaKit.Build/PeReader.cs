namespace LambdaKit.Build;

/// <summary>PE/COFF: the COFF machine and characteristics, and for .NET assemblies the CLI header flags.</summary>
internal static class PeReader
{
    private const int ClrDirectoryIndex = 14;
    private const uint IlOnly = 0x1;
    private const uint Required32Bit = 0x2;
    private const uint Preferred32Bit = 0x20000;

    /// <summary>
    /// ReadyToRun images for non-Windows systems XOR the COFF machine with an OS value so that Windows refuses to load
    /// them; removing the mask recovers the real machine (see the runtime's <c>IMAGE_FILE_MACHINE_NATIVE_OS_OVERRIDE</c>).
    /// </summary>
    private static readonly (ushort Mask, NativeOperatingSystem OS)[] ReadyToRunOsMasks =
    [
        (0x7B79, NativeOperatingSystem.Linux),
        (0x4644, NativeOperatingSystem.MacOS),
        (0xADC4, NativeOperatingSystem.Other), // FreeBSD
        (0x1993, NativeOperatingSystem.Other), // NetBSD
        (0x1992, NativeOperatingSystem.Other), // SunOS
    ];

    public static void Read(BinarySource src, NativeFileInfo info)
    {
        var dos = src.Read(0, 64, "DOS header");
        var peOffset = src.U32(dos, 0x3C);
        var coff = src.Read(peOffset, 24, "PE signature and COFF header");
        if (coff[0] != 'P' || coff[1] != 'E' || coff[2] != 0 || coff[3] != 0)
        {
            throw new MalformedFileException($"malformed: no PE signature at offset {peOffset} named by the DOS header (an MZ file without a PE header, e.g. DOS)");
        }

        var machine = src.U16(coff, 4);
        var sectionCount = src.U16(coff, 6);
        var optionalSize = src.U16(coff, 20);
        var characteristics = src.U16(coff, 22);
        var kind = (characteristics & 0x2000) != 0 ? NativeFileKind.SharedLibrary
            : (characteristics & 0x0002) != 0 ? NativeFileKind.Executable
            : NativeFileKind.Other;
        info.OS = NativeOperatingSystem.Windows;
        info.Slices = [Slice(machine, kind)];

        if (optionalSize < 2)
        {
            return;
        }

        var optional = src.Read(peOffset + 24, optionalSize, "PE optional header");
        var is64 = src.U16(optional, 0) switch
        {
            0x10b => false,
            0x20b => true,
            var magic => throw new MalformedFileException($"malformed: PE optional header magic is 0x{magic:x}, expected 0x10b (PE32) or 0x20b (PE32+)"),
        };
        var countAt = is64 ? 108 : 92;
        if (optional.Length < countAt + 4)
        {
            throw new MalformedFileException($"malformed: PE optional header of {optional.Length} bytes is too short for its data directories");
        }

        var directoryCount = src.U32(optional, countAt);
        var clrAt = countAt + 4 + (ClrDirectoryIndex * 8);
        if (directoryCount <= ClrDirectoryIndex || optional.Length < clrAt + 8)
        {
            return;
        }

        var clrRva = src.U32(optional, clrAt);
        if (clrRva == 0)
        {
            return;
        }

        var sections = src.Read(peOffset + 24 + optionalSize, sectionCount * 40L, $"PE section table ({sectionCount} entries)");
        var cli = src.Read(RvaToOffset(src, sections, sectionCount, clrRva), 72, "CLI header");
        var flags = src.U32(cli, 16);
        var readyToRun = src.U32(cli, 64) != 0;

        // The OS mask applies to ReadyToRun images only; an IL-only image's machine is what it says.
        foreach (var (mask, os) in ReadyToRunOsMasks)
        {
            var unmasked = (ushort)(machine ^ mask);
            if (readyToRun && Architecture(unmasked) != NativeArchitecture.Other)
            {
                machine = unmasked;
                info.OS = os;
                break;
            }
        }

        // crossgen2 clears ILONLY in the images it writes: a ReadyToRun image is IL with precompiled code, never C++/CLI.
        var platform = (flags & IlOnly) == 0 && !readyToRun ? ManagedPlatform.MixedMode
            : machine != 0x14c ? ManagedPlatform.PlatformSpecific
            : (flags & Required32Bit) == 0 ? ManagedPlatform.AnyCpu
            : (flags & Preferred32Bit) != 0 ? ManagedPlatform.AnyCpu32BitPreferred
            : ManagedPlatform.X86;
        if (info.OS == NativeOperatingSystem.Windows && platform != ManagedPlatform.MixedMode && !readyToRun)
        {
            // IL runs wherever .NET runs: the Windows machine stub says nothing about the target OS.
            info.OS = NativeOperatingSystem.Unknown;
        }

        info.Slices = [Slice(machine, kind)];
        info.Managed = new ManagedAssemblyInfo(platform, readyToRun);
    }

    private static NativeSlice Slice(ushort machine, NativeFileKind kind)
    {
        var architecture = Architecture(machine);
        var bitness = architecture is NativeArchitecture.X86_64 or NativeArchitecture.Arm64 or NativeArchitecture.RiscV64 or NativeArchitecture.LoongArch64 ? 64 : 32;
        return new NativeSlice(architecture, machine, bitness, NativeEndianness.Little, kind);
    }

    internal static NativeArchitecture Architecture(ushort machine) => machine switch
    {
        0x8664 => NativeArchitecture.X86_64,
        0xAA64 => NativeArchitecture.Arm64,
        0x14c => NativeArchitecture.X86,
        0x1c0 or 0x1c2 or 0x1c4 => NativeArchitecture.Arm,
        0x5064 => NativeArchitecture.RiscV64,
        0x6264 => NativeArchitecture.LoongArch64,
        _ => NativeArchitecture.Other,
    };

    private static long RvaToOffset(BinarySource src, byte[] sections, int count, uint rva)
    {
        for (var i = 0; i < count; i++)
        {
            var at = i * 40;
            var virtualAddress = src.U32(sections, at + 12);
            var rawSize = src.U32(sections, at + 16);
            var rawPointer = src.U32(sections, at + 20);
            if (rva >= virtualAddress && rva - virtualAddress < rawSize)
            {
                return rawPointer + (long)(rva - virtualAddress);
            }
        }

        throw new MalformedFileException($"malformed: CLI header RVA 0x{rva:x} is not inside any of the {count} PE sections");
    }
}
