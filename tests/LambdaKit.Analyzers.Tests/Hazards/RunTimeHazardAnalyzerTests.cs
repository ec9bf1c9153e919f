using LambdaKit.Analyzers.Hazards;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using Microsoft.CodeAnalysis.Testing;

namespace LambdaKit.Analyzers.Tests.Hazards;

/// <summary>LK2002-LK2005: blocking in init, work left running, ending the process, writing outside /tmp.</summary>
public class RunTimeHazardAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Threading.Tasks;
        using LambdaKit;

        """;

    private static void WithRuntime(CompilationBuilder builder) => builder.WithLambdaKitRuntime();

    [Fact]
    public async Task LK2002_blocking_in_static_and_instance_initialisers_and_constructors_of_function_types()
    {
        await AnalyzerVerifier<InitBlockingAnalyzer>.VerifyAsync(
            Usings + """
            public sealed class Orders
            {
                private static readonly string Config = {|#0:LoadAsync().Result|};
                private readonly int _count = {|LK2002:CountAsync().GetAwaiter().GetResult()|};
                private static readonly Lazy<string> Later = new(() => LoadAsync().Result);

                static Orders() => {|LK2002:WarmAsync().Wait()|};

                public Orders()
                {
                    {|LK2002:new ValueTask<int>(CountAsync()).Result|}.ToString();
                }

                [LambdaFunction] public string Handle(string id) => id + Config + _count + Later.Value + LoadAsync().Result;

                private static Task<string> LoadAsync() => Task.FromResult("");
                private static Task<int> CountAsync() => Task.FromResult(1);
                private static Task WarmAsync() => Task.CompletedTask;
            }

            public sealed class NotAFunction
            {
                private static readonly string Config = Task.FromResult("").Result;
            }
            """,
            WithRuntime,
            AnalyzerVerifier<InitBlockingAnalyzer>.Diagnostic("LK2002").WithLocation(0).WithMessage("'.Result' blocks on a task while 'Orders' initialises; Lambda caps init at 10 seconds and the blocked thread does nothing meanwhile: await the work in the handler on first use (for example a static Lazy<Task<T>>)"));
    }

    [Fact]
    public async Task LK2003_discarded_tasks_unawaited_calls_outside_async_code_and_async_void_lambdas()
    {
        await AnalyzerVerifier<LeftoverWorkAnalyzer>.VerifyAsync(
            Usings + """
            public static class Functions
            {
                [LambdaFunction]
                public static async Task<int> Handle(int[] ids)
                {
                    {|#0:_ = Task.Run(() => Audit())|};
                    Array.ForEach(ids, {|LK2003:async id => await SendAsync(id)|});
                    Func<Task> later = () => { {|LK2003:SendAsync(0)|}; return Task.CompletedTask; };
                    await SendAsync(1);
                    await later();
                    var kept = SendAsync(2);
                    await kept;
                    return ids.Length;
                }

                [LambdaFunction(Name = "sync")]
                public static void Sync() => {|LK2003:SendAsync(3)|};

                public static void NotAHandler() => _ = SendAsync(4);

                private static void Audit() { }
                private static Task SendAsync(int id) => Task.CompletedTask;
            }
            """,
            WithRuntime,
            AnalyzerVerifier<LeftoverWorkAnalyzer>.Diagnostic("LK2003").WithLocation(0).WithMessage("The task discarded with '_ =' is not awaited in handler 'Handle'; Lambda freezes the execution environment once the handler returns, so the work stops mid-way or resumes during a later invocation: await it (or Task.WhenAll) before returning"));
    }

    [Fact]
    public async Task LK2003_WhenAny_whose_losing_work_is_neither_awaited_nor_cancelled()
    {
        await AnalyzerVerifier<LeftoverWorkAnalyzer>.VerifyAsync(
            Usings + """
            using System.Threading;

            public static class Functions
            {
                [LambdaFunction]
                public static async Task<string> Race(string id)
                {
                    var primary = FetchAsync(id);
                    var replica = FetchAsync(id + "-replica");
                    var first = await {|#0:Task.WhenAny(primary, replica)|};
                    return await first;
                }

                [LambdaFunction(Name = "timeout")]
                public static async Task<string> Timeout(string id)
                {
                    var work = FetchAsync(id);
                    if (await {|LK2003:Task.WhenAny(work, Task.Delay(1000))|} != work) return "late";
                    return "done";
                }

                [LambdaFunction(Name = "inline")]
                public static async Task Inline(string id) => await {|LK2003:Task.WhenAny(Task.Run(() => FetchAsync(id)), Task.Delay(100))|};

                [LambdaFunction(Name = "awaited")]
                public static async Task<string> AwaitedLater(string id)
                {
                    var primary = FetchAsync(id);
                    var replica = FetchAsync(id + "-replica");
                    var first = await Task.WhenAny(primary, replica);
                    await Task.WhenAll(primary, replica);
                    return await first;
                }

                [LambdaFunction(Name = "cancelled")]
                public static async Task<string> Cancelled(string id)
                {
                    using var cts = new CancellationTokenSource();
                    var primary = FetchAsync(id, cts.Token);
                    var replica = FetchAsync(id + "-replica", cts.Token);
                    var first = await Task.WhenAny(primary, replica);
                    cts.Cancel();
                    return await first;
                }

                [LambdaFunction(Name = "deadline")]
                public static async Task<string> Deadline(string id)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    var work = FetchAsync(id, cts.Token);
                    return await Task.WhenAny(work, Task.Delay(1000)) == work ? await work : "late";
                }

                [LambdaFunction(Name = "completion")]
                public static async Task<int> AsTheyComplete(string[] ids)
                {
                    var pending = new System.Collections.Generic.List<Task<string>>();
                    foreach (var id in ids) pending.Add(FetchAsync(id));
                    var total = 0;
                    while (pending.Count > 0)
                    {
                        var done = await Task.WhenAny(pending);
                        pending.Remove(done);
                        total += (await done).Length;
                    }

                    return total;
                }

                public static async Task NotAHandler(string id) => await Task.WhenAny(FetchAsync(id), Task.Delay(1));

                private static Task<string> FetchAsync(string id, CancellationToken token = default) => Task.FromResult(id);
            }
            """,
            WithRuntime,
            AnalyzerVerifier<LeftoverWorkAnalyzer>.Diagnostic("LK2003").WithLocation(0).WithMessage("The losing task of 'Task.WhenAny' is not awaited in handler 'Race'; Lambda freezes the execution environment once the handler returns, so the work stops mid-way or resumes during a later invocation: await it (or Task.WhenAll) before returning"));
    }

    [Fact]
    public async Task LK2004_ending_the_process_in_a_handler()
    {
        await AnalyzerVerifier<ProcessExitAnalyzer>.VerifyAsync(
            Usings + """
            public static class Functions
            {
                [LambdaFunction]
                public static void Handle(string input)
                {
                    if (input.Length == 0) {|#0:Environment.Exit(1)|};
                    if (input == "x") {|LK2004:Environment.FailFast("x")|};
                    if (input == "k") {|LK2004:System.Diagnostics.Process.GetCurrentProcess().Kill()|};
                }

                public static void Shutdown() => Environment.Exit(0);
            }
            """,
            WithRuntime,
            AnalyzerVerifier<ProcessExitAnalyzer>.Diagnostic("LK2004").WithLocation(0).WithMessage("Handler 'Handle' calls 'Environment.Exit', which ends the process: the invocation fails with Runtime.ExitError and the next one pays a cold start; throw an exception instead"));
    }

    [Fact]
    public async Task LK2005_constant_paths_outside_tmp_in_function_types()
    {
        await AnalyzerVerifier<FileWriteAnalyzer>.VerifyAsync(
            Usings + """
            public sealed class Reports
            {
                public Reports() => Directory.CreateDirectory({|LK2005:"/var/data"|});

                [LambdaFunction]
                public async Task Handle(string id)
                {
                    File.WriteAllText({|#0:"/var/task/out.json"|}, id);
                    await File.AppendAllTextAsync({|LK2005:Path.Combine("logs", id + ".log")|}, id);
                    using var stream = new FileStream({|LK2005:"cache.bin"|}, FileMode.Create);
                    File.Copy("/tmp/a", {|LK2005:"/opt/b"|});

                    File.WriteAllText("/tmp/out.json", id);
                    File.WriteAllText(Path.Combine(Path.GetTempPath(), id), id);
                    File.WriteAllText(Path.Combine("/tmp", "x", id), id);
                    File.WriteAllText("/mnt/efs/" + "shared.txt", id);
                    Directory.CreateDirectory("/tmp");
                    using var read = new FileStream("/var/task/data.bin", FileMode.Open, FileAccess.Read);
                    File.ReadAllText("/var/task/config.json");
                    File.WriteAllText(id, id);
                }
            }

            public static class NotAFunction
            {
                public static void Save() => File.WriteAllText("/var/data/x", "");
            }
            """,
            WithRuntime,
            AnalyzerVerifier<FileWriteAnalyzer>.Diagnostic("LK2005").WithLocation(0).WithMessage("'File.WriteAllText' writes to '/var/task/out.json', outside /tmp: Lambda's file system is read-only except /tmp, so this throws at run time; write under Path.GetTempPath() instead"));
    }

    [Fact]
    public async Task LK2007_input_kept_in_static_or_own_fields()
    {
        await AnalyzerVerifier<InputInFieldAnalyzer>.VerifyAsync(
            Usings + """
            public sealed record Request(string User, int Count);

            public sealed class Orders
            {
                private static string? s_lastUser;
                private int _total;
                private static readonly System.Collections.Generic.List<string> Seen = new();

                public static int Calls { get; private set; }

                [LambdaFunction]
                public string Handle(Request request)
                {
                    {|#0:s_lastUser = request.User|};
                    {|LK2007:_total += request.Count|};
                    Func<int> later = () => {|LK2007:this._total = request.Count * 2|};
                    Seen.Add(request.User);
                    Calls++;
                    var result = new Result();
                    result.Text = request.User;
                    _total = 0;
                    return result.Text + later();
                }

                public void NotAHandler(Request request) => s_lastUser = request.User;
            }

            public sealed class Result
            {
                public string? Text { get; set; }
            }
            """,
            WithRuntime,
            AnalyzerVerifier<InputInFieldAnalyzer>.Diagnostic("LK2007").WithLocation(0).WithMessage("Handler 'Handle' stores its input 'request' in the field 'static s_lastUser', which outlives the invocation: the next invocations (concurrent ones under Managed Instances) see it; keep per-invocation data in locals"));
    }

    [Fact]
    public async Task LK2009_an_invoke_request_for_the_own_function()
    {
        await AnalyzerVerifier<SelfInvokeAnalyzer>.VerifyAsync(
            Usings + """
            using Amazon.Lambda.Model;
            using LambdaKit.Runtime;

            public static class Functions
            {
                [LambdaFunction]
                public static object Handle(string input, ILambdaContext context)
                {
                    var again = new InvokeRequest { FunctionName = {|#0:Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME")|}, Payload = input };
                    var request = new InvokeRequest();
                    request.FunctionName = {|LK2009:context.FunctionName|};
                    var other = new InvokeRequest { FunctionName = "orders-archive" };
                    var region = new InvokeRequest { FunctionName = Environment.GetEnvironmentVariable("TARGET_FUNCTION") };
                    return new[] { again, request, other, region };
                }
            }

            namespace Amazon.Lambda.Model
            {
                public sealed class InvokeRequest
                {
                    public string? FunctionName { get; set; }
                    public string? Payload { get; set; }
                }
            }
            """,
            WithRuntime,
            AnalyzerVerifier<SelfInvokeAnalyzer>.Diagnostic("LK2009").WithLocation(0).WithMessage("Handler 'Handle' invokes its own function (AWS_LAMBDA_FUNCTION_NAME): every invocation can start another, a loop that runs up cost and concurrency until something stops it; pass the work to another function or a queue"));
    }

    [Fact]
    public async Task Nothing_is_reported_without_LambdaKit()
    {
        await AnalyzerVerifier<FileWriteAnalyzer>.VerifyAsync("public static class A { public static void B() => System.IO.File.WriteAllText(\"/var/x\", \"\"); }");
        await AnalyzerVerifier<ProcessExitAnalyzer>.VerifyAsync("public static class A { public static void B() => System.Environment.Exit(1); }");
    }
}
