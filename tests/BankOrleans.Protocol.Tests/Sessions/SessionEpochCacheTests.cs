using BankOrleans.Protocol.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace BankOrleans.Protocol.Tests.Sessions;

public sealed class SessionEpochCacheTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly SessionEpochCache _cache;

    public SessionEpochCacheTests() => _cache = new SessionEpochCache(new SessionEpochLease(TimeSpan.FromSeconds(1)), _time);

    [Fact]
    public void An_unknown_user_needs_a_majority_read() =>
        Assert.Equal(SessionLeaseVerdict.ReadNeeded, _cache.Check("alice", 1));

    [Fact]
    public void A_leased_epoch_answers_until_a_lease_period_after_the_read_began()
    {
        var began = _cache.ReadBegins();
        _time.Advance(TimeSpan.FromMilliseconds(300)); // the read's own time counts against the lease
        _cache.Observe("alice", 3, began);

        _time.Advance(TimeSpan.FromMilliseconds(699));
        var inside = _cache.Check("alice", 3);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var after = _cache.Check("alice", 3);

        Assert.Equal(SessionLeaseVerdict.Current, inside);
        Assert.Equal(SessionLeaseVerdict.ReadNeeded, after);
    }

    [Fact]
    public void A_claim_below_an_epoch_once_read_has_ended_even_after_the_lease()
    {
        _cache.Observe("alice", 3, _cache.ReadBegins());
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(SessionLeaseVerdict.Ended, _cache.Check("alice", 2));
    }

    [Fact]
    public void A_claim_above_the_leased_epoch_needs_a_read()
    {
        _cache.Observe("alice", 3, _cache.ReadBegins());

        Assert.Equal(SessionLeaseVerdict.ReadNeeded, _cache.Check("alice", 4));
    }

    [Fact]
    public void A_lower_epoch_read_later_does_not_replace_a_higher_one()
    {
        _cache.Observe("alice", 4, _cache.ReadBegins());
        _cache.Observe("alice", 3, _cache.ReadBegins());

        Assert.Equal(SessionLeaseVerdict.Ended, _cache.Check("alice", 3));
        Assert.Equal(SessionLeaseVerdict.Current, _cache.Check("alice", 4));
    }

    [Fact]
    public void With_a_zero_lease_every_check_reads_and_a_logout_does_not_wait()
    {
        var cache = new SessionEpochCache(new SessionEpochLease(TimeSpan.Zero), _time);
        cache.Observe("alice", 3, cache.ReadBegins());

        Assert.Equal(SessionLeaseVerdict.ReadNeeded, cache.Check("alice", 3));
        Assert.Equal(TimeSpan.Zero, cache.Rule.LogoutWait);
    }

    [Fact]
    public void A_logout_waits_the_lease_as_the_slowest_clock_measures_it_on_the_fastest()
    {
        var rule = new SessionEpochLease(TimeSpan.FromSeconds(1));
        var drift = SessionEpochLease.MaxClockRateDrift;

        // Real time: the wait on a clock running fast outlasts the lease on a clock running slow.
        Assert.True(rule.LogoutWait.Ticks / (1 + drift) >= rule.Duration.Ticks / (1 - drift));
        Assert.InRange(rule.LogoutWait.TotalMilliseconds, 1_020, 1_021);
    }

    [Fact]
    public async Task Waiting_out_the_leases_lasts_the_logout_wait_by_the_monotonic_clock()
    {
        var rule = new SessionEpochLease(TimeSpan.FromMilliseconds(50));
        var started = TimeProvider.System.GetTimestamp();

        await rule.WaitOutLeasesAsync(TimeProvider.System);

        Assert.True(TimeProvider.System.GetElapsedTime(started) >= rule.LogoutWait);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void A_lease_outside_zero_to_ten_seconds_is_refused(int seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionEpochLease(TimeSpan.FromSeconds(seconds)));
}
