using LambdaKit.Testing;
using Microsoft.CodeAnalysis;

namespace LambdaKit.Generators.Tests.Handlers;

/// <summary>
/// The generated Amazon.Lambda.Core logger adapter against the 3.x stand-in, whose default members call each other (the
/// parameterized ones forward to themselves): every member, called through <c>ILambdaContext.Logger</c> as a handler
/// calls it, writes one record at its level with its message formatted as AWS's runtime formats it, and none recurses.
/// </summary>
public sealed class AmazonLoggerTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    private const string Boom = "System.InvalidOperationException: boom";

    /// <summary>Each call, the level it is written at and the lines it writes (an exception adds its own line).</summary>
    private static readonly (string Call, string Level, string[] Lines)[] Calls =
    [
        ("""Log("plain {0}")""", "INFO", ["plain {0}"]),
        ("""LogLine("line {0}")""", "INFO", ["line {0}"]),
        ("""Log("Warning", "level by name")""", "WARN", ["level by name"]),
        ("""Log(LogLevel.Error, "level by enum")""", "ERROR", ["level by enum"]),
        ("""LogTrace("t")""", "TRACE", ["t"]),
        ("""LogDebug("d")""", "DEBUG", ["d"]),
        ("""LogInformation("i")""", "INFO", ["i"]),
        ("""LogWarning("w")""", "WARN", ["w"]),
        ("""LogError("e")""", "ERROR", ["e"]),
        ("""LogCritical("c")""", "FATAL", ["c"]),
        ("""Log("debug", "by name {count}", 1)""", "DEBUG", ["by name 1"]),
        ("""Log("Error", ex, "by name {count} with exception", 2)""", "ERROR", ["by name 2 with exception", Boom]),
        ("""Log(LogLevel.Warning, "by enum {count}", 3)""", "WARN", ["by enum 3"]),
        ("""Log(LogLevel.Critical, ex, "by enum {count} with exception", 4)""", "FATAL", ["by enum 4 with exception", Boom]),
        ("""LogTrace("trace {0}", "x")""", "TRACE", ["trace x"]),
        ("""LogTrace(ex, "trace {0}", "y")""", "TRACE", ["trace y", Boom]),
        ("""LogDebug("debug {a} {b}", 1, 2)""", "DEBUG", ["debug 1 2"]),
        ("""LogDebug(ex, "debug {a}", 1)""", "DEBUG", ["debug 1", Boom]),
        ("""LogInformation("x {0}", "arg")""", "INFO", ["x arg"]),
        ("""LogInformation(ex, "info {0}", 5)""", "INFO", ["info 5", Boom]),
        ("""LogWarning("warn {1} {0}", "a", "b")""", "WARN", ["warn b a"]),
        ("""LogWarning(ex, "warn {0}", 6)""", "WARN", ["warn 6", Boom]),
        ("""LogError("error {id}", 7)""", "ERROR", ["error 7"]),
        ("""LogError(ex, "error {id}", 8)""", "ERROR", ["error 8", Boom]),
        ("""LogCritical("critical {id}", 9)""", "FATAL", ["critical 9"]),
        ("""LogCritical(ex, "critical {id}", 10)""", "FATAL", ["critical 10", Boom]),
    ];

    private static readonly Lazy<System.Reflection.Assembly> Function = new(() =>
    {
        var cases = string.Join("\n", Calls.Select((row, index) => $"            case {index}: log.{row.Call}; break;"));
        var source = $$"""
            using System;
            using Amazon.Lambda.Core;
            using LambdaKit;

            public static class Function
            {
                [LambdaFunction]
                public static string Handle(int call, ILambdaContext context)
                {
                    var log = context.Logger;
                    var ex = new InvalidOperationException("boom");
                    switch (call)
                    {
            {{cases}}
                    }

                    return "done";
                }
            }
            """;
        var result = HandlerTestHost.Run(HandlerTestHost.Builder(source, OutputKind.DynamicallyLinkedLibrary, amazon: true), withJsonGenerator: true);
        return HandlerTestHost.Load(result.Output);
    });

    [Fact]
    public async Task Every_member_writes_its_record_at_its_level_formatted_as_AWS_formats_it()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var options = new InProcessLambdaOptions();
        options.Environment["AWS_LAMBDA_LOG_LEVEL"] = "TRACE";
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(Function.Value), options);

        var index = 0;
        foreach (var (call, level, lines) in Calls)
        {
            var result = await emulator.InvokeAsync(index++.ToString(System.Globalization.CultureInfo.InvariantCulture)).WaitAsync(TestTimeout);

            Assert.True(result.IsSuccess, call + ": " + result.PayloadAsString);
            var written = function.LogLines.Where(line => line.Contains('\t' + result.RequestId + '\t', StringComparison.Ordinal)).ToArray();
            Assert.True(lines.Length == written.Length, call + " wrote:\n" + string.Join("\n", written));
            for (var i = 0; i < lines.Length; i++)
            {
                Assert.EndsWith('\t' + result.RequestId + '\t' + level + '\t' + lines[i], written[i], StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_level_below_the_minimum_is_not_written()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = InProcessLambda.Start(emulator, HandlerTestHost.Initializer(Function.Value));

        var trace = await emulator.InvokeAsync("14").WaitAsync(TestTimeout);
        var information = await emulator.InvokeAsync("18").WaitAsync(TestTimeout);

        Assert.True(trace.IsSuccess && information.IsSuccess);
        Assert.DoesNotContain(function.LogLines, line => line.Contains(trace.RequestId, StringComparison.Ordinal));
        Assert.Contains(function.LogLines, line => line.EndsWith('\t' + information.RequestId + "\tINFO\tx arg", StringComparison.Ordinal));
    }
}
