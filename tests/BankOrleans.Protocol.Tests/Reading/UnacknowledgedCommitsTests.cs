using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Reading;

namespace BankOrleans.Protocol.Tests.Reading;

public sealed class UnacknowledgedCommitsTests
{
    private const string A = "1000000001";
    private const string B = "1000000002";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static LedgerEntry Row(string account, long version, string tx) =>
        LedgerHash.Seal(new LedgerEntry(tx, account, version, EntryKind.Deposit, null, 0, 1_00, version * 1_00, "alice", At, "", ""));

    [Fact]
    public void An_account_commit_is_kept_as_a_mark_of_its_newest_version_until_acknowledged()
    {
        var pending = new UnacknowledgedCommits();
        pending.Record([Row(A, 2, "t1")]);
        var newest = Row(A, 3, "t2");
        pending.Record([newest]);
        pending.Record([Row(A, 1, "late")]);

        var first = pending.Poll("", 0, 10);
        var again = pending.Poll(first.Incarnation, 0, 10);
        var after = pending.Poll(first.Incarnation, first.Through, 10);

        Assert.Equal([new CommitMark(A, 3, newest.Hash)], first.Marks);
        Assert.Empty(first.Commits);
        Assert.True(first.All);
        Assert.Equal(first.Marks, again.Marks);
        Assert.Empty(after.Marks!);
    }

    [Fact]
    public void Both_legs_of_a_transfer_are_marked_and_a_user_commit_is_kept_whole()
    {
        var pending = new UnacknowledgedCommits();
        var logout = LedgerHash.Seal(new LedgerEntry("logout", ObjectKeys.User("alice"), 4, EntryKind.Deposit, null, 0, 0, 0, "alice", At, "", ""));
        pending.Record([Row(A, 5, "t"), Row(B, 7, "t")]);
        pending.Record([logout]);

        var page = pending.Poll("", 0, 10);

        Assert.Equal([(A, 5L), (B, 7L)], page.Marks!.Select(m => (m.Account, m.Version)));
        Assert.Equal(logout, Assert.Single(Assert.Single(page.Commits).Rows));
    }

    [Fact]
    public void An_acknowledgement_covers_only_what_the_answer_held()
    {
        var pending = new UnacknowledgedCommits();
        pending.Record([Row(A, 1, "t1")]);
        pending.Record([Row(B, 1, "t2")]);
        var page = pending.Poll("", 0, 1);
        pending.Record([Row(A, 2, "t3")]);

        var next = pending.Poll(page.Incarnation, page.Through, 10);

        Assert.False(page.All);
        Assert.Equal([(B, 1L), (A, 2L)], next.Marks!.Select(m => (m.Account, m.Version)));
    }

    [Fact]
    public void Past_the_cap_the_marks_are_dropped_and_the_feed_starts_a_new_life_keeping_user_commits()
    {
        var pending = new UnacknowledgedCommits(markCapacity: 2);
        var logout = LedgerHash.Seal(new LedgerEntry("logout", ObjectKeys.User("alice"), 4, EntryKind.Deposit, null, 0, 0, 0, "alice", At, "", ""));
        pending.Record([logout]);
        pending.Record([Row(A, 1, "t1")]);
        var before = pending.Incarnation;
        pending.Record([Row(A, 2, "t2"), Row(B, 1, "t2")]);
        pending.Record([Row("1000000003", 1, "t3")]);

        var page = pending.Poll(before, long.MaxValue, 10);

        Assert.NotEqual(before, page.Incarnation);
        Assert.Empty(page.Marks!);
        Assert.Equal(logout, Assert.Single(Assert.Single(page.Commits).Rows));
    }

    [Fact]
    public void An_acknowledgement_from_an_earlier_life_of_the_silo_acknowledges_nothing()
    {
        var pending = new UnacknowledgedCommits();
        pending.Record([Row(A, 1, "t1")]);

        var page = pending.Poll("an-earlier-incarnation", long.MaxValue, 10);

        Assert.Single(page.Marks!);
    }
}
