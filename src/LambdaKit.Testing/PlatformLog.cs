using System.Globalization;

namespace LambdaKit.Testing;

/// <summary>
/// The <c>START</c>, <c>END</c> and <c>REPORT</c> lines Lambda writes around each invocation. Lines are appended
/// under the dispatcher's lock, so they are in invocation order, and raised to listeners later, outside that lock,
/// so a listener may call back into the emulator.
/// </summary>
internal sealed class PlatformLog
{
    private readonly object gate = new();
    private readonly object publishGate = new();
    private readonly Queue<string> lines = new();
    private readonly Queue<string> unpublished = new();
    private readonly string functionVersion;
    private readonly int memorySizeMb;
    private readonly int historyLimit;

    public PlatformLog(string functionVersion, int memorySizeMb, int historyLimit)
    {
        this.historyLimit = historyLimit;
        this.functionVersion = functionVersion;
        this.memorySizeMb = memorySizeMb;
    }

    public event EventHandler<string>? LineWritten;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (gate)
            {
                return lines.ToArray();
            }
        }
    }

    public void WriteStart(string requestId) =>
        Append($"START RequestId: {requestId} Version: {functionVersion}");

    public void WriteEnd(string requestId) =>
        Append($"END RequestId: {requestId}");

    /// <summary>
    /// Writes the REPORT line. Billed Duration is the printed Duration rounded up to a whole millisecond, so the
    /// two numbers on the line always agree.
    /// </summary>
    public void WriteReport(string requestId, TimeSpan duration, int maxMemoryUsedMb, TimeSpan? initDuration, TimeSpan? restoreDuration = null)
    {
        var shownDuration = Milliseconds(duration);
        var billed = Math.Ceiling(double.Parse(shownDuration, CultureInfo.InvariantCulture));
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"REPORT RequestId: {requestId}\tDuration: {shownDuration} ms\tBilled Duration: {billed} ms\tMemory Size: {memorySizeMb} MB\tMax Memory Used: {maxMemoryUsedMb} MB");
        if (initDuration is { } init)
        {
            line += $"\tInit Duration: {Milliseconds(init)} ms";
        }

        if (restoreDuration is { } restore)
        {
            // A restored environment's init ran before the snapshot: its REPORT shows the restore instead.
            var shownRestore = Milliseconds(restore);
            line += $"\tRestore Duration: {shownRestore} ms\tBilled Restore Duration: {Math.Ceiling(double.Parse(shownRestore, CultureInfo.InvariantCulture))} ms";
        }

        Append(line);
    }

    /// <summary>Lambda's line for an init phase that did not end normally, e.g. <c>Phase: init\tStatus: timeout</c>.</summary>
    public void WriteInitReport(TimeSpan duration, string phase, string status) =>
        Append($"INIT_REPORT Init Duration: {Milliseconds(duration)} ms\tPhase: {phase}\tStatus: {status}");

    /// <summary>Raises <see cref="LineWritten"/> for every line not raised yet, in order; call without other locks held.</summary>
    public void Publish()
    {
        lock (publishGate)
        {
            while (TryTakeUnpublished(out var line))
            {
                LineWritten?.Invoke(this, line);
            }
        }
    }

    private static string Milliseconds(TimeSpan value) =>
        value.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture);

    private void Append(string line)
    {
        lock (gate)
        {
            lines.Enqueue(line);
            if (lines.Count > historyLimit)
            {
                lines.Dequeue();
            }

            unpublished.Enqueue(line);
        }
    }

    private bool TryTakeUnpublished(out string line)
    {
        lock (gate)
        {
            return unpublished.TryDequeue(out line!);
        }
    }
}
