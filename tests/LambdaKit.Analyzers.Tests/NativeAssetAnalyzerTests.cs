using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.AnalyzerVerifier<LambdaKit.Analyzers.NativeAssetAnalyzer>;
using static LambdaKit.Analyzers.Tests.TestManifest;

namespace LambdaKit.Analyzers.Tests;

public class NativeAssetAnalyzerTests
{
    private static Action<CompilationBuilder> WithManifest(NativeArchitecture? target, params NativeAssetFile[] files) =>
        builder => builder.WithAdditionalFile(ManifestPath, Text(target, files));

    // A package that ships only an x86-64 file, as `runtimes/linux-x64/native/libfoo.so`.
    private static readonly NativeAssetFile[] X64Only = [Elf("libfoo.so", "linux-x64", false, NativeArchitecture.X86_64)];

    [Fact]
    public async Task LK4001_DllImport_of_a_library_with_files_only_for_another_RID()
    {
        await Verify.VerifyAsync(
            """
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport({|#0:"foo"|})]
                public static extern int foo_init();
            }
            """,
            WithManifest(NativeArchitecture.Arm64, [.. X64Only, Pe("foo.dll", "win-x64", false, NativeArchitecture.X86_64)]),
            Verify.Diagnostic("LK4001").WithLocation(0).WithMessage("Native library 'foo' has no file for the target linux-arm64 (arm64); it has files only for linux-x64, win-x64: libfoo.so (x86_64, linux-x64), foo.dll (x86_64, win-x64)"));
    }

    [Fact]
    public async Task LK4001_LibraryImport_with_a_named_argument_and_so_suffix()
    {
        await Verify.VerifyAsync(
            """
            using System.Runtime.InteropServices;
            static partial class Native
            {
                [LibraryImport({|LK4001:"libfoo.so"|}, EntryPoint = "foo_init")]
                public static partial int Init();

                public static partial int Init() => 0;
            }
            """,
            WithManifest(NativeArchitecture.Arm64, X64Only));
    }

    [Fact]
    public async Task LK4001_versioned_file_names_belong_to_the_library()
    {
        await Verify.VerifyAsync(
            """
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport({|LK4001:"libfoo.so"|})] public static extern int a();
                [DllImport({|LK4001:"foo"|})] public static extern int b();
                [DllImport("bar")] public static extern int c();
            }
            """,
            WithManifest(NativeArchitecture.X86_64, Elf("libfoo.so.1", "linux-arm64", false, NativeArchitecture.Arm64)));
    }

    [Fact]
    public async Task LK4002_selected_file_has_the_wrong_machine()
    {
        // What the SDK does for linux-arm64: it picks `runtimes/linux/native` (built for x86-64) without a word.
        await Verify.VerifyAsync(
            """
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport({|#0:"foo"|}, CallingConvention = CallingConvention.Cdecl)]
                public static extern int foo_init();
            }
            """,
            WithManifest(NativeArchitecture.Arm64, Elf("libfoo.so", "linux", true, NativeArchitecture.X86_64)),
            Verify.Diagnostic("LK4002").WithLocation(0).WithMessage("Native library 'foo' resolves to '/nuget/pkg/runtimes/linux/native/libfoo.so' for the target linux-arm64 (arm64), but that file is x86_64 ELF; no RID folder has a file for arm64"));
    }

    [Fact]
    public async Task LK4002_names_the_RIDs_that_do_have_a_file_for_the_target()
    {
        await Verify.VerifyAsync(
            """
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport({|#0:"foo"|})]
                public static extern int foo_init();
            }
            """,
            WithManifest(
                NativeArchitecture.Arm64,
                Elf("libfoo.so", "linux", true, NativeArchitecture.X86_64),
                Elf("libfoo.so", "linux-musl-arm64", false, NativeArchitecture.Arm64)),
            Verify.Diagnostic("LK4002").WithLocation(0).WithMessage("Native library 'foo' resolves to '/nuget/pkg/runtimes/linux/native/libfoo.so' for the target linux-arm64 (arm64), but that file is x86_64 ELF; files for arm64 exist for linux-musl-arm64"));
    }

    [Fact]
    public async Task LK4002_a_Windows_file_of_the_right_architecture_does_not_load_on_Lambda()
    {
        await Verify.VerifyAsync(
            """
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport({|#0:"foo"|})]
                public static extern int foo_init();
            }
            """,
            WithManifest(NativeArchitecture.X86_64, Pe("foo.dll", string.Empty, true, NativeArchitecture.X86_64)),
            Verify.Diagnostic("LK4002").WithLocation(0).WithMessage("Native library 'foo' resolves to '/nuget/pkg/runtimes//native/foo.dll' for the target linux-x64 (x86_64), but that file is x86_64 PE for Windows; no RID folder has a file for x86_64"));
    }

    [Fact]
    public async Task No_diagnostic_when_a_selected_file_fits_the_target()
    {
        await Verify.VerifyAsync(
            """
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport("foo")]
                public static extern int foo_init();
            }
            """,
            WithManifest(
                NativeArchitecture.Arm64,
                Elf("libfoo.so", "linux-x64", false, NativeArchitecture.X86_64),
                Elf("libfoo.so", "linux-arm64", true, NativeArchitecture.Arm64)));
    }

    [Fact]
    public async Task No_diagnostic_when_the_selected_file_could_not_be_read()
    {
        await Verify.VerifyAsync(
            """
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport("foo")]
                public static extern int foo_init();
            }
            """,
            builder => builder.WithAdditionalFile(ManifestPath, "lambdakit-native-assets 1\ntarget\tarchitecture=arm64\nfile\tname=libfoo.so\trid=linux\tselected=true\tarchitecture=unknown\n"));
    }

    [Fact]
    public async Task Libraries_not_in_the_manifest_are_not_reported()
    {
        await Verify.VerifyAsync(
            """
            using System.Runtime.InteropServices;
            static partial class Native
            {
                [DllImport("libc", EntryPoint = "getpid")] public static extern int GetPid();
                [DllImport("libssl.so.3")] public static extern int SSL_library_init();
                [LibraryImport("libc")] public static partial int getppid();
                public static partial int getppid() => 0;
            }
            """,
            WithManifest(NativeArchitecture.Arm64, X64Only));
    }

    [Fact]
    public async Task Nothing_is_reported_without_a_manifest()
    {
        await Verify.VerifyAsync(
            """
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport("foo")]
                public static extern int foo_init();
            }
            """,
            builder => builder.WithGlobalOption("build_property.LambdaArchitecture", "arm64"));
    }

    [Fact]
    public async Task Nothing_is_reported_when_no_architecture_is_known()
    {
        await Verify.VerifyAsync(
            """
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport("foo")]
                public static extern int foo_init();
            }
            """,
            WithManifest(null, X64Only));
    }

    [Fact]
    public async Task The_LambdaArchitecture_property_overrides_the_manifest_target()
    {
        const string Source = """
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport({|LK4002:"foo"|})]
                public static extern int foo_init();
            }
            """;

        // The manifest says x86_64, where the selected x64 file is fine, but the property says arm64.
        await Verify.VerifyAsync(
            Source,
            builder => WithManifest(NativeArchitecture.X86_64, Elf("libfoo.so", "linux-x64", true, NativeArchitecture.X86_64))(
                builder.WithGlobalOption("build_property.LambdaArchitecture", "arm64")));

        await Verify.VerifyAsync(
            Source.Replace("{|LK4002:", string.Empty, StringComparison.Ordinal).Replace("|}", string.Empty, StringComparison.Ordinal),
            WithManifest(NativeArchitecture.X86_64, Elf("libfoo.so", "linux-x64", true, NativeArchitecture.X86_64)));
    }

    [Fact]
    public async Task Generated_code_is_not_analyzed()
    {
        await Verify.VerifyAsync(
            """
            // <auto-generated/>
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport("foo")]
                public static extern int foo_init();
            }
            """,
            WithManifest(NativeArchitecture.Arm64, X64Only));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\0\0\0\u0001ELF garbage")]
    [InlineData("lambdakit-native-assets 1\ntarget\tarchitecture=arm64\nfile\tname=\\")]
    [InlineData("lambdakit-native-assets 1\ntarget\tarchitecture=arm64\nfile\t=\t\t=x\nfile\tname=libfoo.so\tselected=true\tarchitecture=other:99999999999")]
    [InlineData("lambdakit-native-assets 999\n")]
    public async Task Garbage_manifests_do_not_crash_the_analyzer(string manifest)
    {
        // The runner fails on AD0001; a garbage manifest is read as far as it goes, here to nothing reportable.
        await Verify.VerifyAsync(
            """
            using System.Runtime.InteropServices;
            static class Native
            {
                [DllImport("foo")]
                public static extern int foo_init();
            }
            """,
            builder => builder.WithAdditionalFile(ManifestPath, manifest).WithGlobalOption("build_property.LambdaArchitecture", "arm64"));
    }
}
