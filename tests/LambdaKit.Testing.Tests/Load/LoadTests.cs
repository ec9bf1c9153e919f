using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace LambdaKit.Testing.Tests.Load;

/// <summary>
/// The load suite of docs/robustness.md: four execution environments (a <see cref="LambdaPool"/> of
/// <see cref="LambdaProcess"/>es running <see cref="LoadRuntime"/>) kept busy with a seeded mix of successful, failing,
/// timing-out and crashing invocations. A few seconds by default; <c>LAMBDAKIT_LOAD_SECONDS=60</c> for the long run.
/// It runs alone (<see cref="RunsAlone"/>): the heap it measures is the whole test process's.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class LoadTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>How many seconds the load runs; default <see cref="DefaultSeconds"/>.</summary>
    public const string SecondsVariable = "LAMBDAKIT_LOAD_SECONDS";

    private const int DefaultSeconds = 4;
    private const int Clients = 8;

    /// <summary>The managed heap may grow this much from the end of warm-up to the end of the run; see docs/robustness.md.</summary>
    private const long MemoryAllowanceBytes = 8 * 1024 * 1024;

    private readonly string deliveries = Path.Combine(Path.GetTempPath(), "lambdakit-load-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(deliveries);

    [Fact]
    public async Task Four_environments_under_mixed_load_give_every_invocation_exactly_one_outcome_with_flat_memory()
    {
        var duration = TimeSpan.FromSeconds(Seconds());
        var processOptions = LoadRuntime.Options();
        processOptions.Environment[LoadRuntime.DeliveriesVariable] = deliveries;
        await using var pool = await LambdaPool.StartAsync(
            new LambdaPoolOptions
            {
                Environments = 4,
                Function = new RuntimeApiEmulatorOptions { HistoryLimit = 100 },
            },
            emulator => LambdaProcess.Start(emulator, processOptions));

        var clock = Stopwatch.StartNew();
        var warmedUp = duration / 4;
        long heapAfterWarmUp = 0;
        var sampler = Task.Run(async () =>
        {
            await Task.Delay(warmedUp);
            heapAfterWarmUp = Heap();
        });
        var clients = await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(() => RunClientAsync(pool, client, clock, duration))));
        await sampler;
        long heapAtEnd = Heap();
        var elapsed = clock.Elapsed;

        var sent = clients.Sum(tally => tally.Sent);
        var byKind = Enum.GetValues<Kind>().ToDictionary(kind => kind, kind => clients.Sum(tally => tally.Outcomes[(int)kind]));
        var wrong = clients.SelectMany(tally => tally.Wrong).ToList();
        var lost = clients.Sum(tally => tally.Lost);
        var (deliveredTwice, neverDelivered) = CheckDeliveries(clients);
        output.WriteLine(
            $"{sent} invocations in {elapsed.TotalSeconds:0.0} s over 4 environments ({sent / elapsed.TotalSeconds:0.0}/s): " +
            string.Join(", ", byKind.Select(pair => $"{pair.Key} {pair.Value}")) +
            $"; outcomes lost {lost}, wrong {wrong.Count}, delivered twice {deliveredTwice}, never delivered {neverDelivered}; " +
            $"restarts {pool.Hosts.Cast<LambdaProcess>().Sum(process => process.Restarts)}; " +
            $"managed heap {Megabytes(heapAfterWarmUp)} MB after warm-up, {Megabytes(heapAtEnd)} MB at the end; " +
            $"working set {Megabytes(Environment.WorkingSet)} MB");

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(0, lost);
        Assert.Equal(0, deliveredTwice);
        Assert.Equal(0, neverDelivered);
        Assert.Equal(sent, byKind.Values.Sum());
        Assert.All(byKind, pair => Assert.True(pair.Value > 0, $"no {pair.Key} invocation completed"));
        Assert.True(
            heapAtEnd - heapAfterWarmUp < MemoryAllowanceBytes,
            $"the managed heap grew from {Megabytes(heapAfterWarmUp)} MB to {Megabytes(heapAtEnd)} MB");
    }

    /// <summary>One client: invocations one after another until the time is up, each checked as soon as it completes.</summary>
    private static async Task<Tally> RunClientAsync(LambdaPool pool, int client, Stopwatch clock, TimeSpan duration)
    {
        var random = new Random(client);
        var tally = new Tally();
        for (var sequence = 0; clock.Elapsed < duration; sequence++)
        {
            // The first invocations of the first four clients are one of each kind, so even a short run has them all.
            var kind = sequence == 0 && client < 4 ? (Kind)client : Pick(random);
            var requestId = RequestId(client, sequence);
            var payload = $"{{\"kind\":\"{kind.ToString().ToLowerInvariant()}\",\"id\":\"{requestId}\"}}";
            tally.Sent++;
            InvocationResult result;
            try
            {
                // Only the timing-out kind has a short timeout: on a loaded machine a second is not always enough for curl.
                var timeout = kind == Kind.Timeout ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(20);
                result = await pool.InvokeAsync(payload, new InvokeOptions { RequestId = requestId, Timeout = timeout }, FakeRuntime.Deadline());
            }
            catch (OperationCanceledException)
            {
                tally.Lost++;
                continue;
            }

            if (Judge(kind, requestId, payload, result) is { } problem)
            {
                tally.Wrong.Add($"{requestId} ({kind}): {problem}");
                continue;
            }

            tally.Outcomes[(int)kind]++;
        }

        return tally;
    }

    /// <summary>Why <paramref name="result"/> is not the one outcome an invocation of <paramref name="kind"/> has, or null.</summary>
    private static string? Judge(Kind kind, string requestId, string payload, InvocationResult result)
    {
        if (result.RequestId != requestId)
        {
            return "answered as " + result.RequestId;
        }

        var (expectedType, expectedMessage) = kind switch
        {
            Kind.Error => (LoadRuntime.ErrorType, payload),
            Kind.Timeout => ("Sandbox.Timedout", $"RequestId: {requestId} Error: Task timed out after 1.00 seconds"),
            Kind.Crash => ("Runtime.ExitError", $"RequestId: {requestId} Error: Runtime exited with error: signal: killed"),
            _ => (null, null),
        };
        if (expectedType is null)
        {
            return result.IsSuccess && result.PayloadAsString == payload ? null : $"expected the event back, got {result.StatusCode} {result.PayloadAsString}";
        }

        return result.Error?.ErrorType == expectedType && result.Error.ErrorMessage == expectedMessage
            ? null
            : $"expected {expectedType} '{expectedMessage}', got {result.StatusCode} {result.PayloadAsString}";
    }

    /// <summary>
    /// Reads the ids the runtimes wrote as they took each invocation from <c>/next</c>: each sent id must be there once.
    /// Ids encode their client and sequence number, so nothing but the counts is kept during the run.
    /// </summary>
    private (int DeliveredTwice, int NeverDelivered) CheckDeliveries(Tally[] clients)
    {
        var seen = clients.Select(tally => new int[tally.Sent]).ToArray();
        foreach (var line in File.ReadLines(deliveries))
        {
            var (client, sequence) = Parse(line);
            seen[client][sequence]++;
        }

        var counts = seen.SelectMany(perClient => perClient).ToList();
        return (counts.Count(count => count > 1), counts.Count(count => count == 0));
    }

    private static Kind Pick(Random random) => random.Next(100) switch
    {
        < 70 => Kind.Success,
        < 85 => Kind.Error,
        < 95 => Kind.Crash,
        _ => Kind.Timeout,
    };

    private static string RequestId(int client, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-{client:x4}-{sequence:x12}");

    private static (int Client, int Sequence) Parse(string requestId) =>
        (int.Parse(requestId.AsSpan(19, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
         int.Parse(requestId.AsSpan(24, 12), NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    private static int Seconds() =>
        int.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : DefaultSeconds;

    private static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture);

    private enum Kind
    {
        Success,
        Error,
        Crash,
        Timeout,
    }

    private sealed class Tally
    {
        public int Sent { get; set; }

        public int Lost { get; set; }

        public int[] Outcomes { get; } = new int[4];

        public List<string> Wrong { get; } = new();
    }
}

/// <summary>The load suite's test collection: run after the parallel tests, with nothing beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Load";
}
