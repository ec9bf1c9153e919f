using System.Buffers;
using LambdaKit.Testing;

namespace LambdaKit.Runtime.Tests;

/// <summary>
/// The deadline's timer: on the options' clock, armed once during init (so the runtime's timer thread starts before
/// the first invocation), and still firing per invocation when its source is reused.
/// </summary>
public sealed class DeadlineTimerTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_deadline_timer_is_armed_and_disarmed_before_the_first_next()
    {
        var clock = new RecordingClock();
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var stop = new CancellationTokenSource();
        var run = LambdaBootstrap.RunAsync(Echo, Options(emulator, clock), stop.Token);

        await emulator.WaitForNextRequestAsync().WaitAsync(TestTimeout);
        var timers = clock.Timers;
        await stop.CancelAsync();
        await run.WaitAsync(TestTimeout);

        // Armed once, and nothing left armed to fire later (a test clock's source cannot be reset, so it is replaced).
        Assert.Equal(1, timers.Sum(timer => timer.Armings));
        Assert.DoesNotContain(timers, timer => timer.IsArmed);
    }

    [Fact]
    public async Task The_reused_deadline_source_fires_per_invocation()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync(new RuntimeApiEmulatorOptions { Timeout = TimeSpan.FromSeconds(4) });
        using var stop = new CancellationTokenSource();
        var options = Options(emulator, TimeProvider.System);
        options.CancellationMargin = TimeSpan.FromMilliseconds(2_500);
        var run = LambdaBootstrap.RunAsync(
            async (payload, context, response) =>
            {
                if (payload.Span.SequenceEqual("\"wait\""u8))
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                }

                response.Write(context.CancellationToken.IsCancellationRequested ? "cancelled"u8 : "live"u8);
            },
            options,
            stop.Token);

        var answers = new List<string>();
        foreach (string payload in new[] { "\"now\"", "\"wait\"", "\"now\"", "\"wait\"" })
        {
            answers.Add((await emulator.InvokeAsync(payload).WaitAsync(TestTimeout)).PayloadAsString);
        }

        await stop.CancelAsync();
        await run.WaitAsync(TestTimeout);

        // The init source serves the first two (reset after the first), a fresh one the third after the second fired.
        Assert.Equal(["live", "cancelled", "live", "cancelled"], answers.ToArray());
    }

    private static ValueTask Echo(ReadOnlyMemory<byte> payload, ILambdaContext context, IBufferWriter<byte> response)
    {
        response.Write(payload.Span);
        return ValueTask.CompletedTask;
    }

    private static LambdaBootstrapOptions Options(RuntimeApiEmulator emulator, TimeProvider clock) => new()
    {
        EnvironmentVariables = LambdaEnvironment.Create(emulator, "function"),
        LogOutput = Stream.Null,
        HandleTerminationSignal = false,
        TimeProvider = clock,
    };

    /// <summary>The system clock, recording the timers created on it and how often each was armed.</summary>
    private sealed class RecordingClock : TimeProvider
    {
        private readonly List<RecordedTimer> _timers = [];

        public IReadOnlyList<RecordedTimer> Timers
        {
            get
            {
                lock (_timers)
                {
                    return [.. _timers];
                }
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new RecordedTimer(System.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
            timer.Change(dueTime, period);
            lock (_timers)
            {
                _timers.Add(timer);
            }

            return timer;
        }
    }

    private sealed class RecordedTimer(ITimer inner) : ITimer
    {
        private int _armings;
        private volatile bool _isArmed;

        public int Armings => Volatile.Read(ref _armings);

        public bool IsArmed => _isArmed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            bool arming = dueTime != Timeout.InfiniteTimeSpan;
            if (arming)
            {
                Interlocked.Increment(ref _armings);
            }

            _isArmed = arming;
            return inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            _isArmed = false;
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            _isArmed = false;
            return inner.DisposeAsync();
        }
    }
}
