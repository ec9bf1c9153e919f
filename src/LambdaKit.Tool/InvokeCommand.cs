using System.Collections.Concurrent;
using System.Diagnostics;
using LambdaKit.Testing;

namespace LambdaKit.Tool;

/// <summary><c>lambdakit invoke</c>: runs a function and invokes it once per event, in order.</summary>
internal static class InvokeCommand
{
    /// <summary>Up to this many invocations, every response and log line is printed; beyond, a summary.</summary>
    public const int EachOutputLimit = 20;

    /// <summary>Log lines shown at the end of a summarised run that had errors.</summary>
    private const int LogTailLines = 20;

    private static readonly TimeSpan QuietOutput = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaximumDrain = TimeSpan.FromMilliseconds(500);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, Shutdown shutdown)
    {
        var eventValues = new List<string>();
        var count = 1;
        var settings = await CommandLine.ParseAsync("invoke", args, HelpText.Invoke, (option, reader) =>
        {
            switch (option)
            {
                case "--event":
                    eventValues.Add(reader.Value(option));
                    return true;
                case "--count":
                    count = reader.Number(option, 1, 10_000_000);
                    return true;
                default:
                    return false;
            }
        }).ConfigureAwait(false);
        if (settings is null)
        {
            return ExitCodes.Success;
        }

        var payloads = EventReader.ReadAll(eventValues, Console.In);
        if (payloads.Count == 0)
        {
            payloads.Add("{}"u8.ToArray());
        }

        var total = (long)payloads.Count * count;
        if (total > 10_000_000)
        {
            throw new UsageException($"--count: {total:N0} invocations is too many (at most 10,000,000)");
        }

        using var package = FunctionPackage.Open(settings);
        await FunctionHost.DescribeAsync(Console.Error, package, settings).ConfigureAwait(false);
        return await InvokeAsync(settings, package, payloads, count, (int)total, shutdown.Token).ConfigureAwait(false);
    }

    private static async Task<int> InvokeAsync(FunctionSettings settings, FunctionPackage package, List<byte[]> payloads, int count, int total, CancellationToken cancellationToken)
    {
        var each = total <= EachOutputLimit;
        var statistics = new RunStatistics();
        var reports = new ConcurrentDictionary<string, TaskCompletionSource>(StringComparer.Ordinal);
        await using var emulator = await FunctionHost.StartEmulatorAsync(settings, package.Name).ConfigureAwait(false);
        emulator.PlatformLogLineWritten += (_, line) =>
        {
            statistics.RecordPlatformLine(line);
            if (line.StartsWith("REPORT RequestId: ", StringComparison.Ordinal)
                && reports.TryRemove(line["REPORT RequestId: ".Length..].Split('\t')[0], out var seen))
            {
                seen.TrySetResult();
            }
        };
        var lastOutput = Stopwatch.GetTimestamp();
        await using var process = FunctionHost.StartProcess(emulator, package, (_, line) =>
        {
            Interlocked.Exchange(ref lastOutput, Stopwatch.GetTimestamp());
            if (each)
            {
                Console.Error.WriteLine(line.Text);
            }
        });

        var clock = Stopwatch.StartNew();
        var firstErrorShown = false;
        await using (var progress = each ? null : new ProgressReporter(statistics, total, Console.Error, !Console.IsErrorRedirected))
        {
            for (var round = 0; round < count; round++)
            {
                foreach (var payload in payloads)
                {
                    var requestId = Guid.NewGuid().ToString();
                    var report = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    reports[requestId] = report;
                    var result = await emulator.InvokeAsync(payload, new InvokeOptions { RequestId = requestId }, cancellationToken).ConfigureAwait(false);
                    statistics.RecordResult(result.IsSuccess ? null : result.Error?.ErrorType ?? result.FunctionError);
                    if (each)
                    {
                        // Print the response after the invocation's REPORT line, as Lambda's log shows it.
                        await Task.WhenAny(report.Task, Task.Delay(250, cancellationToken)).ConfigureAwait(false);
                        await Console.Out.WriteLineAsync(result.PayloadAsString).ConfigureAwait(false);
                    }
                    else if (!result.IsSuccess && !firstErrorShown)
                    {
                        firstErrorShown = true;
                        await Console.Error.WriteLineAsync($"lambdakit: first error, request {result.RequestId}:").ConfigureAwait(false);
                        await Console.Out.WriteLineAsync(result.PayloadAsString).ConfigureAwait(false);
                    }

                    reports.TryRemove(requestId, out _);
                }
            }
        }

        // The function's last lines come through a pipe: let them arrive before the summary and the cleanup.
        var drain = Stopwatch.StartNew();
        while (Stopwatch.GetElapsedTime(Interlocked.Read(ref lastOutput)) < QuietOutput && drain.Elapsed < MaximumDrain)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        if (!each && statistics.Errors > 0)
        {
            await Console.Error.WriteLineAsync($"lambdakit: the last {LogTailLines} lines of the function's log:").ConfigureAwait(false);
            foreach (var line in process.Output.TakeLast(LogTailLines))
            {
                await Console.Error.WriteLineAsync(line.Text).ConfigureAwait(false);
            }
        }

        if (total > 1)
        {
            await Console.Error.WriteLineAsync("lambdakit: " + statistics.Summary(clock.Elapsed)).ConfigureAwait(false);
        }

        return statistics.Errors > 0 ? ExitCodes.FunctionError : ExitCodes.Success;
    }
}
