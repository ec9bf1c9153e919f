using System.Buffers.Binary;
using System.Text;

namespace LambdaKit.Build.Tests;

/// <summary>
/// Hand-made ELF shared objects for the shapes the compilers here cannot produce (32-bit big-endian) and for damage
/// no linker would write. Layout: ELF header at 0, program headers at 0x40 (one PT_LOAD mapping the file at address
/// 0, one PT_DYNAMIC: readelf finds the dynamic section through them), string table at 0x100, dynamic section at 0x200, version needs
/// at 0x300, section headers at 0x400 (null, .dynstr, .dynamic, .gnu.version_r).
/// </summary>
internal sealed class ElfBuilder
{
    public bool Is64 { get; init; } = true;

    public bool BigEndian { get; init; }

    public ushort Machine { get; init; } = 62;

    /// <summary>The string table; offsets into it are what the dynamic and version entries name.</summary>
    public byte[] StringTable { get; init; } = Encoding.ASCII.GetBytes("\0libc.so.6\0libfix.so.1\0GLIBC_2.17\0GLIBC_2.28\0");

    /// <summary>DT_NEEDED libc.so.6, DT_SONAME libfix.so.1, DT_STRTAB at 0x100 and DT_STRSZ.</summary>
    public (long Tag, ulong Value)[] Dynamic { get; init; } = [(1, 1), (14, 11), (5, 0x100), (10, 45)];

    /// <summary>One version-need record for file 1 (libc.so.6) with aux entries naming GLIBC_2.17 (23) and GLIBC_2.28 (34).</summary>
    public Func<ElfBuilder, byte[]> VersionNeeds { get; init; } = b => b.Verneed(count: 2, fileName: 1, auxOffset: 16, next: 0, (23, 16), (34, 0));

    public uint VersionNeedCount { get; init; } = 1;

    public ushort SectionCount { get; init; } = 4;

    public byte[] Build()
    {
        var file = new byte[0x400 + (4 * (Is64 ? 64 : 40))];
        "\x7f"u8.CopyTo(file);
        "ELF"u8.CopyTo(file.AsSpan(1));
        file[4] = (byte)(Is64 ? 2 : 1);
        file[5] = (byte)(BigEndian ? 2 : 1);
        file[6] = 1;
        U16(file, 16, 3); // ET_DYN
        U16(file, 18, Machine);
        U32(file, 20, 1);
        if (Is64)
        {
            U64(file, 32, 0x40); // e_phoff
            U64(file, 40, 0x400); // e_shoff
            U16(file, 52, 64); // e_ehsize
            U16(file, 54, 56); // e_phentsize
            U16(file, 56, 2); // e_phnum
            U16(file, 58, 64); // e_shentsize
            U16(file, 60, SectionCount);
        }
        else
        {
            U32(file, 28, 0x40);
            U32(file, 32, 0x400);
            U16(file, 40, 52);
            U16(file, 42, 32);
            U16(file, 44, 2);
            U16(file, 46, 40);
            U16(file, 48, SectionCount);
        }

        var entry = Is64 ? 16 : 8;
        Segment(file, 0, type: 1, offset: 0, size: (ulong)file.Length);
        Segment(file, 1, type: 2, offset: 0x200, size: (ulong)((Dynamic.Length + 1) * entry));
        StringTable.CopyTo(file, 0x100);
        for (var i = 0; i < Dynamic.Length; i++)
        {
            Word(file, 0x200 + (i * entry), (ulong)Dynamic[i].Tag);
            Word(file, 0x200 + (i * entry) + (entry / 2), Dynamic[i].Value);
        }

        VersionNeeds(this).CopyTo(file, 0x300);
        Section(file, 1, type: 3, offset: 0x100, size: (ulong)StringTable.Length, link: 0, info: 0);
        Section(file, 2, type: 6, offset: 0x200, size: (ulong)((Dynamic.Length + 1) * entry), link: 1, info: 0);
        Section(file, 3, type: 0x6ffffffe, offset: 0x300, size: 0x100, link: 1, info: VersionNeedCount);
        return file;
    }

    /// <summary>An Elf_Verneed record followed by its Elf_Vernaux records, each (name offset, next offset).</summary>
    public byte[] Verneed(ushort count, uint fileName, uint auxOffset, uint next, params (uint Name, uint Next)[] aux)
    {
        var bytes = new byte[16 + (16 * aux.Length)];
        U16(bytes, 0, 1);
        U16(bytes, 2, count);
        U32(bytes, 4, fileName);
        U32(bytes, 8, auxOffset);
        U32(bytes, 12, next);
        for (var i = 0; i < aux.Length; i++)
        {
            U32(bytes, 16 + (i * 16) + 8, aux[i].Name);
            U32(bytes, 16 + (i * 16) + 12, aux[i].Next);
        }

        return bytes;
    }

    /// <summary>A program header whose virtual address equals its file offset.</summary>
    private void Segment(byte[] file, int index, uint type, ulong offset, ulong size)
    {
        var at = 0x40 + (index * (Is64 ? 56 : 32));
        U32(file, at, type);
        if (Is64)
        {
            U32(file, at + 4, 4); // p_flags: R
            U64(file, at + 8, offset);
            U64(file, at + 16, offset);
            U64(file, at + 24, offset);
            U64(file, at + 32, size);
            U64(file, at + 40, size);
        }
        else
        {
            U32(file, at + 4, (uint)offset);
            U32(file, at + 8, (uint)offset);
            U32(file, at + 12, (uint)offset);
            U32(file, at + 16, (uint)size);
            U32(file, at + 20, (uint)size);
            U32(file, at + 24, 4);
        }
    }

    private void Section(byte[] file, int index, uint type, ulong offset, ulong size, uint link, uint info)
    {
        var at = 0x400 + (index * (Is64 ? 64 : 40));
        U32(file, at + 4, type);
        if (Is64)
        {
            U64(file, at + 16, offset); // sh_addr: the file is mapped at address 0
            U64(file, at + 24, offset);
            U64(file, at + 32, size);
            U32(file, at + 40, link);
            U32(file, at + 44, info);
        }
        else
        {
            U32(file, at + 12, (uint)offset);
            U32(file, at + 16, (uint)offset);
            U32(file, at + 20, (uint)size);
            U32(file, at + 24, link);
            U32(file, at + 28, info);
        }
    }

    private void Word(byte[] b, int at, ulong v)
    {
        if (Is64)
        {
            U64(b, at, v);
        }
        else
        {
            U32(b, at, (uint)v);
        }
    }

    private void U16(byte[] b, int at, ushort v)
    {
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(at), v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), v);
        }
    }

    private void U32(byte[] b, int at, uint v)
    {
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), v);
        }
    }

    private void U64(byte[] b, int at, ulong v)
    {
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(at), v);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), v);
        }
    }
}
