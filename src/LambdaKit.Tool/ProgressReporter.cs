using System.Diagnostics;
using System.Globalization;

namespace LambdaKit.Tool;

/// <summary>
/// Progress of a long run on standard error: a live count and rate rewritten in place on a terminal, a plain line
/// every few seconds otherwise (logs, CI).
/// </summary>
internal sealed class ProgressReporter : IAsyncDisposable
{
    private static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private readonly RunStatistics statistics;
    private readonly int total;
    private readonly TextWriter error;
    private readonly bool terminal;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public ProgressReporter(RunStatistics statistics, int total, TextWriter error, bool terminal)
    {
        this.statistics = statistics;
        this.total = total;
        this.error = error;
        this.terminal = terminal;
        loop = RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        if (terminal)
        {
            // Clear the live line before the summary.
            await error.WriteAsync("\r\u001b[K").ConfigureAwait(false);
        }

        stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(terminal ? TerminalInterval : PlainInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                var line = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{statistics.Completed}/{total} invocations, {statistics.Errors} errors, {statistics.Rate(clock.Elapsed):F0} per second");
                await error.WriteAsync(terminal ? "\r\u001b[K" + line : "progress: " + line + Environment.NewLine).ConfigureAwait(false);
                await error.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
