using System.Text;
using LambdaKit.Runtime.Protocol;

namespace LambdaKit.Runtime.Tests;

/// <summary>Runs the real bootstrap loop against a <see cref="ScriptedHttpServer"/> until a condition holds, capturing its log.</summary>
internal static class BootstrapRun
{
    public static readonly RuntimeApiRetryPolicy FastRetry = new(4, TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(10));

    /// <summary>
    /// Starts the loop with <paramref name="handler"/>, stops it once <paramref name="done"/> is true (or
    /// <paramref name="timeout"/> passed) and returns the exit code with the log's lines.
    /// </summary>
    public static async Task<(int ExitCode, string[] Log)> RunAsync(
        ScriptedHttpServer server, LambdaHandler handler, Func<bool> done, TimeSpan timeout, RuntimeApiRetryPolicy? retryPolicy = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { [LambdaEnvironmentVariables.RuntimeApi] = server.Address };
        var log = Stream.Synchronized(new MemoryStream());
        using var stop = new CancellationTokenSource();
        var options = new LambdaBootstrapOptions
        {
            EnvironmentVariables = variables,
            LogOutput = log,
            HandleTerminationSignal = false,
            RetryPolicy = retryPolicy ?? FastRetry,
        };
        var run = LambdaBootstrap.RunAsync(handler, options, stop.Token);
        var deadline = DateTime.UtcNow + timeout;
        while (!run.IsCompleted && !done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        await stop.CancelAsync();
        int exitCode;
        try
        {
            exitCode = await run.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            log.Position = 0;
            throw new TimeoutException("The runtime did not stop. Last requests: " + string.Join(" | ", server.RequestLines.TakeLast(6)) + ". Last log lines: " + string.Join(" | ", new StreamReader(log).ReadToEnd().Split('\n').TakeLast(6)));
        }

        log.Position = 0;
        string text = new StreamReader(log, Encoding.UTF8).ReadToEnd();
        return (exitCode, text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The log lines at WARN level or above: the runtime's fault reports.</summary>
    public static string[] Faults(string[] log) =>
        log.Where(line => line.Contains("\tWARN\t", StringComparison.Ordinal) || line.Contains("\tERROR\t", StringComparison.Ordinal) || line.Contains("\tFATAL\t", StringComparison.Ordinal)).ToArray();
}
