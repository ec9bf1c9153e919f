using System.Buffers.Binary;
using System.Text.RegularExpressions;

namespace LambdaKit.Build.Tests;

/// <summary>PE and Mach-O: hand-built headers (no cross compiler for them here), .NET assemblies, and a package's real files against file(1).</summary>
public sealed class PeMachOTests
{
    [Theory]
    [InlineData(0x8664, NativeArchitecture.X86_64)]
    [InlineData(0xAA64, NativeArchitecture.Arm64)]
    [InlineData(0x014C, NativeArchitecture.X86)]
    [InlineData(0x01C4, NativeArchitecture.Arm)]
    [InlineData(0x0200, NativeArchitecture.Other)] // Itanium
    public void Native_pe_machines(int machine, NativeArchitecture expected)
    {
        var info = NativeFileReader.Read(new MemoryStream(Pe((ushort)machine, characteristics: 0x2022)));

        Assert.Null(info.Problem);
        Assert.Equal(NativeFileFormat.PE, info.Format);
        Assert.Equal(NativeOperatingSystem.Windows, info.OS);
        Assert.Null(info.Managed);
        var slice = Assert.Single(info.Slices);
        Assert.Equal(expected, slice.Architecture);
        Assert.Equal(machine, slice.Machine);
        Assert.Equal(NativeFileKind.SharedLibrary, slice.Kind);
    }

    [Theory]
    [InlineData(0x014C, 0x1u, false, ManagedPlatform.AnyCpu, NativeOperatingSystem.Unknown, NativeArchitecture.X86)]
    [InlineData(0x014C, 0x20003u, false, ManagedPlatform.AnyCpu32BitPreferred, NativeOperatingSystem.Unknown, NativeArchitecture.X86)]
    [InlineData(0x014C, 0x3u, false, ManagedPlatform.X86, NativeOperatingSystem.Unknown, NativeArchitecture.X86)]
    [InlineData(0xAA64, 0x1u, false, ManagedPlatform.PlatformSpecific, NativeOperatingSystem.Unknown, NativeArchitecture.Arm64)]
    [InlineData(0x8664, 0x0u, false, ManagedPlatform.MixedMode, NativeOperatingSystem.Windows, NativeArchitecture.X86_64)]
    [InlineData(0x8664 ^ 0x7B79, 0x1u, true, ManagedPlatform.PlatformSpecific, NativeOperatingSystem.Linux, NativeArchitecture.X86_64)]
    [InlineData(0xAA64 ^ 0x7B79, 0x1u, true, ManagedPlatform.PlatformSpecific, NativeOperatingSystem.Linux, NativeArchitecture.Arm64)]
    [InlineData(0xAA64 ^ 0x4644, 0x1u, true, ManagedPlatform.PlatformSpecific, NativeOperatingSystem.MacOS, NativeArchitecture.Arm64)]
    // What crossgen2 writes (the runtime packs' framework files): IL_LIBRARY and STRONGNAMESIGNED, ILONLY cleared.
    [InlineData(0x8664 ^ 0x7B79, 0xCu, true, ManagedPlatform.PlatformSpecific, NativeOperatingSystem.Linux, NativeArchitecture.X86_64)]
    [InlineData(0xAA64 ^ 0x7B79, 0xCu, true, ManagedPlatform.PlatformSpecific, NativeOperatingSystem.Linux, NativeArchitecture.Arm64)]
    public void Managed_pe_flags_and_ready_to_run_machines(int machine, uint flags, bool readyToRun, ManagedPlatform platform, NativeOperatingSystem os, NativeArchitecture architecture)
    {
        var info = NativeFileReader.Read(new MemoryStream(Pe((ushort)machine, characteristics: 0x2022, cliFlags: flags, readyToRun: readyToRun)));

        Assert.Null(info.Problem);
        Assert.NotNull(info.Managed);
        Assert.Equal(platform, info.Managed.Platform);
        Assert.Equal(readyToRun, info.Managed.IsReadyToRun);
        Assert.Equal(os, info.OS);
        Assert.Equal(architecture, Assert.Single(info.Slices).Architecture);
    }

    [Fact]
    public void Real_assemblies_are_managed()
    {
        // This test assembly is built AnyCPU; the shared framework on linux-x64 is ReadyToRun-compiled for linux-x64.
        var own = NativeFileReader.Read(typeof(PeMachOTests).Assembly.Location);
        Assert.Null(own.Problem);
        Assert.Equal(ManagedPlatform.AnyCpu, own.Managed?.Platform);
        Assert.False(own.Managed?.IsReadyToRun);
        Assert.Equal(NativeOperatingSystem.Unknown, own.OS);

        var coreLib = NativeFileReader.Read(typeof(object).Assembly.Location);
        Assert.Null(coreLib.Problem);
        Assert.True(coreLib.Managed?.IsReadyToRun);
        Assert.Equal(ManagedPlatform.PlatformSpecific, coreLib.Managed?.Platform);
        Assert.Equal(NativeOperatingSystem.Linux, coreLib.OS);
        Assert.Equal(NativeArchitecture.X86_64, Assert.Single(coreLib.Slices).Architecture);
        Assert.Equal(0x8664, coreLib.Slices[0].Machine);
    }

    [Fact]
    public void An_mz_file_without_a_pe_header_is_reported()
    {
        var bytes = Pe(0x8664, 0x2022);
        bytes[0x80] = (byte)'X';

        Assert.Equal("malformed: no PE signature at offset 128 named by the DOS header (an MZ file without a PE header, e.g. DOS)", NativeFileReader.Read(new MemoryStream(bytes)).Problem);
    }

    [Fact]
    public void Every_truncation_of_a_pe_header_is_reported()
    {
        var bytes = Pe(0x014C, 0x2022, cliFlags: 1);
        for (var length = 4; length < bytes.Length; length++)
        {
            var info = NativeFileReader.Read(new MemoryStream(bytes, 0, length));
            Assert.Equal(NativeFileFormat.PE, info.Format);
            Assert.True(info.Problem?.StartsWith("truncated: ", StringComparison.Ordinal), $"{length}: {info.Problem}");
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xCF, 0xFA, 0xED, 0xFE }, 0x0100000C, 6, NativeArchitecture.Arm64, 64, NativeEndianness.Little, NativeFileKind.SharedLibrary)]
    [InlineData(new byte[] { 0xCF, 0xFA, 0xED, 0xFE }, 0x01000007, 2, NativeArchitecture.X86_64, 64, NativeEndianness.Little, NativeFileKind.Executable)]
    [InlineData(new byte[] { 0xCE, 0xFA, 0xED, 0xFE }, 7, 8, NativeArchitecture.X86, 32, NativeEndianness.Little, NativeFileKind.SharedLibrary)]
    [InlineData(new byte[] { 0xFE, 0xED, 0xFA, 0xCE }, 18, 2, NativeArchitecture.PowerPC, 32, NativeEndianness.Big, NativeFileKind.Executable)]
    [InlineData(new byte[] { 0xFE, 0xED, 0xFA, 0xCF }, 0x01000012, 1, NativeArchitecture.PowerPC64, 64, NativeEndianness.Big, NativeFileKind.Relocatable)]
    public void Thin_mach_o(byte[] magic, int cpuType, int fileType, NativeArchitecture architecture, int bitness, NativeEndianness endianness, NativeFileKind kind)
    {
        var info = NativeFileReader.Read(new MemoryStream(MachO(magic, cpuType, fileType)));

        Assert.Null(info.Problem);
        Assert.Equal(NativeFileFormat.MachO, info.Format);
        Assert.Equal(NativeOperatingSystem.MacOS, info.OS);
        Assert.False(info.IsUniversal);
        var slice = Assert.Single(info.Slices);
        Assert.Equal((architecture, cpuType, bitness, endianness, kind), (slice.Architecture, slice.Machine, slice.Bitness, slice.Endianness, slice.Kind));
    }

    [Fact]
    public void Universal_mach_o_lists_every_slice()
    {
        // fat_header (big-endian): magic, nfat_arch = 2; two fat_arch entries (cputype, cpusubtype, offset, size, align)
        // naming thin headers at 64 and 128.
        var file = new byte[192];
        BinaryPrimitives.WriteUInt32BigEndian(file, 0xCAFEBABE);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(4), 2);
        FatArch(file, 8, 0x01000007, 64);
        FatArch(file, 28, 0x0100000C, 128);
        MachO([0xCF, 0xFA, 0xED, 0xFE], 0x01000007, 6).CopyTo(file, 64);
        MachO([0xCF, 0xFA, 0xED, 0xFE], 0x0100000C, 6).CopyTo(file, 128);

        var info = NativeFileReader.Read(new MemoryStream(file));

        Assert.Null(info.Problem);
        Assert.True(info.IsUniversal);
        Assert.Equal([NativeArchitecture.X86_64, NativeArchitecture.Arm64], info.Slices.Select(s => s.Architecture));
        Assert.True(info.HasArchitecture(NativeArchitecture.Arm64));
        Assert.False(info.HasArchitecture(NativeArchitecture.X86));

        var truncated = NativeFileReader.Read(new MemoryStream(file, 0, 150));
        Assert.Equal("truncated: universal slice 1 at offset 128 (64 bytes) extends beyond the file size 150", truncated.Problem);
        Assert.Equal(NativeArchitecture.X86_64, Assert.Single(truncated.Slices).Architecture);
    }

    [Fact]
    public void Real_package_pe_and_mach_o_files_match_file()
    {
        var root = Path.Combine(Tools.PackageRoot, "sqlitepclraw.lib.e_sqlite3", "2.0.6", "runtimes");
        var files = Directory.GetFiles(root, "*.dll", SearchOption.AllDirectories).Concat(Directory.GetFiles(root, "*.dylib", SearchOption.AllDirectories)).ToArray();
        Assert.True(files.Length >= 6, $"expected the package's Windows and macOS files, found {files.Length}");
        foreach (var path in files)
        {
            var description = Tools.Run("file", "-b", path);
            var info = NativeFileReader.Read(path);
            Assert.True(info.Problem == null, $"{path}: {info.Problem}");
            var slice = Assert.Single(info.Slices);
            Assert.Equal(description.StartsWith("PE32", StringComparison.Ordinal) ? NativeFileFormat.PE : NativeFileFormat.MachO, info.Format);
            Assert.Equal(info.Format == NativeFileFormat.PE ? NativeOperatingSystem.Windows : NativeOperatingSystem.MacOS, info.OS);
            Assert.Equal(Regex.IsMatch(description, "PE32\\+|Mach-O 64-bit") ? 64 : 32, slice.Bitness);
            Assert.Equal(Regex.IsMatch(description, "\\(DLL\\)|shared library") ? NativeFileKind.SharedLibrary : NativeFileKind.Executable, slice.Kind);
            var expected = description switch
            {
                _ when description.Contains("x86-64", StringComparison.Ordinal) || description.Contains("x86_64", StringComparison.Ordinal) => NativeArchitecture.X86_64,
                _ when description.Contains("Aarch64", StringComparison.Ordinal) || description.Contains("arm64", StringComparison.Ordinal) => NativeArchitecture.Arm64,
                _ when description.Contains("Intel 80386", StringComparison.Ordinal) => NativeArchitecture.X86,
                _ when description.Contains("ARMv7", StringComparison.Ordinal) => NativeArchitecture.Arm,
                _ => throw new InvalidOperationException($"No mapping for '{description}'"),
            };
            Assert.True(expected == slice.Architecture, $"{path}: file says '{description.Trim()}', reader says {slice}");
        }
    }

    /// <summary>
    /// A minimal PE: DOS header (MZ, e_lfanew = 0x80 at 0x3C); at 0x80 "PE\0\0" and the COFF header (machine,
    /// 1 section, optional header size 0xF0, characteristics); a PE32+ optional header (magic 0x20B) with 16 data
    /// directories, the CLI one (index 14) at RVA 0x2000 when managed; one section mapping RVA 0x2000 to file offset
    /// 0x200, holding the 72-byte CLI header (flags at +16, ManagedNativeHeader at +64 non-zero for ReadyToRun).
    /// </summary>
    internal static byte[] Pe(ushort machine, ushort characteristics, uint? cliFlags = null, bool readyToRun = false)
    {
        var file = new byte[0x200 + 72];
        file[0] = (byte)'M';
        file[1] = (byte)'Z';
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x3C), 0x80);
        "PE\0\0"u8.CopyTo(file.AsSpan(0x80));
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x84), machine);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x86), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x94), 0xF0);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x96), characteristics);
        const int optional = 0x98;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(optional), 0x20B);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(optional + 108), 16);
        if (cliFlags is { } flags)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(optional + 112 + (14 * 8)), 0x2000);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(optional + 112 + (14 * 8) + 4), 72);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x200), 72);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x200 + 16), flags);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x200 + 64), readyToRun ? 0x2100u : 0);
        }

        const int section = optional + 0xF0;
        ".text\0\0\0"u8.CopyTo(file.AsSpan(section));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(section + 8), 0x100); // VirtualSize
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(section + 12), 0x2000); // VirtualAddress
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(section + 16), 72); // SizeOfRawData
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(section + 20), 0x200); // PointerToRawData
        return file;
    }

    /// <summary>A 32-byte mach_header(_64): magic as given, then cputype, cpusubtype, filetype, ncmds, sizeofcmds, flags, reserved in the magic's byte order.</summary>
    internal static byte[] MachO(byte[] magic, int cpuType, int fileType)
    {
        var bigEndian = magic[0] == 0xFE;
        var file = new byte[64];
        magic.CopyTo(file, 0);
        void Put(int at, int value)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(at), value);
            }
        }

        Put(4, cpuType);
        Put(12, fileType);
        return file;
    }

    internal static void FatArch(byte[] file, int at, int cpuType, int offset)
    {
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(at), cpuType);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(at + 8), offset);
        BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(at + 12), 64);
    }
}
