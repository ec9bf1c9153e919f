using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.AnalyzerVerifier<LambdaKit.Analyzers.ExecutionModels.SnapStartCaptureAnalyzer>;

namespace LambdaKit.Analyzers.Tests.ExecutionModels;

public class SnapStartCaptureAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Data.Common;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using LambdaKit;

        """;

    /// <summary>Stand-ins with the surface of the hooks, matched by name (Amazon.Lambda.* is not available here).</summary>
    private const string Hooks = """
        #pragma warning disable CS0436 // The runtime may define the real LambdaSnapshot: the stand-in keeps this test independent of it.
        namespace Amazon.Lambda.Core
        {
            public static class SnapshotRestore
            {
                public static void RegisterBeforeSnapshot(System.Func<System.Threading.Tasks.ValueTask> hook) { }
                public static void RegisterAfterRestore(System.Func<System.Threading.Tasks.ValueTask> hook) { }
            }
        }

        namespace LambdaKit
        {
            public static class LambdaSnapshot
            {
                public static void RegisterAfterRestore(System.Func<System.Threading.Tasks.ValueTask> hook) { }
            }
        }
        """;

    private static void WithRuntime(CompilationBuilder builder) => builder.WithLambdaKitRuntime().WithSource(Hooks);

    [Fact]
    public async Task LK6005_unique_values_captured_in_initialisers_and_constructors()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed class Orders
            {
                private static readonly Guid s_instance = {|#0:Guid.NewGuid()|};
                private static readonly DateTime s_started = {|LK6005:DateTime.UtcNow|};
                private readonly Random _random = {|LK6005:new Random()|};
                private readonly Random _seeded = new Random(42);
                private readonly byte[] _key = {|LK6005:RandomNumberGenerator.GetBytes(32)|};
                private readonly Func<Guid> _later = () => Guid.NewGuid();

                public Orders(DbConnection connection)
                {
                    {|LK6005:connection.Open()|};
                }

                public Orders() : this(null!)
                {
                }

                [LambdaFunction(SnapStart = true)]
                public string Handle(string id) => id + Guid.NewGuid() + DateTime.UtcNow + _random.Next() + _seeded.Next() + _key.Length + s_instance + s_started + _later();
            }
            """,
            WithRuntime,
            Verify.Diagnostic("LK6005").WithLocation(0).WithMessage("'Guid.NewGuid()' runs during the init of 'Orders', whose function uses SnapStart: every execution environment restored from the snapshot gets the same GUID; renew it in an after-restore hook (LambdaSnapshot.RegisterAfterRestore) or create it per invocation"));
    }

    [Fact]
    public async Task An_after_restore_hook_anywhere_in_the_type_silences_it_with_either_API()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed class LambdaKitHook
            {
                private static Guid s_instance = Guid.NewGuid();

                static LambdaKitHook() => LambdaSnapshot.RegisterAfterRestore(() => { s_instance = Guid.NewGuid(); return default; });

                [LambdaFunction(SnapStart = true)]
                public static string Handle(string id) => id + s_instance;
            }

            public sealed class CoreHook
            {
                private Guid _instance = Guid.NewGuid();

                public CoreHook() => Amazon.Lambda.Core.SnapshotRestore.RegisterAfterRestore(Renew);

                private ValueTask Renew() { _instance = Guid.NewGuid(); return default; }

                [LambdaFunction(Name = "core", SnapStart = true)]
                public string Handle(string id) => id + _instance;
            }
            """,
            WithRuntime);
    }

    [Fact]
    public async Task Functions_without_SnapStart_are_not_reported_and_the_default_turns_it_on()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed class NoSnapStart
            {
                private static readonly Guid s_instance = Guid.NewGuid();

                [LambdaFunction]
                public static string Handle(string id) => id + s_instance;
            }

            public static class NotAFunction
            {
                public static readonly Guid Instance = Guid.NewGuid();
            }
            """,
            WithRuntime);

        await Verify.VerifyAsync(
            Usings + """
            [assembly: LambdaFunctionDefaults(SnapStart = true)]

            public sealed class FromDefaults
            {
                private static readonly DateTimeOffset s_started = {|LK6005:DateTimeOffset.Now|};

                [LambdaFunction]
                public static string Handle(string id) => id + s_started;
            }
            """,
            WithRuntime);
    }

    [Fact]
    public async Task SnapStart_set_only_in_a_configuration_file_is_not_this_rules_setting()
    {
        // LK6005 reads the attributes (LambdaKit's runtime hosts snapshots from them); a template is LK3012's input.
        const string Template = """
            { "Resources": { "Fn": { "Type": "AWS::Serverless::Function", "Properties": { "SnapStart": { "ApplyOn": "PublishedVersions" } } } } }
            """;
        await Verify.VerifyAsync(
            Usings + """
            public sealed class ConfiguredElsewhere
            {
                private readonly Random _random = new Random();

                [LambdaFunction]
                public int Handle(int max) => _random.Next(max);
            }
            """,
            builder => WithRuntime(builder.WithAdditionalFile("/project/serverless.template", Template)));
    }

    [Fact]
    public async Task SnapStart_from_the_assembly_defaults_in_another_file_is_read()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed class Elsewhere
            {
                private static readonly Guid s_instance = {|LK6005:Guid.NewGuid()|};

                [LambdaFunction]
                public static string Handle(string id) => id + s_instance;
            }
            """,
            builder => WithRuntime(builder.WithSource("[assembly: LambdaKit.LambdaFunctionDefaults(SnapStart = true)]", "/0/Defaults.cs")));
    }
}
