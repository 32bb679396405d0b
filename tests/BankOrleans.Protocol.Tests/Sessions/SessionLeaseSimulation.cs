using BankOrleans.Protocol.Sessions;

namespace BankOrleans.Protocol.Tests.Sessions;

/// <summary>
/// A seeded discrete-event simulation of the session-lease rule running the production
/// <see cref="SessionEpochCheck"/> and <see cref="SessionEpochCache"/>: three silos whose clocks run
/// at rates up to <see cref="SessionEpochLease.MaxClockRateDrift"/> off real time check one session
/// densely, each through its own leases or a majority read (a linearizable read: it returns the
/// epoch at some instant inside its interval). Even seeds: a logout is chosen, and no check that
/// begins after the logout answered may accept the session it ended. Odd seeds: a logout accepted
/// on one replica only is seen by some reads (highest answer 2, floor 1) and then dropped by
/// reconciliation, and no check that begins two lease periods after the last such read may
/// refuse the session, which never ended.
/// </summary>
internal sealed class SessionLeaseSimulation
{
    private const string User = "alice";
    private const long Micros = 1_000_000;
    private readonly Random _random;
    private readonly SessionLeaseMutation _mutation;
    private readonly SessionEpochLease _rule;
    private readonly bool _phantom;
    private long _now;

    public SessionLeaseSimulation(int seed, SessionLeaseMutation mutation, bool leases = true)
    {
        _random = new Random(seed);
        _mutation = mutation;
        _rule = new SessionEpochLease(leases);
        _phantom = seed % 2 == 1;
    }

    /// <summary>Checks made, majority reads they needed, and the first violation (null if none).</summary>
    public sealed record Outcome(int Checks, int Reads, string? Violation);

    public Outcome Run()
    {
        // Continuations must run inline, as the event loop completes each read: not on the test
        // framework's synchronization context, which would run them later on other threads.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return RunInline();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    private Outcome RunInline()
    {
        // Rates at the drift bound half the time: the edges are where a wrong wait shows.
        var clocks = Enumerable.Range(0, 4).Select(_ => new DriftingClock(() => _now, Rate(), _random.NextInt64(0, 1_000 * Micros))).ToArray();
        var caches = clocks.Take(3).Select(c => new SessionEpochCache(_rule, c)).ToArray();
        var duration = SessionEpochLease.Duration.Ticks / 10;
        var chosenAt = 3 * duration + _random.NextInt64(0, Micros / 10);

        // A logout: chosen at chosenAt, answered after its wait on the fourth clock. A phantom:
        // reads that fall in [chosenAt, phantomEnd) may see it; it never ends the session.
        var wait = _mutation switch
        {
            SessionLeaseMutation.LogoutDoesNotWait => TimeSpan.Zero,
            SessionLeaseMutation.WaitIgnoresDrift => SessionEpochLease.Duration,
            _ => SessionEpochLease.LogoutWait,
        };
        var answeredAt = clocks[3].RealAfter(chosenAt, wait);
        var phantomEnd = chosenAt + _random.NextInt64(1, 300_000);
        var until = _phantom ? phantomEnd + 3 * duration : answeredAt + 2 * duration;

        // Each silo starts checking shortly before the logout (so that its first majority read,
        // the one its lease comes from, is in flight around that instant: where a wrong rule
        // shows) and checks every 0–4 ms; a read completes 0–60 ms after it began.
        var events = new PriorityQueue<Action, (long, long)>();
        long order = 0;
        var checks = 0;
        var reads = 0;
        string? violation = null;
        for (var silo = 0; silo < caches.Length; silo++)
        {
            for (var at = chosenAt - _random.NextInt64(0, _phantom ? 20_000 : 80_000); at < until; at += _random.NextInt64(1, 4_000))
            {
                var (s, begin) = (silo, at);
                events.Enqueue(() => _ = CheckAsync(s, begin), (at, order++));
            }
        }

        while (violation is null && events.TryDequeue(out var action, out var when))
        {
            _now = when.Item1;
            action();
        }

        return new Outcome(checks, reads, violation);

        // A read whose instant is at `real`: the epoch then, as the two answers show it.
        UserEpoch EpochAt(long real)
        {
            if (!_phantom)
            {
                var epoch = real < chosenAt ? 1 : 2;
                return new UserEpoch(epoch, epoch);
            }

            return real >= chosenAt && real < phantomEnd && _random.Next(2) == 0 ? new UserEpoch(2, 1) : new UserEpoch(1, 1);
        }

        // A majority read that began now: answered 0–60 ms later, as the event loop reaches it.
        Task<UserEpoch?> ReadMajority(long begin)
        {
            reads++;
            var answer = new TaskCompletionSource<UserEpoch?>();
            var end = begin + _random.NextInt64(0, 60_000);
            var instant = _random.NextInt64(begin, end + 1);
            events.Enqueue(() => answer.SetResult(EpochAt(instant)), (end, order++));
            return answer.Task;
        }

        async Task CheckAsync(int silo, long begin)
        {
            checks++;
            var cache = caches[silo];
            var verdict = _mutation switch
            {
                SessionLeaseMutation.StampAtReadEnd or SessionLeaseMutation.FloorIsHighest => await MutatedCheckAsync(cache, begin),
                _ => (await SessionEpochCheck.RunAsync(cache, User, 1, () => ReadMajority(begin))).Verdict,
            };
            if (verdict == SessionLeaseVerdict.Current && !_phantom && begin >= answeredAt)
            {
                violation = $"silo {silo} accepted the ended session at {begin} µs, after the logout (chosen at {chosenAt} µs) " +
                    $"answered at {answeredAt} µs; clock rates {Rates()}";
            }
            else if (verdict == SessionLeaseVerdict.Ended && _phantom && begin >= phantomEnd + 2 * duration)
            {
                violation = $"silo {silo} refused the session at {begin} µs for a logout that was never chosen " +
                    $"(seen by reads until {phantomEnd} µs); clock rates {Rates()}";
            }
        }

        async Task<SessionLeaseVerdict> MutatedCheckAsync(SessionEpochCache cache, long begin)
        {
            var leased = cache.Check(User, 1);
            if (leased != SessionLeaseVerdict.ReadNeeded)
            {
                return leased;
            }

            var began = cache.ReadBegins();
            var epoch = (await ReadMajority(begin))!.Value;
            cache.Observe(User, _mutation == SessionLeaseMutation.FloorIsHighest ? new UserEpoch(epoch.Highest, epoch.Highest) : epoch,
                _mutation == SessionLeaseMutation.StampAtReadEnd ? cache.ReadBegins() : began);
            return epoch.Highest == 1 ? SessionLeaseVerdict.Current : SessionLeaseVerdict.Ended;
        }

        string Rates() => string.Join(", ", clocks.Select(c => c.Rate.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private double Rate()
    {
        var drift = SessionEpochLease.MaxClockRateDrift;
        return _random.Next(4) switch
        {
            0 => 1 - drift,
            1 => 1 + drift,
            _ => 1 - drift + (2 * drift * _random.NextDouble()),
        };
    }
}
