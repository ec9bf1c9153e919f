using System.Text;

namespace LambdaKit.Build;

/// <summary>Raised inside the readers for damaged files; <see cref="NativeFileReader"/> turns it into <see cref="NativeFileInfo.Problem"/>.</summary>
internal sealed class MalformedFileException(string message) : Exception(message);

/// <summary>
/// Bounds-checked random access to a seekable stream. Every read states what it is reading so a damaged file gets a
/// specific message, and nothing reads more than asked: headers of huge files are read without loading the files.
/// </summary>
internal sealed class BinarySource(Stream stream, long offsetBase, long length)
{
    /// <summary>Upper bound for one table read into memory (string tables, header tables): real ones are far smaller.</summary>
    internal const int MaxTableBytes = 16 * 1024 * 1024;

    public long Length { get; } = length;

    public bool BigEndian { get; set; }

    /// <summary>A view of <paramref name="count"/> bytes at <paramref name="offset"/>, e.g. one slice of a universal binary.</summary>
    public BinarySource Slice(long offset, long count, string what)
    {
        Check(offset, count, what);
        return new BinarySource(stream, offsetBase + offset, count);
    }

    public void Check(long offset, long count, string what)
    {
        if (offset < 0 || count < 0 || offset > Length || count > Length - offset)
        {
            throw new MalformedFileException($"truncated: {what} at offset {offset} ({count} bytes) extends beyond the file size {Length}");
        }
    }

    public byte[] Read(long offset, long count, string what)
    {
        Check(offset, count, what);
        if (count > MaxTableBytes)
        {
            throw new MalformedFileException($"malformed: {what} at offset {offset} claims {count} bytes, over the {MaxTableBytes}-byte limit");
        }

        var buffer = new byte[count];
        stream.Position = offsetBase + offset;
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                throw new MalformedFileException($"truncated: {what} at offset {offset} ended after {read} of {count} bytes");
            }

            read += n;
        }

        return buffer;
    }

    public ushort U16(byte[] b, int at) => BigEndian
        ? (ushort)((b[at] << 8) | b[at + 1])
        : (ushort)(b[at] | (b[at + 1] << 8));

    public uint U32(byte[] b, int at) => BigEndian
        ? ((uint)b[at] << 24) | ((uint)b[at + 1] << 16) | ((uint)b[at + 2] << 8) | b[at + 3]
        : b[at] | ((uint)b[at + 1] << 8) | ((uint)b[at + 2] << 16) | ((uint)b[at + 3] << 24);

    public ulong U64(byte[] b, int at) => BigEndian
        ? ((ulong)U32(b, at) << 32) | U32(b, at + 4)
        : U32(b, at) | ((ulong)U32(b, at + 4) << 32);

    /// <summary>An offset or size field that must fit the file; anything larger cannot be valid and is reported.</summary>
    public static long AsOffset(ulong value, string what) => value <= long.MaxValue
        ? (long)value
        : throw new MalformedFileException($"malformed: {what} {value} is not a valid file offset or size");

    /// <summary>A NUL-terminated string inside an in-memory table (e.g. <c>.dynstr</c>).</summary>
    public static string CString(byte[] table, ulong index, string what)
    {
        if (index >= (ulong)table.Length)
        {
            throw new MalformedFileException($"malformed: {what} string index {index} is outside the string table of {table.Length} bytes");
        }

        var start = (int)index;
        var end = Array.IndexOf(table, (byte)0, start);
        if (end < 0)
        {
            throw new MalformedFileException($"malformed: {what} string at index {index} is not NUL-terminated within the string table");
        }

        return Encoding.UTF8.GetString(table, start, end - start);
    }
}
