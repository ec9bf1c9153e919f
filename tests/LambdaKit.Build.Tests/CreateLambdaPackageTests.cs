using System.IO.Compression;
using LambdaKit.Build.Tasks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace LambdaKit.Build.Tests;

/// <summary>The packaging task run directly on fixture files: each check firing and not firing.</summary>
[Collection(NativeFixturesDefinition.Name)]
public sealed class CreateLambdaPackageTests(NativeFixtures fixtures) : IDisposable
{
    private const string HelpBase = "https://github.com/lambdakit/lambdakit/blob/main/docs/rules/";

    private readonly string _directory = Directory.CreateTempSubdirectory("lambdakit-package-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Clean_arm64_package_is_written_with_a_summary_and_no_findings()
    {
        var (task, engine) = Create("arm64", "provided.al2023", Item(fixtures.Arm64Pie, "bootstrap"), Item(Text("appsettings.json", "{}"), "appsettings.json"));

        Assert.True(task.Execute(), string.Join('\n', engine.Errors.Select(e => e.Message)));

        Assert.Empty(engine.Codes);
        Assert.Equal(task.OutputPath, task.ZipPath);
        Assert.Equal(new FileInfo(task.OutputPath).Length, task.ZipSize);
        Assert.Equal(new FileInfo(fixtures.Arm64Pie).Length + 2, task.UnzippedSize);
        using var zip = ZipFile.OpenRead(task.OutputPath);
        Assert.Equal(["appsettings.json", "bootstrap"], zip.Entries.Select(e => e.FullName));
        Assert.Equal(0x81ED, zip.Entries[1].ExternalAttributes >>> 16);
        var summary = string.Join('\n', engine.Messages.Where(m => m.Importance == MessageImportance.High).Select(m => m.Message));
        Assert.Contains(task.OutputPath, summary, StringComparison.Ordinal);
        Assert.Contains("architecture  arm64", summary, StringComparison.Ordinal);
        Assert.Contains("handler       bootstrap", summary, StringComparison.Ordinal);
        Assert.Contains($"of 52,428,800 bytes", summary, StringComparison.Ordinal);
        Assert.Contains("of 262,144,000 bytes", summary, StringComparison.Ordinal);
        Assert.Contains("vs 2.34 on Amazon Linux 2023", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Arm64_library_in_an_x86_64_package_is_LK5005_and_no_zip_is_left()
    {
        var (task, engine) = Create("x86_64", "dotnet10", Item(fixtures.Arm64Library, "runtimes/linux-x64/native/libfix.so"));

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors, e => e.Code == "LK5005");
        Assert.Contains("arm64", error.Message, StringComparison.Ordinal);
        Assert.Contains("x86_64", error.Message, StringComparison.Ordinal);
        Assert.Equal(HelpBase + "LK5005.md", error.HelpLink);
        Assert.Equal(fixtures.Arm64Library, error.File);
        Assert.False(File.Exists(task.OutputPath));
        Assert.False(File.Exists(task.OutputPath + ".tmp"));
    }

    [Fact]
    public void Matching_library_is_not_LK5005()
    {
        var (task, engine) = Create("arm64", "dotnet10", Item(fixtures.Arm64Pie, "tool"));

        Assert.True(task.Execute());
        Assert.DoesNotContain(engine.Codes, c => c.Contains("LK5005", StringComparison.Ordinal));
    }

    [Fact]
    public void Windows_dll_is_an_LK5006_warning_and_the_package_is_written()
    {
        var dll = Directory.GetFiles(Path.Combine(Tools.PackageRoot, "sqlitepclraw.lib.e_sqlite3", "2.0.6", "runtimes", "win-x64", "native"), "*.dll").First();
        var (task, engine) = Create("x86_64", "dotnet10", Item(dll, "e_sqlite3.dll"));

        Assert.True(task.Execute());

        var warning = Assert.Single(engine.Warnings);
        Assert.Equal("LK5006", warning.Code);
        Assert.Equal(HelpBase + "LK5006.md", warning.HelpLink);
        Assert.Contains("Windows", warning.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(task.OutputPath));
    }

    [Fact]
    public void Library_needing_GLIBC_2_36_is_LK5007_on_AL2023()
    {
        var (task, engine) = Create("x86_64", "dotnet10", Item(fixtures.X64Library, "libfix.so"));

        Assert.False(task.Execute());

        var error = Assert.Single(engine.Errors);
        Assert.Equal("LK5007", error.Code);
        Assert.Contains("glibc 2.36", error.Message, StringComparison.Ordinal);
        Assert.Contains("GLIBC_2.36", error.Message, StringComparison.Ordinal);
        Assert.Contains("glibc 2.34", error.Message, StringComparison.Ordinal);
        // The call to blame (lib.c calls arc4random, new in 2.36), and the fix.
        Assert.Contains("(libc.so.6: GLIBC_2.36) for arc4random@GLIBC_2.36, but dotnet10", error.Message, StringComparison.Ordinal);
        Assert.Contains("Build it on or for Amazon Linux 2023 (glibc 2.34 or older).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Program_needing_GLIBC_2_34_passes_on_AL2023_and_fails_on_AL2()
    {
        // puts from libc.so.6 at GLIBC_2.2.5 and __libc_start_main at GLIBC_2.34: Debian 12's gcc links both.
        Assert.Contains("libc.so.6: GLIBC_2.34", Tools.ReadElfVersionNeeds(fixtures.X64Pie));

        var (al2023, al2023Engine) = Create("x86_64", "provided.al2023", Item(fixtures.X64Pie, "bootstrap"));
        Assert.True(al2023.Execute());
        Assert.Empty(al2023Engine.Codes);

        var (al2, al2Engine) = Create("x86_64", "provided.al2", Item(fixtures.X64Pie, "bootstrap"));
        Assert.False(al2.Execute());
        var error = Assert.Single(al2Engine.Errors);
        Assert.Equal("LK5007", error.Code);
        Assert.Contains("Amazon Linux 2 with glibc 2.26", error.Message, StringComparison.Ordinal);
        Assert.Contains("for __libc_start_main@GLIBC_2.34,", error.Message, StringComparison.Ordinal);
        Assert.Contains("Build it on or for Amazon Linux 2 (glibc 2.26 or older), or use provided.al2023 (glibc 2.34).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_bootstrap_for_provided_is_LK5004_but_a_layer_bootstrap_is_enough()
    {
        var (task, engine) = Create("x86_64", "provided.al2023", Item(fixtures.X64Pie, "HelloAot"));
        Assert.False(task.Execute());
        Assert.Equal("LK5004", Assert.Single(engine.Errors).Code);

        var layer = Directory.CreateDirectory(Path.Combine(_directory, "layer")).FullName;
        File.Copy(fixtures.X64Pie, Path.Combine(layer, "bootstrap"));
        var (withLayer, layerEngine) = Create("x86_64", "provided.al2023", Item(Text("handler.sh", "echo"), "handler.sh"));
        withLayer.Layers = [new TaskItem(layer)];
        Assert.True(withLayer.Execute());
        Assert.Empty(layerEngine.Codes);

        var (managed, managedEngine) = Create("x86_64", "dotnet10", Item(Text("Function.dll", "not really"), "Function.dll"));
        Assert.True(managed.Execute());
        Assert.Empty(managedEngine.Codes);
    }

    [Fact]
    public void Bootstrap_entry_renames_the_native_executable_and_symbols_are_left_out()
    {
        var (task, engine) = Create(
            "x86_64",
            "provided.al2023",
            Item(fixtures.X64Pie, "HelloAot"),
            Item(Text("HelloAot.dbg", "symbols"), "HelloAot.dbg"),
            Item(Text("HelloAot.pdb", "symbols"), "HelloAot.pdb"));
        task.BootstrapEntry = "HelloAot";
        task.ExcludeSymbols = true;

        Assert.True(task.Execute());

        Assert.Empty(engine.Codes);
        var listing = Tools.Run("zipinfo", task.OutputPath);
        Assert.Matches(@"(?m)^-rwxr-xr-x .* unx .* bootstrap$", listing);
        Assert.DoesNotContain(".dbg", listing, StringComparison.Ordinal);
        Assert.DoesNotContain(".pdb", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("HelloAot", listing, StringComparison.Ordinal);
    }

    [Fact]
    public void Zipped_size_over_the_limit_is_LK5001_and_at_the_limit_it_is_not()
    {
        // Random bytes do not compress: the zip is the data plus about 100 bytes of headers.
        var data = Random(Path.Combine(_directory, "blob.bin"), 10_000);
        var (probe, _) = Create("x86_64", "dotnet10", Item(data, "blob.bin"));
        Assert.True(probe.Execute());
        var zipSize = probe.ZipSize;
        Assert.InRange(zipSize, 10_000, 10_300);

        var (atLimit, atLimitEngine) = Create("x86_64", "dotnet10", Item(data, "blob.bin"));
        atLimit.MaxZipSize = zipSize;
        Assert.True(atLimit.Execute());
        Assert.Empty(atLimitEngine.Codes);

        var (over, overEngine) = Create("x86_64", "dotnet10", Item(data, "blob.bin"));
        over.MaxZipSize = zipSize - 1;
        Assert.False(over.Execute());
        var error = Assert.Single(overEngine.Errors);
        Assert.Equal("LK5001", error.Code);
        Assert.Contains(zipSize.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);

        var (throughS3, s3Engine) = Create("x86_64", "dotnet10", Item(data, "blob.bin"));
        throughS3.MaxZipSize = zipSize - 1;
        throughS3.ZipSizeIsWarning = true;
        Assert.True(throughS3.Execute());
        Assert.Equal("LK5001", Assert.Single(s3Engine.Warnings).Code);
    }

    [Fact]
    public void Real_package_over_50_MB_is_LK5001_at_the_default_limit()
    {
        // 51 MiB of random data (sparse files would compress to nothing): about 1 s to write and zip.
        var data = Random(Path.Combine(_directory, "big.bin"), 51 * 1024 * 1024);
        var (task, engine) = Create("x86_64", "dotnet10", Item(data, "big.bin"));

        Assert.False(task.Execute());

        Assert.Equal("LK5001", Assert.Single(engine.Errors).Code);
        Assert.Contains("52,428,800", engine.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unzipped_size_counts_layer_zips_and_folders_for_LK5002()
    {
        var data = Text("data.txt", new string('a', 5_000));
        var folderLayer = Directory.CreateDirectory(Path.Combine(_directory, "folder-layer")).FullName;
        File.WriteAllText(Path.Combine(folderLayer, "a.txt"), new string('b', 3_000));
        var zipLayer = Path.Combine(_directory, "layer.zip");
        using (var archive = ZipFile.Open(zipLayer, ZipArchiveMode.Create))
        {
            using var writer = new StreamWriter(archive.CreateEntry("lib/libthing.so").Open());
            writer.Write(new string('c', 2_000));
        }

        var (fits, fitsEngine) = Create("x86_64", "dotnet10", Item(data, "data.txt"));
        fits.Layers = [new TaskItem(folderLayer), new TaskItem(zipLayer)];
        fits.MaxUnzippedSize = 10_000;
        Assert.True(fits.Execute());
        Assert.Empty(fitsEngine.Codes);

        var (over, overEngine) = Create("x86_64", "dotnet10", Item(data, "data.txt"));
        over.Layers = [new TaskItem(folderLayer), new TaskItem(zipLayer)];
        over.MaxUnzippedSize = 9_999;
        Assert.False(over.Execute());
        var error = Assert.Single(overEngine.Errors);
        Assert.Equal("LK5002", error.Code);
        Assert.Contains("5,000", error.Message, StringComparison.Ordinal);
        Assert.Contains("10,000 in all", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Six_layers_are_LK5003_and_five_are_not()
    {
        var layers = Enumerable.Range(0, 6).Select(i => new TaskItem(Directory.CreateDirectory(Path.Combine(_directory, "layer" + i)).FullName)).ToArray();

        var (five, fiveEngine) = Create("x86_64", "dotnet10", Item(Text("a.txt", "a"), "a.txt"));
        five.Layers = layers[..5];
        Assert.True(five.Execute());
        Assert.Empty(fiveEngine.Codes);

        var (six, sixEngine) = Create("x86_64", "dotnet10", Item(Text("a.txt", "a"), "a.txt"));
        six.Layers = layers;
        Assert.False(six.Execute());
        Assert.Equal("LK5003", Assert.Single(sixEngine.Errors).Code);
    }

    [Fact]
    public void Needed_OpenSSL_1_1_is_LK5008_unless_the_package_ships_it()
    {
        var source = Path.Combine(_directory, "ssl.c");
        File.WriteAllText(source, "int use_ssl(void);\nint f(void) { return use_ssl(); }\n");
        var fakeSsl = Path.Combine(_directory, "libssl.so.1.1");
        File.WriteAllText(Path.Combine(_directory, "fake.c"), "int use_ssl(void) { return 1; }\n");
        Tools.Run("gcc", "-shared", "-fPIC", "-Wl,-soname,libssl.so.1.1", Path.Combine(_directory, "fake.c"), "-o", fakeSsl);
        var library = Path.Combine(_directory, "libuses.so");
        Tools.Run("gcc", "-shared", "-fPIC", source, fakeSsl, "-o", library);
        Assert.Contains("libssl.so.1.1", Tools.ReadElfNeeded(library));

        var (alone, aloneEngine) = Create("x86_64", "dotnet10", Item(library, "libuses.so"));
        Assert.True(alone.Execute());
        var warning = Assert.Single(aloneEngine.Warnings);
        Assert.Equal("LK5008", warning.Code);
        Assert.Contains("libssl.so.1.1", warning.Message, StringComparison.Ordinal);

        var (shipped, shippedEngine) = Create("x86_64", "dotnet10", Item(library, "libuses.so"), Item(fakeSsl, "libssl.so.1.1"));
        Assert.True(shipped.Execute());
        Assert.Empty(shippedEngine.Codes);
    }

    [Fact]
    public void Truncated_library_is_a_warning_naming_the_problem()
    {
        var bytes = File.ReadAllBytes(fixtures.X64Library);
        var truncated = Path.Combine(_directory, "libcut.so");
        File.WriteAllBytes(truncated, bytes[..100]);
        var (task, engine) = Create("x86_64", "dotnet10", Item(truncated, "libcut.so"));

        Assert.True(task.Execute());

        var warning = Assert.Single(engine.Warnings);
        Assert.Contains("could not be read completely", warning.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dotnet8_after_its_deprecation_is_an_LK5010_warning_naming_the_date_and_dotnet10_and_the_zip_is_written()
    {
        var (task, engine) = Create("x86_64", "dotnet8", Item(Text("Function.dll", "x"), "Function.dll"));

        Assert.True(task.Execute());

        var warning = Assert.Single(engine.Warnings, w => w.Code == "LK5010");
        Assert.Equal(
            "Lambda deprecated the dotnet8 runtime on 2026-11-10; new functions cannot be created on it from 2027-02-01. Existing functions still run, but the runtime gets no more security updates: target net10.0 (dotnet10), or publish Native AOT for provided.al2023.",
            warning.Message);
        Assert.Equal(HelpBase + "LK5010.md", warning.HelpLink);
        Assert.True(File.Exists(task.OutputPath));
    }

    [Theory]
    [InlineData("dotnet8", 2026, 11, 9)]
    [InlineData("dotnet10", 2026, 12, 5)]
    [InlineData("provided.al2023", 2026, 12, 5)]
    public void A_runtime_before_its_deprecation_date_is_not_LK5010(string runtime, int year, int month, int day)
    {
        var (task, engine) = Create("x86_64", runtime, Item(Text("bootstrap", "x"), "bootstrap"));
        task.Today = new DateTime(year, month, day);

        task.Execute();

        Assert.DoesNotContain("warning LK5010", engine.Codes);
    }

    [Fact]
    public void Provided_al2_after_its_deprecation_points_to_provided_al2023()
    {
        var (task, engine) = Create("x86_64", "provided.al2", Item(Text("bootstrap", "x"), "bootstrap"));

        task.Execute();

        var warning = Assert.Single(engine.Warnings, w => w.Code == "LK5010");
        Assert.StartsWith("Lambda deprecated the provided.al2 runtime on 2026-06-30. ", warning.Message, StringComparison.Ordinal);
        Assert.EndsWith(": use LambdaRuntime=provided.al2023.", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x64", "dotnet8", "LambdaArchitecture 'x64'")]
    [InlineData("arm64", "dotnet9", "LambdaRuntime 'dotnet9'")]
    public void Unknown_architecture_or_runtime_is_a_clear_error(string architecture, string runtime, string expected)
    {
        var (task, engine) = Create(architecture, runtime, Item(Text("a.txt", "a"), "a.txt"));

        Assert.False(task.Execute());
        Assert.StartsWith(expected, Assert.Single(engine.Errors).Message, StringComparison.Ordinal);
    }

    private (CreateLambdaPackage Task, RecordingBuildEngine Engine) Create(string architecture, string runtime, params ITaskItem[] files)
    {
        var engine = new RecordingBuildEngine();
        var task = new CreateLambdaPackage
        {
            BuildEngine = engine,
            Files = files,
            Architecture = architecture,
            Runtime = runtime,
            Handler = "Function",
            Today = new DateTime(2026, 12, 5),
            OutputPath = Path.Combine(_directory, "out", Guid.NewGuid().ToString("N") + ".zip"),
        };
        return (task, engine);
    }

    private static TaskItem Item(string path, string relativePath) =>
        new(path, new Dictionary<string, string> { ["RelativePath"] = relativePath });

    private string Text(string name, string content)
    {
        var path = Path.Combine(_directory, "src-" + Guid.NewGuid().ToString("N"), name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Random(string path, int size)
    {
        var bytes = new byte[size];
        new Random(42).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
