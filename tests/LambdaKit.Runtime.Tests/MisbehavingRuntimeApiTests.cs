using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using LambdaKit.Runtime.Protocol;
using Xunit.Abstractions;

namespace LambdaKit.Runtime.Tests;

/// <summary>
/// The robustness suite of docs/robustness.md: the real bootstrap loop against <see cref="MisbehavingRuntimeApi"/>.
/// The default run is a few seconds; <c>LAMBDAKIT_ROBUSTNESS_LONG=1</c> runs many more seeds and invocations.
/// </summary>
public sealed class MisbehavingRuntimeApiTests(ITestOutputHelper output)
{
    /// <summary>Set to <c>1</c> for the long run.</summary>
    public const string LongRunVariable = "LAMBDAKIT_ROBUSTNESS_LONG";

    private static bool LongRun => Environment.GetEnvironmentVariable(LongRunVariable) == "1";

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        foreach (int seed in LongRun ? Enumerable.Range(1, 20) : [1, 2])
        {
            seeds.Add(seed);
        }

        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task The_runtime_never_crashes_never_answers_a_wrong_id_and_logs_one_line_per_fault(int seed)
    {
        var api = new MisbehavingRuntimeApi(seed, LongRun ? 2_000 : 150);
        await using var server = new ScriptedHttpServer(api.RespondAsync);
        var clock = Stopwatch.StartNew();

        var (exitCode, log) = await BootstrapRun.RunAsync(
            server,
            Handle,
            () => api.Done,
            TimeSpan.FromMinutes(LongRun ? 10 : 1),
            MisbehavingRuntimeApi.RetryPolicy,
            new Dictionary<string, string> { [LambdaEnvironmentVariables.LogFormat] = "JSON" });

        string[] faultLines = log.Where(IsRuntimeFault).ToArray();
        output.WriteLine(
            $"seed {seed}: {api.IssuedCount} invocations, {api.Faults.Values.Sum()} faults ({string.Join(", ", api.Faults.Select(f => $"{f.Key} {f.Value}"))}), " +
            $"{faultLines.Length} fault lines, {server.Requests.Count} requests, lost {api.Lost}, violations {api.Violations.Count}, {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Empty(api.Violations);
        Assert.Equal(LambdaBootstrap.ExitCodeStopped, exitCode);
        Assert.True(api.Done, $"not every invocation was issued and answered: {api.IssuedCount} of {api.Invocations} issued, {api.Lost} delivered but never answered");
        Assert.Equal(0, api.Lost);
        Assert.True(api.ExpectedFaultLines == faultLines.Length, $"{api.ExpectedFaultLines} faults, {faultLines.Length} lines:\n{string.Join('\n', faultLines)}");
    }

    /// <summary>Echoes the payload; fails on payloads marked <c>"fail":true</c>, so error posts are exercised too.</summary>
    private static ValueTask Handle(ReadOnlyMemory<byte> payload, ILambdaContext context, IBufferWriter<byte> response)
    {
        if (payload.Span.IndexOf("\"fail\":true"u8) >= 0)
        {
            throw new InvalidOperationException("the handler failed as asked");
        }

        response.Write(payload.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>A JSON log record at WARN or above written by the runtime (not the handler's own failure report).</summary>
    private static bool IsRuntimeFault(string line)
    {
        using var record = JsonDocument.Parse(line);
        string level = record.RootElement.GetProperty("level").GetString()!;
        string message = record.RootElement.GetProperty("message").GetString()!;
        return level is "WARN" or "ERROR" or "FATAL" && !message.StartsWith("The handler threw", StringComparison.Ordinal);
    }
}
