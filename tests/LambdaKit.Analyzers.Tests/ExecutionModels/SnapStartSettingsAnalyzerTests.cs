using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.AnalyzerVerifier<LambdaKit.Analyzers.ExecutionModels.SnapStartSettingsAnalyzer>;

namespace LambdaKit.Analyzers.Tests.ExecutionModels;

public class SnapStartSettingsAnalyzerTests
{
    private static Action<CompilationBuilder> PublishAot(string value) =>
        builder => builder.WithLambdaKitRuntime().WithGlobalOption("build_property.PublishAot", value);

    [Fact]
    public async Task LK3012_SnapStart_with_Native_AOT_large_tmp_or_tenant_isolation()
    {
        await Verify.VerifyAsync(
            """
            using LambdaKit;

            public static class Functions
            {
                [LambdaFunction({|#0:SnapStart = true|}, EphemeralStorage = 513, TenantIsolation = true)] public static void All() { }
                [LambdaFunction(SnapStart = false, TenantIsolation = true)] public static void NoSnapStart() { }
            }
            """,
            PublishAot("true"),
            Verify.Diagnostic("LK3012").WithLocation(0).WithMessage("SnapStart cannot be used with Native AOT: PublishAot is true, so the function runs on an OS-only provided.* runtime (function 'All')"),
            Verify.Diagnostic("LK3012").WithLocation(0).WithMessage("SnapStart cannot be used with EphemeralStorage = 513 MB: at most 512 MB (function 'All')"),
            Verify.Diagnostic("LK3012").WithLocation(0).WithMessage("SnapStart cannot be used with tenant isolation (function 'All')"));
    }

    [Fact]
    public async Task LK3012_settings_from_the_assembly_defaults_are_reported_at_each_function()
    {
        await Verify.VerifyAsync(
            """
            using LambdaKit;

            [assembly: LambdaFunctionDefaults(SnapStart = true, EphemeralStorage = 2048)]

            public static class Functions
            {
                [{|#0:LambdaFunction|}] public static void FromDefaults() { }
                [LambdaFunction(EphemeralStorage = 512)] public static void OwnStorage() { }
            }
            """,
            PublishAot("false"),
            Verify.Diagnostic("LK3012").WithLocation(0).WithMessage("SnapStart cannot be used with EphemeralStorage = 2048 MB: at most 512 MB (function 'FromDefaults')"));
    }

    [Fact]
    public async Task SnapStart_on_a_JIT_function_with_512_MB_and_no_tenant_isolation_is_not_reported()
    {
        await Verify.VerifyAsync(
            """
            using LambdaKit;

            public static class Functions
            {
                [LambdaFunction(SnapStart = true, EphemeralStorage = 512)] public static void Fine() { }
                [LambdaFunction(SnapStart = true)] public static void Unset() { }
            }
            """,
            PublishAot("false"));
    }

    [Fact]
    public async Task LK3012_SnapStart_from_the_assembly_defaults_in_another_file_is_read()
    {
        await Verify.VerifyAsync(
            """
            using LambdaKit;

            public static class Functions
            {
                [{|#0:LambdaFunction|}] public static void FromDefaults() { }
            }
            """,
            builder => PublishAot("true")(builder.WithSource("[assembly: LambdaKit.LambdaFunctionDefaults(SnapStart = true)]", "/0/Defaults.cs")),
            Verify.Diagnostic("LK3012").WithLocation(0).WithMessage("SnapStart cannot be used with Native AOT: PublishAot is true, so the function runs on an OS-only provided.* runtime (function 'FromDefaults')"));
    }
}
