using System.Collections.Concurrent;
using LambdaKit;
using LambdaKit.Runtime;

namespace TestFunctions;

/// <summary>What one environment of <see cref="Snapshots"/> shows: its init's id, its restore's id, its hooks' runs.</summary>
public sealed record SnapshotView(Guid InitId, Guid RestoreId, int BeforeSnapshotRuns, int AfterRestoreRuns);

/// <summary>
/// A SnapStart function: the constructor (init) captures an id and registers the hooks; the after-restore hook renews
/// the other id, and fails on the restore that <see cref="FailingRestores"/> names for the snapshot's init id.
/// </summary>
public sealed class Snapshots
{
    private readonly Guid _initId = Guid.NewGuid();
    private Guid _restoreId;
    private int _beforeSnapshotRuns;
    private int _afterRestoreRuns;

    public Snapshots()
    {
        LambdaSnapshot.RegisterBeforeSnapshot(() =>
        {
            Interlocked.Increment(ref _beforeSnapshotRuns);
            return ValueTask.CompletedTask;
        });
        LambdaSnapshot.RegisterAfterRestore(() =>
        {
            int restore = Interlocked.Increment(ref _afterRestoreRuns);
            if (FailingRestores.TryGetValue(_initId, out var failing) && failing == restore)
            {
                throw new InvalidOperationException("restore refused");
            }

            _restoreId = Guid.NewGuid();
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>By init id, the restore (1 for the first) whose after-restore hook fails.</summary>
    public static ConcurrentDictionary<Guid, int> FailingRestores { get; } = new();

    [LambdaFunction(Name = "snapshot-view", SnapStart = true)]
    public SnapshotView View(string input) =>
        new(_initId, _restoreId, Volatile.Read(ref _beforeSnapshotRuns), Volatile.Read(ref _afterRestoreRuns));
}
