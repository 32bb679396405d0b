using BankOrleans.Protocol.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace BankOrleans.Protocol.Tests.Sessions;

public sealed class SessionEpochCacheTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly SessionEpochCache _cache;

    public SessionEpochCacheTests() => _cache = new SessionEpochCache(new SessionEpochLease(Enabled: true), _time);

    [Fact]
    public void An_unknown_user_needs_a_majority_read() =>
        Assert.Equal(SessionLeaseVerdict.ReadNeeded, _cache.Check("alice", 1));

    [Fact]
    public void A_leased_epoch_answers_until_a_lease_period_after_the_read_began()
    {
        var began = _cache.ReadBegins();
        _time.Advance(TimeSpan.FromMilliseconds(300)); // the read's own time counts against the lease
        _cache.Observe("alice", new UserEpoch(3, 3), began);

        _time.Advance(TimeSpan.FromMilliseconds(699));
        var inside = _cache.Check("alice", 3);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var after = _cache.Check("alice", 3);

        Assert.Equal(SessionLeaseVerdict.Current, inside);
        Assert.Equal(SessionLeaseVerdict.ReadNeeded, after);
    }

    [Fact]
    public void A_claim_below_the_floor_has_ended_even_after_the_lease()
    {
        _cache.Observe("alice", new UserEpoch(3, 3), _cache.ReadBegins());
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(SessionLeaseVerdict.Ended, _cache.Check("alice", 2));
    }

    [Fact]
    public void A_highest_answer_above_the_floor_ends_a_session_only_while_its_lease_holds()
    {
        // Replica answers 4 and 3: the 4 may be a logout that is never chosen.
        _cache.Observe("alice", new UserEpoch(4, 3), _cache.ReadBegins());
        var leased = _cache.Check("alice", 3);
        _time.Advance(SessionEpochLease.Duration);

        Assert.Equal(SessionLeaseVerdict.Ended, leased);
        Assert.Equal(SessionLeaseVerdict.ReadNeeded, _cache.Check("alice", 3));
    }

    [Fact]
    public void A_claim_above_the_leased_epoch_needs_a_read()
    {
        _cache.Observe("alice", new UserEpoch(3, 3), _cache.ReadBegins());

        Assert.Equal(SessionLeaseVerdict.ReadNeeded, _cache.Check("alice", 4));
    }

    [Fact]
    public void A_newer_read_replaces_the_lease_and_the_floor_only_rises()
    {
        _cache.Observe("alice", new UserEpoch(4, 3), _cache.ReadBegins());
        _time.Advance(TimeSpan.FromMilliseconds(10));
        _cache.Observe("alice", new UserEpoch(3, 2), _cache.ReadBegins());

        Assert.Equal(SessionLeaseVerdict.Current, _cache.Check("alice", 3));
        Assert.Equal(SessionLeaseVerdict.Ended, _cache.Check("alice", 2));
    }

    [Fact]
    public void An_older_read_answering_late_keeps_the_newer_lease()
    {
        var older = _cache.ReadBegins();
        _time.Advance(TimeSpan.FromMilliseconds(10));
        _cache.Observe("alice", new UserEpoch(5, 5), _cache.ReadBegins());
        _cache.Observe("alice", new UserEpoch(4, 4), older);

        Assert.Equal(SessionLeaseVerdict.Current, _cache.Check("alice", 5));
    }

    [Fact]
    public void With_leases_off_nothing_is_kept_and_every_check_reads()
    {
        var cache = new SessionEpochCache(new SessionEpochLease(Enabled: false), _time);
        cache.Observe("alice", new UserEpoch(3, 3), cache.ReadBegins());

        Assert.Equal(SessionLeaseVerdict.ReadNeeded, cache.Check("alice", 3));
        Assert.Equal(SessionLeaseVerdict.ReadNeeded, cache.Check("alice", 2));
    }

    [Fact]
    public void The_logout_wait_outlasts_a_lease_on_a_slow_clock_when_measured_on_a_fast_one()
    {
        var drift = SessionEpochLease.MaxClockRateDrift;

        Assert.True(SessionEpochLease.LogoutWait.Ticks / (1 + drift) >= SessionEpochLease.Duration.Ticks / (1 - drift));
    }

    [Fact]
    public async Task Waiting_out_the_leases_is_not_cut_short_by_a_timer_that_fires_early()
    {
        var time = new EarlyTimers();

        await SessionEpochLease.WaitOutLeasesAsync(time);

        Assert.True(time.GetElapsedTime(0) >= SessionEpochLease.LogoutWait, $"waited {time.GetElapsedTime(0)}");
        Assert.True(time.Timers >= 2);
    }

    // A clock whose timers fire early (5 ms, or half the due time when that is less) and move
    // time on to then.
    private sealed class EarlyTimers : TimeProvider
    {
        private long _ticks;

        public int Timers { get; private set; }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Timers++;
            var early = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMilliseconds(5).Ticks, dueTime.Ticks / 2));
            _ticks += (dueTime - early).Ticks;
            callback(state);
            return new Fired();
        }

        private sealed class Fired : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose() { }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
