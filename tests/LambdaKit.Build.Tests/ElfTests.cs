namespace LambdaKit.Build.Tests;

/// <summary>The reader against readelf, on files compiled here, hand-made files and a package's real native files.</summary>
[Collection(NativeFixturesDefinition.Name)]
public sealed class ElfTests(NativeFixtures fixtures)
{
    public static TheoryData<string> FixtureNames =>
        ["X64Library", "X64Pie", "X64NoPie", "X64Static", "X64StaticPie", "X86Object", "Arm64Library", "Arm64Pie"];

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Compiled_files_match_readelf(string name)
    {
        var path = Path.Combine(fixtures.Directory, name);
        var info = NativeFileReader.Read(path);

        Assert.Null(info.Problem);
        AssertMatchesReadElf(path, info);
    }

    [Fact]
    public void Compiled_files_have_the_machine_of_their_compiler()
    {
        Assert.Equal(NativeArchitecture.X86_64, Slice(fixtures.X64Library).Architecture);
        Assert.Equal(62, Slice(fixtures.X64Library).Machine);
        Assert.Equal(NativeArchitecture.Arm64, Slice(fixtures.Arm64Library).Architecture);
        Assert.Equal(183, Slice(fixtures.Arm64Pie).Machine);
        Assert.Equal(NativeArchitecture.X86, Slice(fixtures.X86Object).Architecture);
        Assert.Equal(32, Slice(fixtures.X86Object).Bitness);
    }

    [Fact]
    public void Kinds_tell_programs_from_libraries()
    {
        Assert.Equal(NativeFileKind.SharedLibrary, Slice(fixtures.X64Library).Kind);
        Assert.Equal(NativeFileKind.Executable, Slice(fixtures.X64Pie).Kind);
        Assert.Equal(NativeFileKind.Executable, Slice(fixtures.X64NoPie).Kind);
        Assert.Equal(NativeFileKind.Executable, Slice(fixtures.X64Static).Kind);
        Assert.Equal(NativeFileKind.Executable, Slice(fixtures.X64StaticPie).Kind);
        Assert.Equal(NativeFileKind.Relocatable, Slice(fixtures.X86Object).Kind);
        Assert.Equal(NativeFileKind.SharedLibrary, Slice(fixtures.Arm64Library).Kind);
        Assert.Equal(NativeFileKind.Executable, Slice(fixtures.Arm64Pie).Kind);

        // A static PIE has no interpreter: only DF_1_PIE says it is a program.
        Assert.Null(NativeFileReader.Read(fixtures.X64StaticPie).Interpreter);
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", NativeFileReader.Read(fixtures.X64Pie).Interpreter);
        Assert.Equal("/lib/ld-linux-aarch64.so.1", NativeFileReader.Read(fixtures.Arm64Pie).Interpreter);
    }

    [Fact]
    public void Glibc_needs_are_the_newest_symbol_versions_used()
    {
        // The library calls arc4random (added in glibc 2.36); main's __libc_start_main is GLIBC_2.34 since 2.34.
        var library = NativeFileReader.Read(fixtures.X64Library);
        Assert.Equal(new Version(2, 36), library.MaxGlibcVersion);
        Assert.Contains(new Version(2, 34), library.GlibcVersions);
        Assert.Contains(new Version(2, 2, 5), library.GlibcVersions);
        Assert.Equal(library.GlibcVersions.Order(), library.GlibcVersions);
        Assert.Equal(new Version(2, 36), NativeFileReader.Read(fixtures.Arm64Library).MaxGlibcVersion);
        Assert.Equal(new Version(2, 34), NativeFileReader.Read(fixtures.X64Pie).MaxGlibcVersion);
        Assert.Null(NativeFileReader.Read(fixtures.X64Static).MaxGlibcVersion);
        Assert.Equal(["libm.so.6", "libc.so.6"], NativeFileReader.Read(fixtures.X64Library).Needed);
        Assert.Equal("libfix.so.1", library.SoName);
    }

    [Fact]
    public void The_symbol_needing_the_newest_glibc_is_named()
    {
        // arc4random is the library's only GLIBC_2.36 call; pthread_create and pthread_join (both moved into libc in 2.34) the GLIBC_2.34 ones (lib.c).
        var library = NativeFileReader.Read(fixtures.X64Library);
        Assert.Equal(["arc4random@GLIBC_2.36"], library.SymbolsNeedingGlibc(new Version(2, 36)));
        Assert.Equal(["pthread_create@GLIBC_2.34", "pthread_join@GLIBC_2.34"], library.SymbolsNeedingGlibc(new Version(2, 34)));
        Assert.Equal(["arc4random@GLIBC_2.36"], NativeFileReader.Read(fixtures.Arm64Library).SymbolsNeedingGlibc(new Version(2, 36)));
        Assert.Equal(["__libc_start_main@GLIBC_2.34"], NativeFileReader.Read(fixtures.X64Pie).SymbolsNeedingGlibc(new Version(2, 34)));
        Assert.Empty(NativeFileReader.Read(fixtures.X64Static).GlibcSymbols);
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Glibc_symbols_match_readelf(string name)
    {
        var path = Path.Combine(fixtures.Directory, name);
        var expected = System.Text.RegularExpressions.Regex.Matches(Tools.Run("readelf", "--dyn-syms", "-W", path), @"([^\s@]+)@(GLIBC_[0-9.]+)")
            .Select(m => m.Value)
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, NativeFileReader.Read(path).GlibcSymbols);
    }

    [Theory]
    [InlineData("X64Library")]
    [InlineData("X64Pie")]
    [InlineData("Arm64Library")]
    public void Without_section_headers_the_dynamic_segment_gives_the_same_facts(string name)
    {
        var original = Path.Combine(fixtures.Directory, name);
        var bytes = File.ReadAllBytes(original);
        bytes.AsSpan(40, 8).Clear(); // e_shoff
        bytes.AsSpan(58, 6).Clear(); // e_shentsize, e_shnum, e_shstrndx
        var info = NativeFileReader.Read(new MemoryStream(bytes));

        Assert.Null(info.Problem);
        Assert.Equal(Tools.ReadElfNeeded(original), info.Needed);
        Assert.Equal(Tools.ReadElfSoName(original), info.SoName);
        Assert.Equal(Tools.ReadElfVersionNeeds(original), info.VersionNeeds);
        Assert.NotEmpty(info.VersionNeeds);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void Hand_made_files_of_every_class_and_byte_order_match_readelf(bool is64, bool bigEndian)
    {
        var path = Path.Combine(fixtures.Directory, $"hand-{is64}-{bigEndian}.so");
        File.WriteAllBytes(path, new ElfBuilder { Is64 = is64, BigEndian = bigEndian, Machine = 40 }.Build());
        var info = NativeFileReader.Read(path);

        Assert.Null(info.Problem);
        Assert.Equal(bigEndian ? NativeEndianness.Big : NativeEndianness.Little, Assert.Single(info.Slices).Endianness);
        Assert.Equal(is64 ? 64 : 32, info.Slices[0].Bitness);
        Assert.Equal(["libc.so.6: GLIBC_2.17", "libc.so.6: GLIBC_2.28"], info.VersionNeeds);
        Assert.Equal(new Version(2, 28), info.MaxGlibcVersion);
        AssertMatchesReadElf(path, info);
    }

    [Fact]
    public void Real_package_files_match_readelf()
    {
        var files = Directory.GetFiles(Path.Combine(Tools.PackageRoot, "sqlitepclraw.lib.e_sqlite3", "2.0.6", "runtimes"), "*.so", SearchOption.AllDirectories);
        Assert.True(files.Length >= 9, $"expected the package's Linux files, found {files.Length}");
        foreach (var path in files)
        {
            var info = NativeFileReader.Read(path);
            Assert.True(info.Problem == null, $"{path}: {info.Problem}");
            AssertMatchesReadElf(path, info);
        }

        var s390x = NativeFileReader.Read(files.Single(f => f.Contains("linux-s390x", StringComparison.Ordinal)));
        Assert.Equal(NativeEndianness.Big, s390x.Slices[0].Endianness);
        Assert.Equal(NativeArchitecture.S390x, s390x.Slices[0].Architecture);
    }

    private static NativeSlice Slice(string path) => Assert.Single(NativeFileReader.Read(path).Slices);

    private static void AssertMatchesReadElf(string path, NativeFileInfo info)
    {
        var header = Tools.Run("readelf", "-h", "-W", path);
        var slice = Assert.Single(info.Slices);
        Assert.Equal(NativeFileFormat.Elf, info.Format);
        Assert.Equal(NativeOperatingSystem.Linux, info.OS);
        Assert.Equal(Tools.ReadElfMachine(path), slice.Architecture);
        Assert.Equal(Tools.Field(header, "Class") == "ELF64" ? 64 : 32, slice.Bitness);
        Assert.Equal(Tools.Field(header, "Data").Contains("big endian", StringComparison.Ordinal) ? NativeEndianness.Big : NativeEndianness.Little, slice.Endianness);
        var expectedKind = Tools.Field(header, "Type") switch
        {
            "EXEC (Executable file)" or "DYN (Position-Independent Executable file)" => NativeFileKind.Executable,
            "DYN (Shared object file)" => NativeFileKind.SharedLibrary,
            "REL (Relocatable file)" => NativeFileKind.Relocatable,
            var other => throw new InvalidOperationException($"No mapping for readelf type '{other}'"),
        };

        Assert.Equal(expectedKind, slice.Kind);

        Assert.Equal(Tools.ReadElfInterpreter(path), info.Interpreter);
        Assert.Equal(Tools.ReadElfNeeded(path), info.Needed);
        Assert.Equal(Tools.ReadElfSoName(path), info.SoName);
        Assert.Equal(Tools.ReadElfVersionNeeds(path), info.VersionNeeds);
    }
}
