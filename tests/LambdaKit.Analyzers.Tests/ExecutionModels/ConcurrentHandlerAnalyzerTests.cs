using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.AnalyzerVerifier<LambdaKit.Analyzers.ExecutionModels.ConcurrentHandlerAnalyzer>;

namespace LambdaKit.Analyzers.Tests.ExecutionModels;

public class ConcurrentHandlerAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.IO;
        using System.Text;
        using System.Threading;
        using LambdaKit;

        """;

    private static void WithRuntime(CompilationBuilder builder) => builder.WithLambdaKitRuntime();

    [Fact]
    public async Task LK6001_fields_written_per_invocation_by_a_concurrent_handler()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed class Counter
            {
                private static int s_total;
                private int _last;
                private string? _name;

                public int Calls { get; private set; }

                [LambdaFunction(MaxConcurrency = 8)]
                public int Handle(int value)
                {
                    {|#0:s_total += 2|};
                    {|LK6001:_last = 3|};
                    {|LK6001:Calls++|};
                    {|LK6001:_name ??= "x"|};
                    Action later = () => {|LK6001:this._last = 4|};
                    return s_total;
                }
            }
            """,
            WithRuntime,
            Verify.Diagnostic("LK6001").WithLocation(0).WithMessage("Handler 'Handle' writes 'static s_total', which every concurrent invocation of the execution environment shares (MaxConcurrency = 8); keep per-invocation data in locals, or synchronise the write"));
    }

    [Fact]
    public async Task LK6002_shared_objects_that_are_not_thread_safe_once_per_field()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed class Cache
            {
                private static readonly Dictionary<string, string> s_cache = new();
                private readonly List<int> _seen = new();
                private readonly Random _random = new();
                private readonly StringBuilder _text = new();
                private readonly ConcurrentDictionary<string, string> _safe = new();
                private readonly object _gate = new();

                [LambdaFunction(MaxConcurrency = 4)]
                public string Handle(string key)
                {
                    var value = {|#0:s_cache|}.TryGetValue(key, out var hit) ? hit : "";
                    s_cache[key] = value;
                    {|LK6002:_seen|}.Add(1);
                    {|LK6002:_text|}.Append({|LK6002:_random|}.Next());
                    lock (_gate) { _seen.Add(2); }
                    return _safe.GetOrAdd(key, k => k) + Random.Shared.Next();
                }
            }
            """,
            WithRuntime,
            Verify.Diagnostic("LK6002").WithLocation(0).WithMessage("Handler 'Handle' uses 's_cache', a Dictionary shared by every concurrent invocation (MaxConcurrency = 4), and Dictionary is not thread-safe; use a thread-safe type, one instance per invocation, or a lock"));
    }

    [Fact]
    public async Task LK6003_fixed_file_names_under_tmp_and_LK6004_the_trace_id_from_the_environment()
    {
        await Verify.VerifyAsync(
            Usings + """
            public static class Files
            {
                private const string Scratch = "/tmp/scratch.bin";

                [LambdaFunction(MaxConcurrency = 2)]
                public static string Handle(string body, LambdaKit.Runtime.ILambdaContext context)
                {
                    File.WriteAllText({|#0:"/tmp/out.json"|}, body);
                    using var stream = new FileStream({|LK6003:Scratch|}, FileMode.Create);
                    var combined = {|#1:Path.Combine("/tmp", "data", "a.txt")|};
                    var unique = Path.Combine("/tmp", context.AwsRequestId + ".json");
                    File.WriteAllText(unique, body);
                    File.WriteAllText(Path.GetTempFileName(), body);
                    Console.WriteLine("/tmp/not-a-path-argument");
                    return {|#2:Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID")|} + combined + context.TraceId;
                }
            }
            """,
            WithRuntime,
            Verify.Diagnostic("LK6003").WithLocation(0).WithMessage("Handler 'Handle' uses the fixed path '/tmp/out.json': concurrent invocations of the execution environment (MaxConcurrency = 2) share /tmp and overwrite each other's file; add a unique part (the request id or Path.GetRandomFileName())"),
            Verify.Diagnostic("LK6003").WithLocation(1).WithArguments("Handle", "/tmp/data/a.txt", "2"),
            Verify.Diagnostic("LK6004").WithLocation(2).WithMessage("Handler 'Handle' reads _X_AMZN_TRACE_ID from the process environment, which holds no single invocation's trace id when invocations run concurrently (MaxConcurrency = 2); use the context's TraceId"));
    }

    [Fact]
    public async Task Handlers_without_concurrency_and_code_outside_handlers_are_not_reported()
    {
        await Verify.VerifyAsync(
            Usings + """
            [assembly: LambdaFunctionDefaults(MaxConcurrency = 1)]

            public sealed class Single
            {
                private static readonly Dictionary<string, string> s_cache = new();
                private int _calls;

                [LambdaFunction]
                public string OneAtATime(string key)
                {
                    _calls++;
                    File.WriteAllText("/tmp/out.json", key);
                    return s_cache[key] + Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID");
                }

                [LambdaFunction(MaxConcurrency = 16)]
                public int Concurrent(int value)
                {
                    var local = new Dictionary<int, int> { [value] = value };
                    Interlocked.Increment(ref _calls);
                    lock (s_cache) { _calls += 1; s_cache["last"] = "x"; }
                    return local[value] + Helper();
                }

                // Not a handler: only handler bodies are checked (helpers may run during init only).
                private int Helper() => _calls++ + s_cache.Count;
            }
            """,
            WithRuntime);
    }

    [Fact]
    public async Task Concurrency_from_the_assembly_defaults_applies_to_every_function()
    {
        await Verify.VerifyAsync(
            Usings + """
            [assembly: LambdaFunctionDefaults(MaxConcurrency = 32)]

            public sealed class Defaults
            {
                private int _calls;

                [LambdaFunction]
                public int Handle(int value) { {|LK6001:_calls += 1|}; return value; }

                [LambdaFunction(MaxConcurrency = 1)]
                public int OwnSetting(int value) => _calls = 1;
            }
            """,
            WithRuntime);
    }

    [Fact]
    public async Task Concurrency_from_the_assembly_defaults_in_another_file_applies_to_the_handlers_file()
    {
        // The handler's file never names MaxConcurrency: the rule's text pre-check must look at every file.
        await Verify.VerifyAsync(
            Usings + """
            public sealed class Elsewhere
            {
                private int _calls;

                [LambdaFunction]
                public int Handle(int value) { {|LK6001:_calls += 1|}; return value; }
            }
            """,
            builder => WithRuntime(builder.WithSource("[assembly: LambdaKit.LambdaFunctionDefaults(MaxConcurrency = 2)]", "/0/Defaults.cs")));
    }

    [Fact]
    public async Task A_setting_named_with_a_Unicode_escape_is_still_read()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed class Escaped
            {
                private int _calls;

                [LambdaFunction(Max\u0043oncurrency = 4)]
                public int Handle(int value) { {|LK6001:_calls += 1|}; return value; }
            }
            """,
            WithRuntime);
    }
}
