using LambdaKit.Analyzers.Hazards;
using LambdaKit.Analyzers.Tests.RoslynTestKit;
using LambdaKit.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Verify = LambdaKit.Analyzers.Tests.RoslynTestKit.CodeFixVerifier<LambdaKit.Analyzers.Hazards.AsyncWithoutAwaitAnalyzer, LambdaKit.CodeFixes.RemoveAsyncCodeFix>;

namespace LambdaKit.Analyzers.Tests.Hazards;

/// <summary>LK2010: an async handler without an await of its own, and the fix that removes async.</summary>
public class AsyncWithoutAwaitTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using LambdaKit;

        """;

    private static void WithRuntime(CompilationBuilder builder) => builder.WithLambdaKitRuntime();

    [Fact]
    public async Task LK2010_fires_on_handlers_whose_only_awaits_are_in_nested_functions_and_not_on_awaiting_ones()
    {
        await AnalyzerVerifier<AsyncWithoutAwaitAnalyzer>.VerifyAsync(
            Usings + """
            public static class Functions
            {
                [LambdaFunction]
                public static {|#0:async|} Task<int> Count(string text) => text.Length;

                [LambdaFunction(Name = "nested")]
                public static {|LK2010:async|} Task<Func<Task>> Nested(string text)
                {
                    Func<Task> later = async () => await Task.Delay(1);
                    return later;
                    async Task Local() => await Task.Yield();
                }

                [LambdaFunction(Name = "value")]
                public static {|LK2010:async|} ValueTask<int> Value(string text) => text.Length;

                [LambdaFunction(Name = "awaits")]
                public static async Task<int> Awaits(string text) => await Task.FromResult(text.Length);

                [LambdaFunction(Name = "foreach")]
                public static async Task<int> ForEach(IAsyncEnumerable<int> items)
                {
                    var sum = 0;
                    await foreach (var item in items) sum += item;
                    return sum;
                }

                [LambdaFunction(Name = "using")]
                public static async Task Using(string text)
                {
                    await using var resource = new Resource();
                }

                [LambdaFunction(Name = "sync")]
                public static Task<int> Sync(string text) => Task.FromResult(text.Length);

                public static async Task<int> NotAHandler(string text) => text.Length;
            }

            public sealed class Resource : IAsyncDisposable
            {
                public ValueTask DisposeAsync() => default;
            }
            """,
            WithRuntime,
            AnalyzerVerifier<AsyncWithoutAwaitAnalyzer>.Diagnostic("LK2010").WithLocation(0).WithMessage("Handler 'Count' is async but never awaits: every invocation runs a compiler-built state machine for nothing, and the cold start JIT-compiles it; remove 'async' and return the value with Task.FromResult (or Task.CompletedTask)"));
    }

    [Fact]
    public async Task The_fix_wraps_every_own_return_and_leaves_returns_of_nested_functions()
    {
        await Verify.VerifyAsync(
            Usings + """
            public sealed class Orders
            {
                [LambdaFunction]
                public {|LK2010:async|} Task<string?> Find(string id)
                {
                    Func<int, int> twice = x => { return x * 2; };
                    if (id.Length == 0) return null;
                    if (id == "x") return id;
                    return twice(id.Length).ToString();
                }

                [LambdaFunction(Name = "log")]
                public {|LK2010:async|} Task Log(string id)
                {
                    if (id.Length == 0) return;
                    Console.WriteLine(id);
                }

                [LambdaFunction(Name = "print")]
                public static {|LK2010:async|} Task Print(string id) => Console.WriteLine(id);

                [LambdaFunction(Name = "length")]
                public static {|LK2010:async|} Task<long> Length(string id) => id.Length;
            }
            """,
            Usings + """
            public sealed class Orders
            {
                [LambdaFunction]
                public Task<string?> Find(string id)
                {
                    Func<int, int> twice = x => { return x * 2; };
                    if (id.Length == 0) return Task.FromResult<string?>(null);
                    if (id == "x") return Task.FromResult<string?>(id);
                    return Task.FromResult<string?>(twice(id.Length).ToString());
                }

                [LambdaFunction(Name = "log")]
                public Task Log(string id)
                {
                    if (id.Length == 0) return Task.CompletedTask;
                    Console.WriteLine(id);
                    return Task.CompletedTask;
                }

                [LambdaFunction(Name = "print")]
                public static Task Print(string id)
                {
                    Console.WriteLine(id);
                    return Task.CompletedTask;
                }

                [LambdaFunction(Name = "length")]
                public static Task<long> Length(string id) => Task.FromResult<long>(id.Length);
            }
            """,
            WithRuntime);
    }

    [Fact]
    public async Task No_fix_where_it_is_not_mechanical()
    {
        // A throw would leave the method synchronously instead of faulting the task; a ValueTask handler is left alone.
        const string Source = Usings + """
            public static class Functions
            {
                [LambdaFunction]
                public static {|LK2010:async|} Task<int> Parse(string text) => text.Length > 0 ? text.Length : throw new ArgumentException("empty");

                [LambdaFunction(Name = "value")]
                public static {|LK2010:async|} ValueTask<int> Value(string text) => text.Length;
            }
            """;
        await Verify.VerifyAsync(Source, Source, WithRuntime);
    }
}
