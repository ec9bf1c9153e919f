using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.AnalyzerVerifier<LambdaKit.Analyzers.X86IntrinsicsAnalyzer>;

namespace LambdaKit.Analyzers.Tests;

public class X86IntrinsicsAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Runtime.Intrinsics;
        using System.Runtime.Intrinsics.X86;

        """;

    private static void Arm64(CompilationBuilder builder) => builder.WithGlobalOption("build_property.LambdaArchitecture", "arm64");

    private static void X86_64(CompilationBuilder builder) => builder.WithGlobalOption("build_property.LambdaArchitecture", "x86_64");

    [Fact]
    public async Task LK4003_unguarded_calls_properties_nested_X64_classes_and_method_groups()
    {
        await Verify.VerifyAsync(
            Usings + """
            static class Simd
            {
                public static int Sum(Vector256<int> a, Vector256<int> b)
                {
                    var sum = {|LK4003:Avx2.Add(a, b)|};
                    return {|LK4003:Sse2.ConvertToInt32(sum.GetLower())|};
                }

                public static ulong Bits(ulong value) => {|#0:Bmi2.X64.ParallelBitDeposit(value, 0xFF)|};

                public static Func<Vector128<int>, Vector128<int>, Vector128<int>> Adder => {|LK4003:Sse2.Add|};
            }
            """,
            Arm64,
            Verify.Diagnostic("LK4003").WithLocation(0).WithMessage("'Bmi2.X64.ParallelBitDeposit' is an x86 hardware intrinsic and the Lambda target is arm64; check 'Bmi2.X64.IsSupported' first and provide a fallback"));
    }

    [Fact]
    public async Task LK4003_using_static_and_a_guard_of_another_class()
    {
        await Verify.VerifyAsync(
            """
            using System.Runtime.Intrinsics;
            using System.Runtime.Intrinsics.X86;
            using static System.Runtime.Intrinsics.X86.Avx2;

            static class Simd
            {
                public static Vector256<int> Add2(Vector256<int> a, Vector256<int> b) =>
                    Sse2.IsSupported ? {|LK4003:Add(a, b)|} : a;
            }
            """,
            Arm64);
    }

    [Fact]
    public async Task LK4003_aliases_fully_qualified_names_and_global_usings_pass_the_syntax_filter()
    {
        // None of these files names an x86 class by its own name where it is used.
        await Verify.VerifyAsync(
            """
            using V = System.Runtime.Intrinsics.Vector128<int>;
            using S = System.Runtime.Intrinsics.X86.Sse2;
            using Intrinsics = System.Runtime.Intrinsics;

            static class Simd
            {
                public static V Alias(V a, V b) => {|LK4003:S.Add(a, b)|};

                public static V Qualified(V a, V b) => {|LK4003:System.Runtime.Intrinsics.X86.Sse2.Subtract(a, b)|};

                public static V NamespaceAlias(V a, V b) => {|LK4003:Intrinsics.X86.Sse2.Xor(a, b)|};
            }
            """,
            builder => Arm64(builder
                .WithSource("""
                    global using static System.Runtime.Intrinsics.X86.Sse41;
                    global using GlobalAvx = System.Runtime.Intrinsics.X86.Avx2;
                    """)
                .WithSource("""
                    using System.Runtime.Intrinsics;
                    static class UsesGlobalStatic
                    {
                        public static int First(Vector128<int> v) => {|LK4003:Extract(v, 0)|};
                    }
                    """)
                .WithSource("""
                    using System.Runtime.Intrinsics;
                    static class UsesGlobalAlias
                    {
                        public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => {|LK4003:GlobalAvx.Add(a, b)|};
                    }
                    """)));
    }

    [Fact]
    public async Task LK4003_names_spelled_with_Unicode_escapes_pass_the_text_search()
    {
        await Verify.VerifyAsync(
            """
            using System.Runtime.Intrinsics;
            using static System.Runtime.Intrinsics.\u0058\u0038\u0036.\u0053se2;

            static class Simd
            {
                public static Vector128<int> Add2(Vector128<int> a, Vector128<int> b) => {|LK4003:Add(a, b)|};
            }
            """,
            Arm64);
    }

    [Fact]
    public async Task LK4003_guards_that_do_not_cover_the_use()
    {
        await Verify.VerifyAsync(
            Usings + """
            static class Simd
            {
                public static int A(Vector128<int> v)
                {
                    // The fallback branch of a positive check runs exactly where the class is unsupported.
                    if (Sse41.IsSupported) { return 0; } else { return {|LK4003:Sse41.Extract(v, 1)|}; }
                }

                public static int B(Vector128<int> v)
                {
                    // An early exit that does not always exit guards nothing.
                    if (!Sse41.IsSupported) { Console.WriteLine(); }
                    return {|LK4003:Sse41.Extract(v, 1)|};
                }

                public static int C(Vector128<int> v, bool flag)
                {
                    // 'IsSupported || flag' being true proves nothing.
                    if (Sse41.IsSupported || flag) { return {|LK4003:Sse41.Extract(v, 1)|}; }
                    return 0;
                }

                public static int D(Vector128<int> v)
                {
                    // Sse41 does not imply Avx2 (the base class implies nothing about a derived one).
                    if (Sse41.IsSupported) { return {|LK4003:Avx2.ExtractVector128(Vector256<int>.Zero, 0)|}.ToScalar(); }
                    return v.ToScalar();
                }
            }
            """,
            Arm64);
    }

    [Fact]
    public async Task Guarded_uses_are_not_reported()
    {
        await Verify.VerifyAsync(
            Usings + """
            static class Simd
            {
                public static Vector256<int> If(Vector256<int> a, Vector256<int> b)
                {
                    if (Avx2.IsSupported)
                    {
                        return Avx2.Add(a, b);
                    }

                    return a + b;
                }

                public static Vector256<int> EarlyReturn(Vector256<int> a, Vector256<int> b)
                {
                    if (!Avx2.IsSupported)
                        return a + b;
                    var sum = Avx2.Add(a, b);
                    { return Avx2.Add(sum, b); }
                }

                public static int EarlyThrow(Vector128<int> v)
                {
                    if (!Sse41.IsSupported || !Sse2.IsSupported)
                    {
                        throw new PlatformNotSupportedException();
                    }

                    return Sse41.Extract(v, 0) + Sse2.ConvertToInt32(v);
                }

                public static int Ternary(Vector128<int> v) => Sse41.IsSupported ? Sse41.Extract(v, 1) : v.GetElement(1);

                public static bool And(Vector128<byte> v) => Sse2.IsSupported && Sse2.MoveMask(v) != 0;

                public static bool Or(Vector128<byte> v) => !Sse2.IsSupported || Sse2.MoveMask(v) != 0;

                public static int Else(Vector128<int> v)
                {
                    if (!Sse41.IsSupported) { return 0; } else { return Sse41.Extract(v, 1); }
                }

                public static int Combined(Vector128<int> v, bool flag)
                {
                    if (flag && Sse41.IsSupported) { return Sse41.Extract(v, 1); }
                    return 0;
                }

                // Avx2 derives from Avx, Sse4.2, ..., Sse2: its check covers them.
                public static int Implied(Vector128<int> v) => Avx2.IsSupported ? Sse2.ConvertToInt32(v) : 0;

                // A nested X64 class's check covers its outer class too.
                public static ulong Nested(ulong x) => Bmi2.X64.IsSupported ? Bmi2.X64.ParallelBitDeposit(x, 1) + Bmi2.ZeroHighBits(1u, 1u) : 0;

                public static int Loop(Vector128<int>[] values)
                {
                    var total = 0;
                    foreach (var v in values)
                    {
                        if (!Sse41.IsSupported) continue;
                        total += Sse41.Extract(v, 0);
                    }

                    return total;
                }

                public static Func<int> Lambda(Vector128<int> v) => Sse41.IsSupported ? () => Sse41.Extract(v, 1) : () => 0;

                public static bool Only() => Avx2.IsSupported && Avx512F.IsSupported;
            }
            """,
            Arm64);
    }

    [Fact]
    public async Task Nothing_is_reported_for_an_x86_64_target()
    {
        await Verify.VerifyAsync(
            Usings + """
            static class Simd
            {
                public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.Add(a, b);
            }
            """,
            X86_64);
    }

    [Fact]
    public async Task Nothing_is_reported_when_the_target_is_unknown()
    {
        await Verify.VerifyAsync(
            Usings + """
            static class Simd
            {
                public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => Avx2.Add(a, b);
            }
            """,
            builder => builder.WithGlobalOption("build_property.LambdaArchitecture", "riscv64"));
    }

    [Fact]
    public async Task The_target_can_come_from_the_native_asset_manifest()
    {
        await Verify.VerifyAsync(
            Usings + """
            static class Simd
            {
                public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => {|LK4003:Avx2.Add(a, b)|};
            }
            """,
            builder => builder
                .WithGlobalOption("build_property.LambdaArchitecture", string.Empty)
                .WithAdditionalFile(TestManifest.ManifestPath, TestManifest.Text(NativeArchitecture.Arm64)));
    }

    [Fact]
    public async Task Arm_intrinsics_and_portable_vectors_are_not_reported()
    {
        await Verify.VerifyAsync(
            Usings + """
            using System.Runtime.Intrinsics.Arm;
            static class Simd
            {
                public static Vector128<int> Add(Vector128<int> a, Vector128<int> b) => AdvSimd.IsSupported ? AdvSimd.Add(a, b) : Vector128.Add(a, b);
            }
            """,
            Arm64);
    }
}
