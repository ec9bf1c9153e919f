namespace LambdaKit.Build;

/// <summary>One file to put in a zip: its entry name, where its bytes come from, and its Unix mode (or null to detect it).</summary>
public sealed class ZipInput
{
    private readonly byte[]? _content;

    private ZipInput(string entryName, string? sourcePath, byte[]? content, int? unixMode)
    {
        if (unixMode is < 0 or > 0xFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(unixMode), unixMode, "A Unix mode holds permission bits only (0 to 07777 octal).");
        }

        EntryName = entryName ?? throw new ArgumentNullException(nameof(entryName));
        SourcePath = sourcePath;
        _content = content;
        UnixMode = unixMode;
    }

    /// <summary>The name in the zip as given (before normalisation by <see cref="DeterministicZip.NormalizeEntryName"/>).</summary>
    public string EntryName { get; }

    /// <summary>The source file, or null for in-memory content.</summary>
    public string? SourcePath { get; }

    /// <summary>The explicit Unix permission bits, or null to detect them with <see cref="DeterministicZip.DetectUnixMode"/>.</summary>
    public int? UnixMode { get; }

    /// <summary>An entry whose bytes are read from <paramref name="sourcePath"/> when the zip is written.</summary>
    public static ZipInput FromFile(string entryName, string sourcePath, int? unixMode = null) =>
        new(entryName, sourcePath ?? throw new ArgumentNullException(nameof(sourcePath)), null, unixMode);

    /// <summary>An entry with in-memory <paramref name="content"/>.</summary>
    public static ZipInput FromBytes(string entryName, byte[] content, int? unixMode = null) =>
        new(entryName, null, content ?? throw new ArgumentNullException(nameof(content)), unixMode);

    internal Stream Open() => _content != null
        ? new MemoryStream(_content, writable: false)
        : new FileStream(SourcePath!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920);
}

/// <summary>How an entry's bytes are stored.</summary>
public enum ZipCompression
{
    /// <summary>Stored as is (method 0): deflate would not have made it smaller.</summary>
    Stored,

    /// <summary>Deflated (method 8).</summary>
    Deflated,
}

/// <summary>What was written for one entry, so callers can report the largest files and totals.</summary>
public sealed class ZipEntryRecord
{
    internal ZipEntryRecord(string name, int unixMode, long uncompressedSize, long compressedSize, ZipCompression compression, uint crc32)
    {
        Name = name;
        UnixMode = unixMode;
        UncompressedSize = uncompressedSize;
        CompressedSize = compressedSize;
        Compression = compression;
        Crc32 = crc32;
    }

    /// <summary>The normalised entry name.</summary>
    public string Name { get; }

    /// <summary>The Unix permission bits written (e.g. 0x1ED = 0755).</summary>
    public int UnixMode { get; }

    /// <summary>Bytes before compression.</summary>
    public long UncompressedSize { get; }

    /// <summary>Bytes of entry data in the zip (headers not included).</summary>
    public long CompressedSize { get; }

    /// <summary>Stored or deflated.</summary>
    public ZipCompression Compression { get; }

    /// <summary>The CRC-32 of the uncompressed bytes.</summary>
    public uint Crc32 { get; }
}

/// <summary>The entries written, in zip order, and the totals.</summary>
public sealed class ZipResult
{
    internal ZipResult(IReadOnlyList<ZipEntryRecord> entries, long zipSize)
    {
        Entries = entries;
        ZipSize = zipSize;
        TotalUncompressedSize = entries.Sum(e => e.UncompressedSize);
        TotalCompressedSize = entries.Sum(e => e.CompressedSize);
    }

    /// <summary>The entries in the order they appear in the zip (ordinal by name).</summary>
    public IReadOnlyList<ZipEntryRecord> Entries { get; }

    /// <summary>The size of the zip itself, headers included.</summary>
    public long ZipSize { get; }

    /// <summary>The sum of the entries' uncompressed sizes (what Lambda's unzipped quota counts).</summary>
    public long TotalUncompressedSize { get; }

    /// <summary>The sum of the entries' stored data sizes.</summary>
    public long TotalCompressedSize { get; }
}

/// <summary>An input the zip cannot hold: a bad or duplicate entry name, or a size beyond the classic zip format.</summary>
public sealed class ZipInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ZipInputException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ZipInputException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ZipInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
