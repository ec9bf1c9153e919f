using System.Buffers.Binary;
using Xunit.Abstractions;

namespace LambdaKit.Build.Tests;

/// <summary>
/// The packaging robustness suite of docs/robustness.md: every kind of file the native-file reader accepts (ELF 32/64,
/// little/big-endian, relocatable, executable, PIE, static, shared; native and managed PE; thin Mach-O in all four
/// magics; universal Mach-O 32 and 64) truncated at every header offset and with every header byte overwritten.
/// The reader must answer each with a diagnostic or the original facts, never an exception.
/// </summary>
[Collection(NativeFixturesDefinition.Name)]
public sealed class MalformedNativeFileSuiteTests(NativeFixtures fixtures, ITestOutputHelper output)
{
    /// <summary>Leading bytes of each sample mutated byte by byte: the headers and tables the reader looks at first.</summary>
    private const int HeaderBytes = 512;

    public static TheoryData<string> Kinds() => [.. SampleNames];

    private static readonly string[] SampleNames =
    [
        "elf x64 shared library", "elf x64 pie", "elf x64 executable", "elf x64 static", "elf x64 static pie", "elf x86 object",
        "elf arm64 shared library", "elf arm64 pie", "elf32 big-endian", "elf64 big-endian", "pe32+ native", "pe32+ managed", "pe managed (real)",
        "mach-o 64 little-endian", "mach-o 64 big-endian", "mach-o 32 little-endian", "mach-o 32 big-endian", "universal mach-o", "universal mach-o 64",
    ];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_truncation_gives_a_diagnostic_or_the_same_facts(string kind)
    {
        var bytes = Sample(kind);
        var full = NativeFileReader.Read(new MemoryStream(bytes));
        Assert.True(full.IsBinary, $"{kind}: {full.Format} {full.Problem}");
        Assert.Null(full.Problem);

        int files = 0;
        foreach (int length in TruncationLengths(bytes.Length))
        {
            files++;
            var info = Read(bytes.AsSpan(0, length).ToArray(), $"{kind} truncated to {length} bytes");
            if (length < 4 || (length < 8 && kind.StartsWith("universal", StringComparison.Ordinal)))
            {
                // Under 8 bytes a universal header is only 0xCAFEBABE, also a Java class file's magic: not native.
                Assert.Equal(NativeFileFormat.Unknown, info.Format);
            }
            else if (info.Problem is null)
            {
                Assert.Equal(Facts(full), Facts(info));
            }
        }

        output.WriteLine($"{kind}: {bytes.Length} bytes, {files} truncations");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_overwritten_header_byte_is_read_without_an_exception(string kind)
    {
        var original = Sample(kind);
        var bytes = (byte[])original.Clone();
        int files = 0;
        for (int at = 0; at < Math.Min(HeaderBytes, bytes.Length); at++)
        {
            foreach (byte value in (byte[])[0x00, 0xFF, 0x7F, 0x80, (byte)(original[at] + 1)])
            {
                bytes[at] = value;
                Read(bytes, $"{kind} with byte {at} set to 0x{value:X2}");
                files++;
            }

            bytes[at] = original[at];
        }

        output.WriteLine($"{kind}: {files} overwritten-byte variants");
    }

    [Fact]
    public void A_zero_byte_file_on_disk_is_not_native_and_not_a_failure()
    {
        string path = Path.Combine(fixtures.Directory, "zero-bytes");
        File.WriteAllBytes(path, []);

        var info = NativeFileReader.Read(path);

        Assert.Equal(NativeFileFormat.Unknown, info.Format);
        Assert.False(info.IsBinary);
        Assert.Null(info.Problem);
        Assert.Empty(info.Slices);
    }

    /// <summary>Every format the reader identifies has samples here.</summary>
    [Fact]
    public void The_suite_covers_every_format_the_reader_accepts()
    {
        var formats = SampleNames.Select(kind => NativeFileReader.Read(new MemoryStream(Sample(kind))).Format).Distinct().Order();

        Assert.Equal([NativeFileFormat.Elf, NativeFileFormat.PE, NativeFileFormat.MachO], formats);
    }

    /// <summary>Every length up to the header region, then every length within 4 KiB of the end (ELF section headers live there), then a stride.</summary>
    private static IEnumerable<int> TruncationLengths(int size) =>
        Enumerable.Range(0, size).Where(length => length < 4096 || length >= size - 4096 || length % 509 == 0);

    private static NativeFileInfo Read(byte[] bytes, string what)
    {
        try
        {
            return NativeFileReader.Read(new MemoryStream(bytes));
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what}: {ex}");
            throw;
        }
    }

    private static string Facts(NativeFileInfo info) =>
        $"{info.Format} {info.OS} universal={info.IsUniversal} [{string.Join("; ", info.Slices)}] managed={info.Managed?.Platform}/{info.Managed?.IsReadyToRun} " +
        $"interp={info.Interpreter} soname={info.SoName} needed=[{string.Join(",", info.Needed)}] versions=[{string.Join(",", info.VersionNeeds)}]";

    private byte[] Sample(string kind) => kind switch
    {
        "elf x64 shared library" => File.ReadAllBytes(fixtures.X64Library),
        "elf x64 pie" => File.ReadAllBytes(fixtures.X64Pie),
        "elf x64 executable" => File.ReadAllBytes(fixtures.X64NoPie),
        "elf x64 static" => File.ReadAllBytes(fixtures.X64Static),
        "elf x64 static pie" => File.ReadAllBytes(fixtures.X64StaticPie),
        "elf x86 object" => File.ReadAllBytes(fixtures.X86Object),
        "elf arm64 shared library" => File.ReadAllBytes(fixtures.Arm64Library),
        "elf arm64 pie" => File.ReadAllBytes(fixtures.Arm64Pie),
        "elf32 big-endian" => new ElfBuilder { Is64 = false, BigEndian = true, Machine = 8 }.Build(),
        "elf64 big-endian" => new ElfBuilder { BigEndian = true, Machine = 22 }.Build(),
        "pe32+ native" => PeMachOTests.Pe(0x8664, characteristics: 0x2022),
        "pe32+ managed" => PeMachOTests.Pe(0xAA64, characteristics: 0x2022, cliFlags: 1, readyToRun: true),
        "pe managed (real)" => File.ReadAllBytes(typeof(NativeFileReader).Assembly.Location),
        "mach-o 64 little-endian" => PeMachOTests.MachO([0xCF, 0xFA, 0xED, 0xFE], 0x0100000C, 6),
        "mach-o 64 big-endian" => PeMachOTests.MachO([0xFE, 0xED, 0xFA, 0xCF], 0x01000012, 2),
        "mach-o 32 little-endian" => PeMachOTests.MachO([0xCE, 0xFA, 0xED, 0xFE], 7, 2),
        "mach-o 32 big-endian" => PeMachOTests.MachO([0xFE, 0xED, 0xFA, 0xCE], 18, 6),
        "universal mach-o" => Universal(fat64: false),
        "universal mach-o 64" => Universal(fat64: true),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A universal file with an x86_64 and an arm64 slice; fat_arch_64 entries are 32 bytes with 64-bit offset and size.</summary>
    private static byte[] Universal(bool fat64)
    {
        var file = new byte[256];
        BinaryPrimitives.WriteUInt32BigEndian(file, fat64 ? 0xCAFEBABFu : 0xCAFEBABEu);
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(4), 2);
        if (fat64)
        {
            for (int i = 0; i < 2; i++)
            {
                int at = 8 + (i * 32);
                BinaryPrimitives.WriteInt32BigEndian(file.AsSpan(at), i == 0 ? 0x01000007 : 0x0100000C);
                BinaryPrimitives.WriteUInt64BigEndian(file.AsSpan(at + 8), (ulong)(128 + (i * 64)));
                BinaryPrimitives.WriteUInt64BigEndian(file.AsSpan(at + 16), 64);
            }
        }
        else
        {
            PeMachOTests.FatArch(file, 8, 0x01000007, 128);
            PeMachOTests.FatArch(file, 28, 0x0100000C, 192);
        }

        PeMachOTests.MachO([0xCF, 0xFA, 0xED, 0xFE], 0x01000007, 6).CopyTo(file, 128);
        PeMachOTests.MachO([0xCF, 0xFA, 0xED, 0xFE], 0x0100000C, 6).CopyTo(file, 192);
        return file;
    }
}
