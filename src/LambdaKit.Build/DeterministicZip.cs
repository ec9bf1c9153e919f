using System.IO.Compression;
using System.Text;

namespace LambdaKit.Build;

/// <summary>
/// Writes zips whose bytes depend only on the entry names, contents and modes: entries sorted ordinally by name,
/// every timestamp 1980-01-01 00:00 (the DOS epoch), no extra fields or comments, Unix modes in the external
/// attributes on every OS, and a stored-or-deflated choice made from the data alone. Files only: Lambda needs no
/// directory entries and unzip creates parent directories itself. ZIP64 is not written: more than 65,535 entries
/// or any size or offset of 4 GiB or more is refused (Lambda's own limits are 250 MB unzipped).
/// </summary>
public static class DeterministicZip
{
    /// <summary>0755: <c>bootstrap</c>, ELF/Mach-O executables and scripts with a <c>#!</c> line.</summary>
    public const int ExecutableMode = 0x1ED;

    /// <summary>0644: every other file.</summary>
    public const int RegularMode = 0x1A4;

    private const ushort DosTime = 0;
    private const ushort DosDate = (0 << 9) | (1 << 5) | 1;
    private const ushort VersionMadeByUnix = (3 << 8) | 20;
    private const ushort Utf8NameFlag = 0x0800;
    private const int MaxEntries = 0xFFFF;
    private const long Max32 = 0xFFFFFFFF;
    private const int BufferSize = 81920;

    /// <summary>Writes the zip to <paramref name="zipPath"/>, replacing any file there.</summary>
    public static ZipResult WriteFile(IEnumerable<ZipInput> inputs, string zipPath)
    {
        using var output = new FileStream(zipPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
        return Write(inputs, output);
    }

    /// <summary>
    /// Writes the zip to <paramref name="output"/>, which must be seekable: each entry is deflated straight into it
    /// and rewritten stored when deflate does not help, so no entry is held in memory.
    /// Throws <see cref="ZipInputException"/> for refused names or sizes before writing anything for names.
    /// </summary>
    public static ZipResult Write(IEnumerable<ZipInput> inputs, Stream output)
    {
        if (inputs is null)
        {
            throw new ArgumentNullException(nameof(inputs));
        }

        if (output is null || !output.CanSeek || !output.CanWrite || !output.CanRead)
        {
            throw new ArgumentException("The zip output must be a readable, writable and seekable stream.", nameof(output));
        }

        var entries = Prepare(inputs);
        var records = new List<ZipEntryRecord>(entries.Count);
        var offsets = new List<long>(entries.Count);
        var buffer = new byte[BufferSize];
        foreach (var (name, input) in entries)
        {
            offsets.Add(output.Position);
            records.Add(WriteEntry(output, name, input, buffer));
        }

        var centralStart = output.Position;
        for (var i = 0; i < records.Count; i++)
        {
            WriteHeader(output, central: true, records[i], offsets[i]);
        }

        var centralSize = output.Position - centralStart;
        CheckFits(output.Position, "the zip");
        var end = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        end.Write(0x06054b50u);
        end.Write((ushort)0);
        end.Write((ushort)0);
        end.Write((ushort)records.Count);
        end.Write((ushort)records.Count);
        end.Write((uint)centralSize);
        end.Write((uint)centralStart);
        end.Write((ushort)0);
        end.Flush();

        // A stored rewrite of the last entry can leave deflate bytes beyond the end.
        output.SetLength(output.Position);
        return new ZipResult(records, output.Length);
    }

    /// <summary>
    /// The name as written: backslashes become <c>/</c>. Refuses empty names, absolute paths, drive letters,
    /// empty, <c>.</c> and <c>..</c> segments, control characters and names over 65,535 UTF-8 bytes.
    /// </summary>
    public static string NormalizeEntryName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ZipInputException("A zip entry name is empty.");
        }

        var normalized = name.Replace('\\', '/');
        string Refuse(string why) => throw new ZipInputException($"The zip entry name '{name}' {why}.");
        if (normalized[0] == '/')
        {
            Refuse("is absolute; entry names are relative to the zip root");
        }

        if (normalized.Length >= 2 && normalized[1] == ':' && char.IsLetter(normalized[0]))
        {
            Refuse("starts with a drive letter; entry names are relative to the zip root");
        }

        if (normalized.Any(char.IsControl))
        {
            Refuse("contains a control character");
        }

        foreach (var segment in normalized.Split('/'))
        {
            switch (segment)
            {
                case "":
                    Refuse("has an empty path segment (a trailing or doubled '/'); directories are not written as entries");
                    break;
                case ".":
                case "..":
                    Refuse($"has a '{segment}' segment; entries may not point outside or around the zip root");
                    break;
            }
        }

        if (Encoding.UTF8.GetByteCount(normalized) > 0xFFFF)
        {
            Refuse("is longer than the 65,535 bytes a zip header can hold");
        }

        return normalized;
    }

    /// <summary>
    /// 0755 for an entry named <c>bootstrap</c> (in any folder), an ELF or Mach-O executable (including PIEs), or
    /// a file starting with <c>#!</c>; 0644 otherwise. Decided from name and content only, never from the source
    /// file system's permission bits, so the zip is the same when built on Windows.
    /// </summary>
    public static int DetectUnixMode(string entryName, Stream content)
    {
        if (entryName is null || content is null)
        {
            throw new ArgumentNullException(entryName is null ? nameof(entryName) : nameof(content));
        }

        var fileName = entryName.Replace('\\', '/').Split('/').Last();
        if (fileName == "bootstrap")
        {
            return ExecutableMode;
        }

        content.Position = 0;
        var first = new byte[2];
        if (content.Read(first, 0, 2) == 2 && first[0] == '#' && first[1] == '!')
        {
            return ExecutableMode;
        }

        var info = NativeFileReader.Read(content);
        var executable = info.Format is NativeFileFormat.Elf or NativeFileFormat.MachO && info.Slices.Any(s => s.Kind == NativeFileKind.Executable);
        return executable ? ExecutableMode : RegularMode;
    }

    private static List<(string Name, ZipInput Input)> Prepare(IEnumerable<ZipInput> inputs)
    {
        var entries = inputs.Select(i => (Name: NormalizeEntryName(i.EntryName), Input: i)).ToList();
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < entries.Count; i++)
        {
            if (entries[i].Name == entries[i - 1].Name)
            {
                throw new ZipInputException($"The zip entry name '{entries[i].Name}' is given twice (from '{Describe(entries[i - 1].Input)}' and '{Describe(entries[i].Input)}').");
            }
        }

        if (entries.Count > MaxEntries)
        {
            throw new ZipInputException($"{entries.Count} entries need ZIP64, which is not written; the classic zip format holds at most {MaxEntries}.");
        }

        return entries;
    }

    private static string Describe(ZipInput input) => input.SourcePath ?? input.EntryName + " (in memory)";

    private static ZipEntryRecord WriteEntry(Stream output, string name, ZipInput input, byte[] buffer)
    {
        using var source = input.Open();
        var mode = input.UnixMode ?? DetectUnixMode(name, source);
        var headerStart = output.Position;
        var placeholder = new ZipEntryRecord(name, mode, 0, 0, ZipCompression.Stored, 0);
        WriteHeader(output, central: false, placeholder, 0);
        var dataStart = output.Position;

        var crc = new Crc32();
        long size = 0;
        source.Position = 0;
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            int n;
            while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                crc.Append(buffer, n);
                size += n;
                CheckFits(size, $"the entry '{name}'");
                deflate.Write(buffer, 0, n);
            }
        }

        var compressed = output.Position - dataStart;
        var compression = ZipCompression.Deflated;
        if (compressed >= size)
        {
            compression = ZipCompression.Stored;
            output.Position = dataStart;
            source.Position = 0;
            var again = new Crc32();
            int n;
            while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                again.Append(buffer, n);
                output.Write(buffer, 0, n);
            }

            if (again.Value != crc.Value || output.Position - dataStart != size)
            {
                throw new IOException($"The source of the zip entry '{name}' changed while it was being written.");
            }

            compressed = size;
        }

        CheckFits(dataStart + compressed, "the zip");
        var record = new ZipEntryRecord(name, mode, size, compressed, compression, crc.Value);
        var dataEnd = dataStart + compressed;
        output.Position = headerStart;
        WriteHeader(output, central: false, record, 0);
        output.Position = dataEnd;
        return record;
    }

    private static void CheckFits(long value, string what)
    {
        if (value >= Max32)
        {
            throw new ZipInputException($"The size of {what} reaches 4 GiB, which needs ZIP64; ZIP64 is not written.");
        }
    }

    private static void WriteHeader(Stream output, bool central, ZipEntryRecord entry, long localHeaderOffset)
    {
        var name = Encoding.UTF8.GetBytes(entry.Name);
        var flags = name.Length == entry.Name.Length ? (ushort)0 : Utf8NameFlag;
        var deflated = entry.Compression == ZipCompression.Deflated;
        var w = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        w.Write(central ? 0x02014b50u : 0x04034b50u);
        if (central)
        {
            w.Write(VersionMadeByUnix);
        }

        w.Write((ushort)(deflated ? 20 : 10));
        w.Write(flags);
        w.Write((ushort)(deflated ? 8 : 0));
        w.Write(DosTime);
        w.Write(DosDate);
        w.Write(entry.Crc32);
        w.Write((uint)entry.CompressedSize);
        w.Write((uint)entry.UncompressedSize);
        w.Write((ushort)name.Length);
        w.Write((ushort)0);
        if (central)
        {
            w.Write((ushort)0); // comment length
            w.Write((ushort)0); // disk number
            w.Write((ushort)0); // internal attributes
            w.Write((uint)(0x8000 | entry.UnixMode) << 16); // S_IFREG plus the permission bits
            w.Write((uint)localHeaderOffset);
        }

        w.Write(name);
        w.Flush();
    }
}
