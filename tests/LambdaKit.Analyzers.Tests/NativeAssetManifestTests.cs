namespace LambdaKit.Analyzers.Tests;

public class NativeAssetManifestTests
{
    private static readonly NativeAssetFile X64File = new(
        "libfoo.so", "linux-x64", false, NativeArchitecture.X86_64, 0, NativeOperatingSystem.Linux, NativeFileFormat.Elf, "/nuget/foo/runtimes/linux-x64/native/libfoo.so");

    private static readonly NativeAssetFile Arm64File = new(
        "libfoo.so", "linux-arm64", true, NativeArchitecture.Arm64, 0, NativeOperatingSystem.Linux, NativeFileFormat.Elf, "/nuget/foo/runtimes/linux-arm64/native/libfoo.so");

    private static string WriteToString(NativeAssetManifest manifest)
    {
        using var writer = new StringWriter();
        manifest.Write(writer);
        return writer.ToString();
    }

    [Fact]
    public void Write_produces_the_documented_format()
    {
        var text = WriteToString(new NativeAssetManifest(new NativeAssetTarget(NativeArchitecture.Arm64, "linux-arm64"), [X64File, Arm64File]));

        Assert.Equal(
            "lambdakit-native-assets 1\n"
            + "target\tarchitecture=arm64\trid=linux-arm64\n"
            + "file\tname=libfoo.so\trid=linux-x64\tselected=false\tarchitecture=x86_64\tos=linux\tformat=elf\tpath=/nuget/foo/runtimes/linux-x64/native/libfoo.so\n"
            + "file\tname=libfoo.so\trid=linux-arm64\tselected=true\tarchitecture=arm64\tos=linux\tformat=elf\tpath=/nuget/foo/runtimes/linux-arm64/native/libfoo.so\n",
            text);
    }

    [Fact]
    public void Parse_reads_back_what_Write_wrote_including_escaped_values_and_unnamed_machines()
    {
        var odd = new NativeAssetFile(
            "we\\ird\tname.so", string.Empty, true, NativeArchitecture.Other, 22, NativeOperatingSystem.Windows, NativeFileFormat.PE, "C:\\p\\with\nnewline\r.dll");
        var unknown = new NativeAssetFile(
            "mystery", "osx", false, NativeArchitecture.Unknown, 0, NativeOperatingSystem.MacOS, NativeFileFormat.MachO, "/m");
        var original = new NativeAssetManifest(new NativeAssetTarget(NativeArchitecture.X86_64, "linux-musl-x64"), [X64File, odd, unknown]);

        var parsed = NativeAssetManifest.Parse(WriteToString(original));

        Assert.Empty(parsed.Errors);
        Assert.Equal(NativeArchitecture.X86_64, parsed.Target!.Architecture);
        Assert.Equal("linux-musl-x64", parsed.Target.Rid);
        Assert.Equal(3, parsed.Files.Count);
        for (var i = 0; i < 3; i++)
        {
            var expected = original.Files[i];
            var actual = parsed.Files[i];
            Assert.Equal(
                (expected.Name, expected.RidFolder, expected.Selected, expected.Architecture, expected.Machine, expected.OperatingSystem, expected.Format, expected.Path),
                (actual.Name, actual.RidFolder, actual.Selected, actual.Architecture, actual.Machine, actual.OperatingSystem, actual.Format, actual.Path));
        }

        Assert.Equal("other:22", parsed.Files[1].ArchitectureName);
        Assert.Equal(WriteToString(original), WriteToString(parsed));
    }

    [Fact]
    public void Parse_without_a_target_gives_a_null_target()
    {
        var parsed = NativeAssetManifest.Parse(WriteToString(new NativeAssetManifest(null, [X64File])));

        Assert.Null(parsed.Target);
        Assert.Single(parsed.Files);
        Assert.Empty(parsed.Errors);
    }

    [Fact]
    public void Parse_ignores_comments_blank_lines_CRLF_unknown_kinds_and_unknown_keys()
    {
        var text = "\uFEFFlambdakit-native-assets 1\r\n"
            + "# written by a newer task\r\n"
            + "\r\n"
            + "target\tarchitecture=arm64\trid=linux-arm64\tlibc=glibc\r\n"
            + "layer\tname=x\r\n"
            + "file\tname=libbar.so\tselected=true\tarchitecture=arm64\tglibc=2.34\tneeded=libc.so.6\r\n";

        var parsed = NativeAssetManifest.Parse(text);

        Assert.Empty(parsed.Errors);
        Assert.Equal(NativeArchitecture.Arm64, parsed.Target!.Architecture);
        var file = Assert.Single(parsed.Files);
        Assert.Equal("libbar.so", file.Name);
        Assert.True(file.Selected);
        Assert.Equal(string.Empty, file.RidFolder);
        Assert.Equal("libbar.so", file.Path);
        Assert.Equal(NativeOperatingSystem.Unknown, file.OperatingSystem);
    }

    [Fact]
    public void A_target_without_a_rid_takes_the_linux_rid_of_its_architecture()
    {
        var parsed = NativeAssetManifest.Parse("lambdakit-native-assets 1\ntarget\tarchitecture=x86_64\n");

        Assert.Equal("linux-x64", parsed.Target!.Rid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("file\tname=libfoo.so")]
    [InlineData("lambdakit-native-assets")]
    [InlineData("lambdakit-native-assets one")]
    [InlineData("some-other-format 1")]
    public void A_missing_or_wrong_header_gives_an_empty_manifest_and_one_error(string text)
    {
        var parsed = NativeAssetManifest.Parse(text + "\ntarget\tarchitecture=arm64\nfile\tname=libfoo.so\n");

        Assert.Null(parsed.Target);
        Assert.Empty(parsed.Files);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void A_newer_version_is_refused_with_a_message_naming_both_versions()
    {
        var parsed = NativeAssetManifest.Parse("lambdakit-native-assets 2\ntarget\tarchitecture=arm64\n");

        Assert.Null(parsed.Target);
        Assert.Contains("'2'", Assert.Single(parsed.Errors).Message, StringComparison.Ordinal);
        Assert.Contains("version 1", parsed.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_lines_are_reported_with_their_line_numbers_and_the_rest_is_read()
    {
        var text = string.Join(
            "\n",
            "lambdakit-native-assets 1",
            "target\tarchitecture=sparc",                      // 2: not a Lambda architecture
            "target\tarchitecture=arm64",                      // 3: used
            "target\tarchitecture=x86_64",                     // 4: second target
            "file\tname=liba.so\tselected",                    // 5: not key=value
            "file\trid=linux-x64",                             // 6: no name
            "file\tname=libb.so\tarchitecture=mips\tselected=yes\tos=beos\tformat=coff", // 7: four bad values, file kept
            "file\tname=libc\\q.so",                           // 8: bad escape
            "file\tname=libd.so\tname=ignored\tselected=true", // 9: fine, first name wins
            "file\tname=libe.so\tarchitecture=other:x");       // 10: bad machine number

        var parsed = NativeAssetManifest.Parse(text);

        Assert.Equal(NativeArchitecture.Arm64, parsed.Target!.Architecture);
        Assert.Equal(["libb.so", "libd.so", "libe.so"], parsed.Files.Select(f => f.Name));
        var libb = parsed.Files[0];
        Assert.Equal(
            (NativeArchitecture.Unknown, false, NativeOperatingSystem.Unknown, NativeFileFormat.Unknown),
            (libb.Architecture, libb.Selected, libb.OperatingSystem, libb.Format));
        Assert.Equal([2, 4, 5, 6, 7, 7, 7, 7, 8, 10], parsed.Errors.Select(e => e.Line));
        Assert.StartsWith("line 4: ", parsed.Errors[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_never_throws_on_random_garbage()
    {
        // Fixed seed: a failure is reproducible. Mixes real tokens in so that the line and field parsers are reached.
        var random = new Random(4001);
        string[] tokens = ["lambdakit-native-assets 1\n", "target\t", "file\t", "name=", "architecture=", "other:", "=", "\t", "\n", "\r", "\\", "\\t", "selected=true", "#", "\0", "\uFFFF", "arm64", "x86_64"];
        for (var round = 0; round < 2000; round++)
        {
            var builder = new System.Text.StringBuilder();
            if (round % 2 == 0)
            {
                builder.Append("lambdakit-native-assets 1\n");
            }

            for (var i = random.Next(40); i > 0; i--)
            {
                _ = random.Next(3) == 0 ? builder.Append((char)random.Next(0, 0x3000)) : builder.Append(tokens[random.Next(tokens.Length)]);
            }

            var parsed = NativeAssetManifest.Parse(builder.ToString());
            Assert.NotNull(parsed.Files);
        }

        Assert.Single(NativeAssetManifest.Parse(null).Errors);
    }

    [Theory]
    [InlineData("x86_64", "X86_64")]
    [InlineData("X64", "X86_64")]
    [InlineData(" amd64 ", "X86_64")]
    [InlineData("arm64", "Arm64")]
    [InlineData("AArch64", "Arm64")]
    public void Lambda_architecture_spellings_are_recognised(string value, string expected)
    {
        // The enum is internal to the analyzers, so public test signatures name it as text.
        var architecture = LambdaTargets.ParseArchitecture(value);
        Assert.NotNull(architecture);
        Assert.Equal(expected, architecture.InstructionSet.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("x86")]
    [InlineData("arm")]
    public void Other_architecture_values_are_not_Lambda_architectures(string? value)
    {
        Assert.Null(LambdaTargets.ParseArchitecture(value));
    }

    [Fact]
    public void Linux_rids_exist_only_for_the_two_Lambda_architectures()
    {
        Assert.Equal("linux-x64", LambdaTargets.FindArchitecture(NativeArchitecture.X86_64)?.Rid);
        Assert.Equal("linux-arm64", LambdaTargets.FindArchitecture(NativeArchitecture.Arm64)?.Rid);
        Assert.Null(LambdaTargets.FindArchitecture(NativeArchitecture.X86));
    }
}
