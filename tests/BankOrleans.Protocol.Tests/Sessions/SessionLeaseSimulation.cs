using BankOrleans.Protocol.Sessions;

namespace BankOrleans.Protocol.Tests.Sessions;

/// <summary>
/// A seeded discrete-event simulation of the session-lease rule with the production
/// <see cref="SessionEpochCache"/>: three silos whose clocks run at rates up to
/// <see cref="SessionEpochLease.MaxClockRateDrift"/> off real time check one session densely around
/// a logout, each through its own leases or a majority read (a linearizable read: it returns the
/// epoch at some instant inside its interval). The invariant: no check that begins after the
/// logout answered accepts the session it ended.
/// </summary>
internal sealed class SessionLeaseSimulation
{
    private const string User = "alice";
    private const long Micros = 1_000_000;
    private readonly Random _random;
    private readonly SessionLeaseMutation _mutation;
    private readonly SessionEpochLease _rule;
    private long _now;

    public SessionLeaseSimulation(int seed, SessionLeaseMutation mutation, TimeSpan leaseDuration)
    {
        _random = new Random(seed);
        _mutation = mutation;
        _rule = new SessionEpochLease(leaseDuration);
    }

    /// <summary>Checks made, majority reads they needed, and the first violation (null if none).</summary>
    public sealed record Outcome(int Checks, int Reads, string? Violation);

    public Outcome Run()
    {
        // Rates at the drift bound half the time: the edges are where a wrong wait shows.
        var clocks = Enumerable.Range(0, 4).Select(_ => new DriftingClock(() => _now, Rate(), _random.NextInt64(0, 1_000 * Micros))).ToArray();
        var caches = clocks.Take(3).Select(c => new SessionEpochCache(_rule, c)).ToArray();
        var logoutClock = clocks[3];
        var duration = (long)(_rule.Duration.Ticks / 10);
        var chosenAt = 3 * duration + _random.NextInt64(0, Micros / 10);
        var wait = _mutation switch
        {
            SessionLeaseMutation.LogoutDoesNotWait => TimeSpan.Zero,
            SessionLeaseMutation.WaitIgnoresDrift => _rule.Duration,
            _ => _rule.LogoutWait,
        };
        var answeredAt = logoutClock.RealAfter(chosenAt, wait);

        // Events: (real time, order, action). Each silo starts checking shortly before the logout
        // is chosen (so that its first majority read, the one its lease comes from, is in flight
        // around that instant: where a wrong rule shows), and checks every 0–4 ms until well
        // after the logout answered; a check that needs a read completes 0–60 ms later.
        var events = new PriorityQueue<Action, (long, long)>();
        long order = 0;
        var checks = 0;
        var reads = 0;
        string? violation = null;
        for (var silo = 0; silo < caches.Length; silo++)
        {
            for (var at = chosenAt - _random.NextInt64(0, 80_000); at < answeredAt + duration; at += _random.NextInt64(1, 4_000))
            {
                var (s, begin) = (silo, at);
                events.Enqueue(() => Check(s, begin), (at, order++));
            }
        }

        while (violation is null && events.TryDequeue(out var action, out var when))
        {
            _now = when.Item1;
            action();
        }

        return new Outcome(checks, reads, violation);

        long EpochAt(long real) => real < chosenAt ? 1 : 2;

        void Check(int silo, long begin)
        {
            checks++;
            var cache = caches[silo];
            switch (cache.Check(User, 1))
            {
                case SessionLeaseVerdict.Current:
                    Accepted(silo, begin, "a lease");
                    return;
                case SessionLeaseVerdict.Ended:
                    return;
            }

            reads++;
            var began = cache.ReadBegins();
            var end = begin + _random.NextInt64(0, 60_000);
            var epoch = EpochAt(_random.NextInt64(begin, end + 1));
            events.Enqueue(() =>
            {
                cache.Observe(User, epoch, _mutation == SessionLeaseMutation.StampAtReadEnd ? cache.ReadBegins() : began);
                if (epoch == 1)
                {
                    Accepted(silo, begin, "a majority read");
                }
            }, (end, order++));
        }

        void Accepted(int silo, long begin, string how)
        {
            if (begin >= answeredAt)
            {
                violation = $"silo {silo} accepted the ended session through {how} at {begin} µs, " +
                    $"after the logout (chosen at {chosenAt} µs) answered at {answeredAt} µs; clock rates " +
                    string.Join(", ", clocks.Select(c => c.Rate.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
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
