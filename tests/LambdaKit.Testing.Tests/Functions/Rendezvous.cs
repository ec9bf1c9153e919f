using System.Collections.Concurrent;
using LambdaKit;
using LambdaKit.Runtime;

namespace TestFunctions;

/// <summary>The event of <c>meet</c>: who meets, and how many of them.</summary>
public sealed record Meeting(string Key, int Count);

/// <summary>
/// Invocations that wait for each other: each counts itself in under the meeting's key and returns once the count has
/// been reached (or when about a second of its time is left). Invocations served one at a time never meet: each returns
/// the count so far.
/// </summary>
public static class Rendezvous
{
    private static readonly ConcurrentDictionary<string, int> Arrivals = new(StringComparer.Ordinal);

    [LambdaFunction(Name = "meet", Timeout = 5)]
    public static async Task<int> MeetAsync(Meeting meeting, ILambdaContext context)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        ArgumentNullException.ThrowIfNull(context);
        Arrivals.AddOrUpdate(meeting.Key, 1, (_, count) => count + 1);
        while (Arrivals[meeting.Key] < meeting.Count && context.RemainingTime > TimeSpan.FromSeconds(1))
        {
            await Task.Delay(10, context.CancellationToken).ConfigureAwait(false);
        }

        return Arrivals[meeting.Key];
    }

    /// <summary>The same meeting in an environment that serves four invocations at once, as its attribute says.</summary>
    [LambdaFunction(Name = "meet-in-fours", Timeout = 5, MaxConcurrency = 4)]
    public static Task<int> MeetInFoursAsync(Meeting meeting, ILambdaContext context) => MeetAsync(meeting, context);
}
