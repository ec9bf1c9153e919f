namespace LambdaKit.Build;

/// <summary>
/// Identifies ELF, PE and Mach-O files and reads the facts packaging needs: architecture, OS, kind, and for ELF the
/// interpreter, SONAME, NEEDED libraries and glibc version needs. One reader serves the analyzer feed and the
/// packaging checks. It never throws and reads only the headers and tables it needs, never whole files.
/// </summary>
public static class NativeFileReader
{
    /// <summary>Reads the file at <paramref name="path"/>. I/O failures give <see cref="NativeFileFormat.Unreadable"/>.</summary>
    public static NativeFileInfo Read(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 4096);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new NativeFileInfo(NativeFileFormat.Unreadable) { Problem = $"cannot open: {e.Message}" };
        }

        using (stream)
        {
            return Read(stream);
        }
    }

    /// <summary>Reads from a seekable <paramref name="stream"/>, starting at its beginning.</summary>
    public static NativeFileInfo Read(Stream stream)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        if (!stream.CanSeek || !stream.CanRead)
        {
            return new NativeFileInfo(NativeFileFormat.Unreadable) { Problem = "cannot read: the stream is not readable and seekable" };
        }

        NativeFileInfo? info = null;
        try
        {
            var src = new BinarySource(stream, 0, stream.Length);
            if (src.Length < 4)
            {
                return new NativeFileInfo(NativeFileFormat.Unknown);
            }

            var m = src.Read(0, 4, "magic");
            var magic = (uint)((m[0] << 24) | (m[1] << 16) | (m[2] << 8) | m[3]);
            if (magic == 0x7F454C46)
            {
                info = new NativeFileInfo(NativeFileFormat.Elf);
                ElfReader.Read(src, info);
            }
            else if (m[0] == 'M' && m[1] == 'Z')
            {
                info = new NativeFileInfo(NativeFileFormat.PE);
                PeReader.Read(src, info);
            }
            else if (MachOReader.IsThinMagic(magic))
            {
                info = new NativeFileInfo(NativeFileFormat.MachO) { OS = NativeOperatingSystem.MacOS };
                info.Slices = [MachOReader.ReadThin(src, magic, "")];
            }
            else if (magic is MachOReader.FatMagic or MachOReader.FatMagic64 && IsUniversal(src))
            {
                info = new NativeFileInfo(NativeFileFormat.MachO) { OS = NativeOperatingSystem.MacOS, IsUniversal = true };
                MachOReader.ReadUniversal(src, info, magic);
            }
            else
            {
                info = new NativeFileInfo(NativeFileFormat.Unknown);
            }

            return info;
        }
        catch (MalformedFileException e)
        {
            info ??= new NativeFileInfo(NativeFileFormat.Unreadable);
            info.Problem = e.Message;
            return info;
        }
        catch (IOException e)
        {
            info ??= new NativeFileInfo(NativeFileFormat.Unreadable);
            info.Problem = $"cannot read: {e.Message}";
            return info;
        }
    }

    private static bool IsUniversal(BinarySource src)
    {
        if (src.Length < 8)
        {
            return false;
        }

        var h = src.Read(4, 4, "universal header");
        var count = (uint)((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]);
        return count is > 0 and <= MachOReader.MaxFatArchitectures;
    }
}
