using System.Buffers.Binary;
using System.Text;

namespace LambdaKit.Build.Tests;

/// <summary>Damaged files give a specific <see cref="NativeFileInfo.Problem"/>, never an exception or a hang.</summary>
[Collection(NativeFixturesDefinition.Name)]
public sealed class MalformedFileTests(NativeFixtures fixtures)
{
    [Fact]
    public void Every_truncation_of_a_real_library_is_reported()
    {
        var bytes = File.ReadAllBytes(fixtures.X64Library);
        for (var length = 0; length < bytes.Length; length++)
        {
            var info = NativeFileReader.Read(new MemoryStream(bytes, 0, length));
            if (length < 4)
            {
                Assert.Equal(NativeFileFormat.Unknown, info.Format);
                continue;
            }

            // The section header table is the last thing in the file, so every shorter prefix cuts into something read.
            Assert.Equal(NativeFileFormat.Elf, info.Format);
            Assert.True(info.Problem?.StartsWith("truncated: ", StringComparison.Ordinal), $"prefix of {length} bytes: '{info.Problem}'");
            if (length >= 64)
            {
                Assert.Equal(NativeArchitecture.X86_64, Assert.Single(info.Slices).Architecture);
            }
        }
    }

    [Fact]
    public void Truncation_names_the_table_and_the_sizes()
    {
        var bytes = File.ReadAllBytes(fixtures.X64Library);
        var shoff = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(40));
        var info = NativeFileReader.Read(new MemoryStream(bytes, 0, (int)shoff + 10));

        Assert.Equal($"truncated: section header 0 at offset {shoff} (64 bytes) extends beyond the file size {shoff + 10}", info.Problem);
    }

    [Fact]
    public void Empty_and_tiny_files_are_not_native()
    {
        Assert.Equal(NativeFileFormat.Unknown, NativeFileReader.Read(new MemoryStream()).Format);
        Assert.Null(NativeFileReader.Read(new MemoryStream()).Problem);
        Assert.Equal(NativeFileFormat.Unknown, NativeFileReader.Read(new MemoryStream("MZ"u8.ToArray())).Format);
    }

    [Fact]
    public void Text_and_java_classes_are_not_native()
    {
        var text = NativeFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes("#!/bin/sh\necho hello\n")));
        Assert.Equal(NativeFileFormat.Unknown, text.Format);
        Assert.False(text.IsBinary);

        // 0xCAFEBABE, minor 0, major 52 (Java 8): the same magic as a universal Mach-O.
        var javaClass = NativeFileReader.Read(new MemoryStream([0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 52, 0, 0]));
        Assert.Equal(NativeFileFormat.Unknown, javaClass.Format);
    }

    [Theory]
    [InlineData(4, 3, "ELF class byte (offset 4) is 3")]
    [InlineData(5, 0, "ELF data byte (offset 5) is 0")]
    public void Unknown_class_or_byte_order_is_reported_before_reading_the_machine(int offset, byte value, string expected)
    {
        var bytes = File.ReadAllBytes(fixtures.X64Library);
        bytes[offset] = value;
        var info = NativeFileReader.Read(new MemoryStream(bytes));

        Assert.Contains(expected, info.Problem, StringComparison.Ordinal);
        Assert.Empty(info.Slices);
    }

    [Fact]
    public void Huge_section_count_is_reported()
    {
        var bytes = File.ReadAllBytes(fixtures.X64Library);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(60), 0xFFFF);
        var info = NativeFileReader.Read(new MemoryStream(bytes));

        Assert.Contains("65535 section headers of 64 bytes cannot fit", info.Problem, StringComparison.Ordinal);
        Assert.Equal(NativeArchitecture.X86_64, info.Slices[0].Architecture);
    }

    [Theory]
    [InlineData(32, "program header table")]
    [InlineData(40, "section header 0")]
    public void Offsets_past_the_end_are_reported(int field, string table)
    {
        var bytes = File.ReadAllBytes(fixtures.X64Pie);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(field), 0x7FFF_FFFF_FFFF_0000);
        var info = NativeFileReader.Read(new MemoryStream(bytes));

        Assert.StartsWith($"truncated: {table}", info.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_beyond_a_signed_long_are_reported()
    {
        var bytes = File.ReadAllBytes(fixtures.X64Pie);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(40), ulong.MaxValue);

        Assert.Equal($"malformed: e_shoff {ulong.MaxValue} is not a valid file offset or size", NativeFileReader.Read(new MemoryStream(bytes)).Problem);
    }

    [Fact]
    public void A_string_table_without_a_terminator_is_reported()
    {
        var file = new ElfBuilder { StringTable = Encoding.ASCII.GetBytes("\0libc.so.6") }.Build();
        var info = NativeFileReader.Read(new MemoryStream(file));

        Assert.Equal("malformed: DT_NEEDED string at index 1 is not NUL-terminated within the string table", info.Problem);
    }

    [Fact]
    public void A_string_index_outside_the_table_is_reported()
    {
        var file = new ElfBuilder { Dynamic = [(1, 0xFFFF_FFFF)] }.Build();

        Assert.Equal("malformed: DT_NEEDED string index 4294967295 is outside the string table of 45 bytes", NativeFileReader.Read(new MemoryStream(file)).Problem);
    }

    [Fact]
    public void An_oversized_string_table_is_refused_without_reading_it()
    {
        var file = new ElfBuilder().Build();
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(0x400 + 64 + 32), 1UL << 40); // .dynstr sh_size

        Assert.StartsWith("truncated: string table of the dynamic section (section 1) at offset 256 (1099511627776 bytes)", NativeFileReader.Read(new MemoryStream(file)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_chain_running_off_the_end_is_reported_after_the_needs_read_so_far()
    {
        // vn_cnt claims 65535 aux records; the second points 4 KiB further, past the end of the file.
        var file = new ElfBuilder { VersionNeeds = b => b.Verneed(count: 0xFFFF, fileName: 1, auxOffset: 16, next: 0, (23, 16), (34, 0x1000)) }.Build();
        var info = NativeFileReader.Read(new MemoryStream(file));

        Assert.StartsWith("truncated: version need auxiliary record", info.Problem, StringComparison.Ordinal);
        Assert.Equal(["libc.so.6: GLIBC_2.17", "libc.so.6: GLIBC_2.28"], info.VersionNeeds.Take(2));
    }

    [Fact]
    public void A_huge_version_need_count_stops_at_the_end_of_the_chain()
    {
        var file = new ElfBuilder { VersionNeedCount = uint.MaxValue }.Build();
        var info = NativeFileReader.Read(new MemoryStream(file));

        Assert.Null(info.Problem);
        Assert.Equal(["libc.so.6: GLIBC_2.17", "libc.so.6: GLIBC_2.28"], info.VersionNeeds);
    }

    [Fact]
    public void A_version_chain_that_never_ends_is_cut_off()
    {
        // Each record's vn_next is 16 and vn_cnt is 0: a long march of empty records through a large file.
        var file = new ElfBuilder { VersionNeeds = b => b.Verneed(count: 0, fileName: 1, auxOffset: 0, next: 0), VersionNeedCount = uint.MaxValue }.Build();
        var big = new byte[0x300 + (5000 * 16) + 0x1000];
        file.AsSpan(0, 0x300).CopyTo(big);
        for (var at = 0x300; at < 0x300 + (5000 * 16); at += 16)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(big.AsSpan(at), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(big.AsSpan(at + 4), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(big.AsSpan(at + 12), 16);
        }

        var sectionHeaders = big.Length - 0x1000;
        file.AsSpan(0x400).CopyTo(big.AsSpan(sectionHeaders));
        BinaryPrimitives.WriteUInt64LittleEndian(big.AsSpan(40), (ulong)sectionHeaders);

        Assert.Equal("malformed: more than 4096 version need records", NativeFileReader.Read(new MemoryStream(big)).Problem);
    }

    [Fact]
    public void Corrupted_headers_never_throw()
    {
        var original = File.ReadAllBytes(fixtures.X64Library);
        var random = new Random(20240601);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var j = 0; j < 8; j++)
            {
                // Damage the headers and tables the reader looks at: the ELF header, the dynamic section area, the section headers.
                var region = random.Next(3);
                var at = region switch
                {
                    0 => 4 + random.Next(60),
                    1 => 4 + random.Next(0x1000 - 4),
                    _ => bytes.Length - 1 - random.Next(0x800),
                };
                bytes[at] = (byte)random.Next(256);
            }

            var info = NativeFileReader.Read(new MemoryStream(bytes));
            Assert.Equal(NativeFileFormat.Elf, info.Format);
        }
    }

    [Fact]
    public void Random_bytes_behind_every_magic_never_throw()
    {
        var random = new Random(7);
        byte[][] magics = [[0x7F, (byte)'E', (byte)'L', (byte)'F'], "MZ"u8.ToArray(), [0xCF, 0xFA, 0xED, 0xFE], [0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 2]];
        foreach (var magic in magics)
        {
            for (var i = 0; i < 2000; i++)
            {
                var bytes = new byte[random.Next(Math.Max(4, magic.Length), 600)];
                random.NextBytes(bytes);
                magic.CopyTo(bytes, 0);
                var info = NativeFileReader.Read(new MemoryStream(bytes));
                Assert.True(info.IsBinary, $"{Convert.ToHexString(bytes)}: {info.Format} {info.Problem}");
            }
        }
    }

    [Fact]
    public void A_missing_file_is_unreadable_not_an_exception()
    {
        var info = NativeFileReader.Read(Path.Combine(fixtures.Directory, "does-not-exist"));

        Assert.Equal(NativeFileFormat.Unreadable, info.Format);
        Assert.StartsWith("cannot open: ", info.Problem, StringComparison.Ordinal);
    }
}
