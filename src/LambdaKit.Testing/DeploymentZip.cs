using System.IO.Compression;

namespace LambdaKit.Testing;

/// <summary>
/// Unpacks a deployment zip as Lambda would use it, refusing what could write outside the target folder: entries with
/// absolute or <c>..</c> paths, symbolic links pointing outside, duplicate entries, and more than Lambda's 250 MB
/// unzipped. Unix modes recorded in the zip are applied, so <c>bootstrap</c> stays executable.
/// </summary>
public static class DeploymentZip
{
    /// <summary>Lambda's unzipped limit: 250 MB of 1,048,576 bytes (<c>CodeSizeUnzipped</c>).</summary>
    public const long UnzippedLimitBytes = 262_144_000;

    private const int FileTypeMask = 0xF000;
    private const int SymbolicLinkType = 0xA000;
    private const int DirectoryType = 0x4000;

    /// <summary>Unpacks <paramref name="zipPath"/> into the empty folder <paramref name="target"/>.</summary>
    /// <exception cref="InvalidDataException">The zip is unreadable or refused; the message names the zip and the entry.</exception>
    public static void Unpack(string zipPath, string target)
    {
        var name = Path.GetFileName(zipPath);
        try
        {
            using var archive = ZipFile.OpenRead(zipPath);
            var root = Path.GetFullPath(target) + Path.DirectorySeparatorChar;
            var declared = archive.Entries.Sum(entry => entry.Length);
            if (declared > UnzippedLimitBytes)
            {
                throw new RefusedException($"{name}: unzips to {declared:N0} bytes, over Lambda's limit of {UnzippedLimitBytes:N0} (250 MB)");
            }

            long written = 0;
            foreach (var entry in archive.Entries)
            {
                var destination = Destination(name, root, entry.FullName);
                var mode = (entry.ExternalAttributes >> 16) & 0xFFFF;
                if ((mode & FileTypeMask) == SymbolicLinkType)
                {
                    CreateLink(name, root, entry, destination);
                }
                else if (entry.FullName.EndsWith('/') || (mode & FileTypeMask) == DirectoryType)
                {
                    Directory.CreateDirectory(destination);
                }
                else
                {
                    written += WriteFile(name, entry, destination, UnzippedLimitBytes - written);
                    if ((mode & 0x1FF) != 0 && !OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(destination, (UnixFileMode)(mode & 0x1FF));
                    }
                }
            }
        }
        catch (RefusedException ex)
        {
            throw new InvalidDataException(ex.Message);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{name}: not a readable zip ({ex.Message})", ex);
        }
        catch (IOException ex)
        {
            throw new InvalidDataException($"{name}: cannot unpack ({ex.Message})", ex);
        }
    }

    /// <summary>Where an entry goes; refuses absolute paths and any <c>..</c> segment.</summary>
    private static string Destination(string zipName, string root, string entryName)
    {
        var normalized = entryName.Replace('\\', '/');
        if (normalized.StartsWith('/') || (normalized.Length > 1 && normalized[1] == ':'))
        {
            throw new RefusedException($"{zipName}: entry '{entryName}' has an absolute path; refusing to unpack it");
        }

        if (normalized.Split('/').Any(segment => segment == ".."))
        {
            throw new RefusedException($"{zipName}: entry '{entryName}' points outside the package ('..'); refusing to unpack it");
        }

        var destination = Path.GetFullPath(Path.Combine(root, normalized));
        if (!destination.StartsWith(root, StringComparison.Ordinal) && destination + Path.DirectorySeparatorChar != root)
        {
            throw new RefusedException($"{zipName}: entry '{entryName}' points outside the package; refusing to unpack it");
        }

        var parent = Path.GetDirectoryName(destination.TrimEnd(Path.DirectorySeparatorChar));
        if (parent is not null)
        {
            Directory.CreateDirectory(parent);
        }

        return destination;
    }

    /// <summary>A symbolic link is created only when its target, resolved from the link's folder, stays inside.</summary>
    private static void CreateLink(string zipName, string root, ZipArchiveEntry entry, string destination)
    {
        string linkTarget;
        using (var reader = new StreamReader(entry.Open()))
        {
            linkTarget = reader.ReadToEnd();
        }

        var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(destination)!, linkTarget));
        if (linkTarget.StartsWith('/') || !(resolved + Path.DirectorySeparatorChar).StartsWith(root, StringComparison.Ordinal))
        {
            throw new RefusedException($"{zipName}: entry '{entry.FullName}' is a link to '{linkTarget}', outside the package; refusing to unpack it");
        }

        File.CreateSymbolicLink(destination, linkTarget);
    }

    /// <summary>Copies one file (never over an existing one), counting real bytes against what is left of the limit.</summary>
    private static long WriteFile(string zipName, ZipArchiveEntry entry, string destination, long remaining)
    {
        using var input = entry.Open();
        using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write);
        var buffer = new byte[81_920];
        long total = 0;
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
            if (total > remaining)
            {
                throw new RefusedException($"{zipName}: unzips to more than Lambda's limit of {UnzippedLimitBytes:N0} bytes (250 MB)");
            }

            output.Write(buffer, 0, read);
        }

        return total;
    }

    /// <summary>A refusal, kept apart from the zip library's own exceptions until it leaves as an <see cref="InvalidDataException"/>.</summary>
    private sealed class RefusedException(string message) : Exception(message);
}
