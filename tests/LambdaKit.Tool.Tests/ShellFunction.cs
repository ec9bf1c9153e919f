using System.IO.Compression;
using System.Text;

namespace LambdaKit.Tool.Tests;

/// <summary>
/// A Lambda function as a POSIX sh + curl <c>bootstrap</c>: it logs "handling {id} {event}", answers
/// <c>{"echo":event}</c>, posts an error for events containing "fail" and exits with status 4 for ones containing
/// "exit"; events containing "hang" make it sleep for ten minutes. Written as a folder or a zip.
/// </summary>
internal static class ShellFunction
{
    public const string Bootstrap = """
        #!/bin/sh
        api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
        echo "init $CUSTOM"
        while true; do
          headers=$(mktemp)
          body=$(curl -sS -D "$headers" "$api/next") || exit 1
          id=$(tr -d '\r' < "$headers" | awk -F': ' 'tolower($1) == "lambda-runtime-aws-request-id" { print $2 }')
          rm -f "$headers"
          echo "handling $id $body"
          case "$body" in
            *fail*) curl -sS -o /dev/null -X POST -d '{"errorType":"Boom","errorMessage":"failed on purpose"}' "$api/$id/error"; continue ;;
            *exit*) exit 4 ;;
            *hang*) sleep 600 ;;
          esac
          curl -sS -o /dev/null -X POST -d "{\"echo\":$body}" "$api/$id/response"
        done

        """;

    /// <summary>Writes an unpacked package (an executable <c>bootstrap</c>) into a new folder under <paramref name="parent"/>.</summary>
    public static string Folder(string parent, string script = Bootstrap)
    {
        var folder = Directory.CreateDirectory(Path.Combine(parent, "function")).FullName;
        var bootstrap = Path.Combine(folder, "bootstrap");
        File.WriteAllText(bootstrap, script);
        File.SetUnixFileMode(bootstrap, (UnixFileMode)0b111_101_101);
        return folder;
    }

    /// <summary>Writes a deployment zip with the bootstrap, mode 755 recorded as Lambda's packaging does, plus <paramref name="extra"/>.</summary>
    public static string Zip(string parent, string name = "function.zip", Action<ZipArchive>? extra = null)
    {
        var path = Path.Combine(parent, name);
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            AddFile(archive, "bootstrap", Bootstrap, 0b111_101_101);
            extra?.Invoke(archive);
        }

        return path;
    }

    public static void AddFile(ZipArchive archive, string name, string content, int mode = 0b110_100_100)
    {
        var entry = archive.CreateEntry(name);
        entry.ExternalAttributes = (0x8000 | mode) << 16;
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    public static void AddLink(ZipArchive archive, string name, string target)
    {
        var entry = archive.CreateEntry(name);
        entry.ExternalAttributes = (0xA000 | 0b111_111_111) << 16;
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(target));
    }
}
