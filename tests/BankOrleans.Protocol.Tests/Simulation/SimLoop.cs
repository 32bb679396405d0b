namespace BankOrleans.Protocol.Tests.Simulation;

/// <summary>
/// A deterministic single-threaded event loop with virtual time. It is the synchronization
/// context of everything the simulation runs, so every continuation of the protocol code is
/// queued here, and it is the <see cref="TimeProvider"/> of that code, so every delay and
/// timeout is an event in the same queue. Same seed, same schedule, same result.
/// </summary>
internal sealed class SimLoop : SynchronizationContext
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly PriorityQueue<Action, (long Time, long Seq)> _events = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _ready = new();
    private long _seq;

    public SimLoop() => Time = new SimTime(this);

    /// <summary>Virtual time since the start, in ticks.</summary>
    public long Now { get; private set; }

    public TimeProvider Time { get; }

    public DateTimeOffset UtcNow => Origin + TimeSpan.FromTicks(Now);

    public override void Post(SendOrPostCallback d, object? state) => _ready.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("the simulation never blocks");

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> of virtual time.</summary>
    public void At(TimeSpan delay, Action action) =>
        _events.Enqueue(action, (Now + Math.Max(0, delay.Ticks), _seq++));

    /// <summary>Starts an async flow on the loop.</summary>
    public void Spawn(Func<Task> flow) => Post(_ => Observe(flow()), null);

    /// <summary>Runs until <paramref name="done"/> holds, no event is left, or virtual time passes <paramref name="limit"/>.</summary>
    public void Run(Func<bool> done, TimeSpan limit)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            while (true)
            {
                while (_ready.TryDequeue(out var work))
                {
                    work.Callback(work.State);
                }

                if (_faults.Count > 0)
                {
                    throw new SimulationFault(_faults[0]);
                }

                if (done() || !_events.TryPeek(out var action, out var next) || next.Time > limit.Ticks)
                {
                    return;
                }

                _events.Dequeue();
                Now = Math.Max(Now, next.Time);
                action();
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    private readonly List<Exception> _faults = [];

    private void Observe(Task task) =>
        // Faults inside a flow must fail the run, not vanish.
        task.ContinueWith(
            t => _faults.Add(t.Exception!.InnerException ?? t.Exception),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private sealed class SimTime(SimLoop loop) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => loop.UtcNow;

        public override long GetTimestamp() => loop.Now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new SimTimer(loop, callback, state, dueTime, period);
    }

    private sealed class SimTimer : ITimer
    {
        private readonly SimLoop _loop;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private long _generation;

        public SimTimer(SimLoop loop, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _loop = loop;
            _callback = callback;
            _state = state;
            Change(dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var generation = ++_generation;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return true;
            }

            Schedule(generation, dueTime, period);
            return true;
        }

        private void Schedule(long generation, TimeSpan due, TimeSpan period) =>
            _loop.At(due, () =>
            {
                if (generation != _generation)
                {
                    return;
                }

                _callback(_state);
                if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero && generation == _generation)
                {
                    Schedule(generation, period, period);
                }
            });

        public void Dispose() => _generation++;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>An exception escaped a simulated flow: a bug in the code under test.</summary>
internal sealed class SimulationFault(Exception inner) : Exception("a simulated flow failed: " + inner.Message, inner);
