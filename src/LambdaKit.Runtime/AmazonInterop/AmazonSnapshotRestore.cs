using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace LambdaKit.Runtime.AmazonInterop;

/// <summary>
/// Runs the hooks registered with Amazon.Lambda.Core's <c>SnapshotRestore.RegisterBeforeSnapshot</c> and
/// <c>RegisterAfterRestore</c> as LambdaKit's own (<see cref="LambdaSnapshot"/>), as AWS's runtime does: by emptying
/// the private static queues those methods fill (<c>BeforeSnapshotRegistry</c>, <c>AfterRestoreRegistry</c>). The
/// generated init calls <see cref="Attach"/> when the function references Amazon.Lambda.Core; the queues are read when
/// the SnapStart phase starts, after init registered its hooks. A field that is missing or of another type (another
/// Core version) is left alone.
/// </summary>
public static class AmazonSnapshotRestore
{
    private const BindingFlags PrivateStatic = BindingFlags.NonPublic | BindingFlags.Static;
    private static FieldInfo? s_beforeSnapshot;
    private static FieldInfo? s_afterRestore;

    /// <summary>Remembers <paramref name="snapshotRestoreType"/>'s hook queues; returns how many of the two it found.</summary>
    /// <param name="snapshotRestoreType"><c>typeof(Amazon.Lambda.Core.SnapshotRestore)</c>.</param>
    public static int Attach([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicFields)] Type snapshotRestoreType)
    {
        ArgumentNullException.ThrowIfNull(snapshotRestoreType);
        s_beforeSnapshot = Queue(snapshotRestoreType.GetField("BeforeSnapshotRegistry", PrivateStatic));
        s_afterRestore = Queue(snapshotRestoreType.GetField("AfterRestoreRegistry", PrivateStatic));
        return (s_beforeSnapshot is null ? 0 : 1) + (s_afterRestore is null ? 0 : 1);
    }

    /// <summary>Moves the hooks Amazon's queues hold into <see cref="LambdaSnapshot"/>, keeping their order.</summary>
    internal static void ImportHooks()
    {
        if (s_beforeSnapshot?.GetValue(null) is ConcurrentQueue<Func<ValueTask>> before)
        {
            while (before.TryDequeue(out var hook))
            {
                LambdaSnapshot.RegisterBeforeSnapshot(hook);
            }
        }

        if (s_afterRestore?.GetValue(null) is ConcurrentQueue<Func<ValueTask>> after)
        {
            while (after.TryDequeue(out var hook))
            {
                LambdaSnapshot.RegisterAfterRestore(hook);
            }
        }
    }

    private static FieldInfo? Queue(FieldInfo? field) =>
        field is not null && field.FieldType == typeof(ConcurrentQueue<Func<ValueTask>>) ? field : null;
}
