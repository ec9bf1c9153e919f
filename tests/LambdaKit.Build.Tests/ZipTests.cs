using System.Text;
using System.Text.RegularExpressions;

namespace LambdaKit.Build.Tests;

/// <summary>The zip writer, read back with Debian's unzip/zipinfo and Python's zipfile as independent readers.</summary>
[Collection(NativeFixturesDefinition.Name)]
public sealed class ZipTests(NativeFixtures fixtures)
{
    private static readonly byte[] Text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Lambda functions in C#. ", 400)));

    private static readonly byte[] Noise = RandomBytes(4096);

    private static readonly string[] ExecutableNames = ["app", "bootstrap", "run.sh", "tools/bootstrap"];

    [Fact]
    public void Unzip_and_zipinfo_see_the_names_modes_and_contents()
    {
        var (zip, result) = WriteSample("sample");

        var listing = Tools.Run("zipinfo", zip);
        var modes = Regex.Matches(listing, @"^(\S{10})\s+\S+\s+(\S+)\s.*\s(\S+)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[3].Value, m => (Mode: m.Groups[1].Value, System: m.Groups[2].Value));
        Assert.Equal(result.Entries.Select(e => e.Name).Order(StringComparer.Ordinal), modes.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, (mode, system)) in modes)
        {
            Assert.Equal("unx", system);
            Assert.True((ExecutableNames.Contains(name) ? "-rwxr-xr-x" : "-rw-r--r--") == mode, $"{name}: {mode}");
        }

        Assert.Contains("No errors detected", Tools.Run("unzip", "-t", zip), StringComparison.Ordinal);
        var extracted = Path.Combine(fixtures.Directory, "sample-extracted");
        Tools.Run("unzip", "-q", "-o", zip, "-d", extracted);
        foreach (var (name, content) in SampleContents())
        {
            Assert.Equal(content, File.ReadAllBytes(Path.Combine(extracted, name)));
        }

        Assert.Equal(
            "-rwxr-xr-x",
            Tools.Run("stat", "-c", "%A", Path.Combine(extracted, "bootstrap")).Trim());
    }

    [Fact]
    public void Python_zipfile_sees_fixed_dates_modes_methods_and_sizes()
    {
        var (zip, result) = WriteSample("python");
        const string Script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                for i in z.infolist():
                    print(i.filename, oct(i.external_attr >> 16), i.create_system, i.compress_type, i.date_time, i.file_size, i.compress_size, i.CRC, sep='|')
            """;
        var lines = Tools.Run("python3", "-c", Script, zip).Trim().Split('\n');
        Assert.Equal(result.Entries.Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var f = lines[i].Split('|');
            var entry = result.Entries[i];
            Assert.Equal(entry.Name, f[0]);
            Assert.Equal(ExecutableNames.Contains(entry.Name) ? "0o100755" : "0o100644", f[1]);
            Assert.Equal("3", f[2]);
            Assert.Equal(entry.Compression == ZipCompression.Deflated ? "8" : "0", f[3]);
            Assert.Equal("(1980, 1, 1, 0, 0, 0)", f[4]);
            Assert.Equal(entry.UncompressedSize.ToString(System.Globalization.CultureInfo.InvariantCulture), f[5]);
            Assert.Equal(entry.CompressedSize.ToString(System.Globalization.CultureInfo.InvariantCulture), f[6]);
            Assert.Equal(entry.Crc32.ToString(System.Globalization.CultureInfo.InvariantCulture), f[7]);
        }

        // Entries appear sorted ordinally (upper case before lower case, '/' before letters).
        Assert.Equal(lines.Select(l => l.Split('|')[0]).Order(StringComparer.Ordinal), lines.Select(l => l.Split('|')[0]));
        Assert.Equal(new FileInfo(zip).Length, result.ZipSize);
    }

    [Fact]
    public void Compression_is_chosen_from_the_data()
    {
        var (_, result) = WriteSample("methods");
        var byName = result.Entries.ToDictionary(e => e.Name);

        Assert.Equal(ZipCompression.Deflated, byName["data/readme.txt"].Compression);
        Assert.True(byName["data/readme.txt"].CompressedSize < Text.Length / 10);
        Assert.Equal(ZipCompression.Stored, byName["random.bin"].Compression);
        Assert.Equal(Noise.Length, byName["random.bin"].CompressedSize);
        Assert.Equal(ZipCompression.Stored, byName["empty"].Compression);
        Assert.Equal(result.Entries.Sum(e => e.UncompressedSize), result.TotalUncompressedSize);
    }

    [Fact]
    public void Same_inputs_give_the_same_bytes_whatever_the_order_paths_and_timestamps()
    {
        var (first, _) = WriteSample("first");
        var copies = Path.Combine(fixtures.Directory, "copies");
        Directory.CreateDirectory(copies);
        var inputs = new List<ZipInput>();
        foreach (var input in SampleInputs())
        {
            if (input.SourcePath is { } source)
            {
                var copy = Path.Combine(copies, Guid.NewGuid().ToString("N"));
                File.Copy(source, copy);
                File.SetLastWriteTimeUtc(copy, new DateTime(2011, 3, 4, 5, 6, 7, DateTimeKind.Utc));
                inputs.Add(ZipInput.FromFile(input.EntryName, copy, input.UnixMode));
            }
            else
            {
                inputs.Add(input);
            }
        }

        inputs.Reverse();
        var second = Path.Combine(fixtures.Directory, "second.zip");
        DeterministicZip.WriteFile(inputs, second);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(WriteSample("third").Zip));
    }

    [Fact]
    public void Explicit_modes_win_over_detection_and_backslashes_become_slashes()
    {
        var output = new MemoryStream();
        var result = DeterministicZip.Write(
            [ZipInput.FromBytes("bootstrap", [1], unixMode: 0x180), ZipInput.FromBytes("lib\\native\\x.so", [2], unixMode: 0x1ED)],
            output);

        Assert.Equal(["bootstrap", "lib/native/x.so"], result.Entries.Select(e => e.Name));
        Assert.Equal([0x180, 0x1ED], result.Entries.Select(e => e.UnixMode));
    }

    [Theory]
    [InlineData("/bootstrap", "is absolute")]
    [InlineData("\\bootstrap", "is absolute")]
    [InlineData("C:/app/bootstrap", "starts with a drive letter")]
    [InlineData("c:bootstrap", "starts with a drive letter")]
    [InlineData("lib/../../etc/passwd", "has a '..' segment")]
    [InlineData("..", "has a '..' segment")]
    [InlineData("./bootstrap", "has a '.' segment")]
    [InlineData("lib//x.so", "has an empty path segment")]
    [InlineData("lib/", "has an empty path segment")]
    [InlineData("a\nb", "contains a control character")]
    public void Bad_names_are_refused(string name, string reason)
    {
        var error = Assert.Throws<ZipInputException>(() => DeterministicZip.Write([ZipInput.FromBytes(name, [])], new MemoryStream()));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_and_duplicate_names_are_refused_but_case_differences_are_not()
    {
        Assert.Equal("A zip entry name is empty.", Assert.Throws<ZipInputException>(() => DeterministicZip.NormalizeEntryName("")).Message);

        var duplicate = Assert.Throws<ZipInputException>(() => DeterministicZip.Write([ZipInput.FromBytes("lib/a.so", [1]), ZipInput.FromFile("lib\\a.so", fixtures.X64Library)], new MemoryStream()));
        Assert.Equal($"The zip entry name 'lib/a.so' is given twice (from 'lib/a.so (in memory)' and '{fixtures.X64Library}').", duplicate.Message);

        var result = DeterministicZip.Write([ZipInput.FromBytes("a", [1]), ZipInput.FromBytes("A", [2])], new MemoryStream());
        Assert.Equal(["A", "a"], result.Entries.Select(e => e.Name));
    }

    [Fact]
    public void Refused_names_write_nothing()
    {
        var output = new MemoryStream();

        Assert.Throws<ZipInputException>(() => DeterministicZip.Write([ZipInput.FromBytes("ok", [1]), ZipInput.FromBytes("../bad", [2])], output));
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void Detection_uses_names_shebangs_and_elf_program_headers_only()
    {
        int Detect(string name, string path) => DeterministicZip.DetectUnixMode(name, new MemoryStream(File.ReadAllBytes(path)));

        Assert.Equal(DeterministicZip.ExecutableMode, Detect("app", fixtures.X64Pie));
        Assert.Equal(DeterministicZip.ExecutableMode, Detect("app", fixtures.X64Static));
        Assert.Equal(DeterministicZip.ExecutableMode, Detect("app", fixtures.X64StaticPie));
        Assert.Equal(DeterministicZip.ExecutableMode, Detect("app", fixtures.Arm64Pie));
        Assert.Equal(DeterministicZip.RegularMode, Detect("libfix.so", fixtures.X64Library));
        Assert.Equal(DeterministicZip.RegularMode, Detect("fix.o", fixtures.X86Object));
        Assert.Equal(DeterministicZip.ExecutableMode, Detect("bootstrap", fixtures.X64Library));
        Assert.Equal(DeterministicZip.RegularMode, DeterministicZip.DetectUnixMode("a.dll", File.OpenRead(typeof(ZipTests).Assembly.Location)));
        Assert.Equal(DeterministicZip.RegularMode, DeterministicZip.DetectUnixMode("x", new MemoryStream("#"u8.ToArray())));
    }

    private (string Zip, ZipResult Result) WriteSample(string name)
    {
        var zip = Path.Combine(fixtures.Directory, name + ".zip");
        return (zip, DeterministicZip.WriteFile(SampleInputs(), zip));
    }

    private IEnumerable<ZipInput> SampleInputs() =>
        SampleContents().Select(c => c.Name switch
        {
            "app" => ZipInput.FromFile(c.Name, fixtures.X64Pie),
            "lib/libfix.so" => ZipInput.FromFile(c.Name, fixtures.X64Library),
            _ => ZipInput.FromBytes(c.Name, c.Content),
        });

    private IEnumerable<(string Name, byte[] Content)> SampleContents() =>
    [
        ("bootstrap", Encoding.ASCII.GetBytes("not an ELF file, still executable by name")),
        ("tools/bootstrap", [0x42]),
        ("app", File.ReadAllBytes(fixtures.X64Pie)),
        ("lib/libfix.so", File.ReadAllBytes(fixtures.X64Library)),
        ("run.sh", Encoding.ASCII.GetBytes("#!/bin/sh\nexec ./app\n")),
        ("data/readme.txt", Text),
        ("random.bin", Noise),
        ("empty", []),
        ("Zebra.txt", Encoding.ASCII.GetBytes("upper case sorts first")),
        ("données/été.txt", Encoding.UTF8.GetBytes("non-ASCII name")),
    ];

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }
}
