using BankOrleans.Protocol.Reading;
using Microsoft.Extensions.Time.Testing;

namespace BankOrleans.Protocol.Tests.Reading;

public sealed class ReaderSessionRuleTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private static readonly string[] AllMasters = ["master-1", "master-2", "master-3"];

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    [Theory]
    [InlineData(4, 4, ReaderSessionVerdict.Valid)]
    [InlineData(5, 4, ReaderSessionVerdict.Ended)]
    [InlineData(3, 4, ReaderSessionVerdict.Unavailable)]
    public void A_fresh_reader_decides_by_its_epoch_of_the_user(long onReader, long session, ReaderSessionVerdict expected)
    {
        var staleness = Fresh();

        Assert.Equal(expected, ReaderSessionRule.Check(staleness, AllMasters, () => onReader, session).Verdict);
    }

    [Fact]
    public void A_stale_reader_answers_unavailable_without_reading_the_epoch()
    {
        var staleness = Fresh();
        _time.Advance(Bound + TimeSpan.FromTicks(1));
        var read = false;

        var decision = ReaderSessionRule.Check(staleness, AllMasters, () => { read = true; return 4; }, 4);

        Assert.Equal(ReaderSessionVerdict.Unavailable, decision.Verdict);
        Assert.Equal("unavailable: the reader has heard nothing from the masters for over 30 s; ask the masters", decision.Message);
        Assert.False(read);
    }

    private ReaderStaleness Fresh()
    {
        var staleness = new ReaderStaleness(Bound, _time);
        foreach (var master in AllMasters)
        {
            staleness.Heard(master, _time.GetUtcNow());
        }

        return staleness;
    }
}
