using BankOrleans.Protocol.Reading;
using Microsoft.Extensions.Time.Testing;

namespace BankOrleans.Protocol.Tests.Reading;

public sealed class ReaderStalenessTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly string[] AllMasters = ["master-1", "master-2", "master-3"];

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    [Fact]
    public void A_reader_that_never_heard_from_a_master_refuses()
    {
        var staleness = new ReaderStaleness(Bound, _time);

        Assert.Equal("the reader has heard nothing from the masters for over 30 s", staleness.Refusal([]));
    }

    [Fact]
    public void The_reader_answers_up_to_the_bound_after_hearing_from_every_active_master_and_refuses_past_it()
    {
        var staleness = new ReaderStaleness(Bound, _time);
        foreach (var master in AllMasters)
        {
            staleness.Heard(master, _time.GetUtcNow());
        }

        _time.Advance(Bound);
        var atTheBound = staleness.Refusal(AllMasters);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var pastTheBound = staleness.Refusal(AllMasters);

        Assert.Null(atTheBound);
        Assert.Equal("the reader has heard nothing from the masters for over 30 s", pastTheBound);
    }

    [Fact]
    public void With_two_masters_gone_from_the_membership_hearing_from_the_third_keeps_the_reader_answering()
    {
        var staleness = new ReaderStaleness(Bound, _time);
        foreach (var master in AllMasters)
        {
            staleness.Heard(master, _time.GetUtcNow());
        }

        // master-2 and master-3 die; master-1 keeps answering the heartbeat.
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            staleness.Heard("master-1", _time.GetUtcNow());
        }

        Assert.Null(staleness.Refusal(["master-1"]));
    }

    [Fact]
    public void An_active_master_the_reader_has_not_heard_from_within_the_bound_stops_it()
    {
        var staleness = new ReaderStaleness(Bound, _time);
        staleness.Heard("master-2", _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(31));
        staleness.Heard("master-1", _time.GetUtcNow());
        staleness.Heard("master-3", _time.GetUtcNow());

        // A live master that cannot reach the reader may be committing logouts the reader never sees.
        Assert.Equal("the reader has not heard from master-2 for over 30 s", staleness.Refusal(AllMasters));
        Assert.Null(staleness.Refusal(["master-1", "master-3"]));
    }

    [Fact]
    public void Hearing_from_a_master_as_of_an_older_time_does_not_move_its_time_back()
    {
        var staleness = new ReaderStaleness(Bound, _time);
        var now = _time.GetUtcNow();
        staleness.Heard("master-1", now);

        staleness.Heard("master-1", now - TimeSpan.FromMinutes(5));

        Assert.Equal(now, staleness.LastHeard("master-1"));
    }

    [Fact]
    public void The_bound_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReaderStaleness(TimeSpan.Zero, _time));
    }
}
