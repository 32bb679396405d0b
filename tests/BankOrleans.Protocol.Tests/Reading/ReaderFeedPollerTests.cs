using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Reading;

namespace BankOrleans.Protocol.Tests.Reading;

public sealed class ReaderFeedPollerTests
{
    private const string A = "1000000001";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static LedgerEntry Row(long version, string prev) =>
        LedgerHash.Seal(new LedgerEntry($"t{version}", A, version, EntryKind.Deposit, null, 0, 1_00, version * 1_00, "alice", At, prev, ""));

    [Fact]
    public async Task A_commit_the_feed_lost_is_fetched_before_the_reader_counts_the_master_heard()
    {
        var v1 = Row(1, "");
        var v2 = Row(2, v1.Hash);
        var store = new MemoryReaderStore();
        Assert.True(store.Apply([v1]).Complete);
        var master = new UnacknowledgedCommits();
        master.Record([v2]);
        var staleness = new ReaderStaleness(TimeSpan.FromSeconds(30), TimeProvider.System);
        var reached = new List<CommitMark>();
        var poller = Poller(master, store, staleness, marks =>
        {
            reached.AddRange(marks);
            store.Apply([v2]);
            return Task.CompletedTask;
        });

        var more = await poller.PollAsync();

        Assert.False(more);
        Assert.Equal([new CommitMark(A, 2, v2.Hash)], reached);
        Assert.NotNull(staleness.LastHeard("master-1"));
        Assert.Null(staleness.Refusal(["master-1"]));
    }

    [Fact]
    public async Task A_master_whose_lost_commit_cannot_be_fetched_yet_is_not_counted_heard_and_sends_it_again()
    {
        var v1 = Row(1, "");
        var store = new MemoryReaderStore();
        var master = new UnacknowledgedCommits();
        master.Record([v1]);
        var staleness = new ReaderStaleness(TimeSpan.FromSeconds(30), TimeProvider.System);
        var asked = 0;
        var poller = Poller(master, store, staleness, _ =>
        {
            asked++;
            return Task.CompletedTask;
        });

        await poller.PollAsync();
        await poller.PollAsync();

        Assert.Null(staleness.LastHeard("master-1"));
        Assert.NotNull(staleness.Refusal(["master-1"]));
        Assert.Equal(2, asked);
    }

    [Fact]
    public async Task Marks_the_reader_already_holds_are_not_fetched()
    {
        var v1 = Row(1, "");
        var store = new MemoryReaderStore();
        Assert.True(store.Apply([v1]).Complete);
        var master = new UnacknowledgedCommits();
        master.Record([v1]);
        var staleness = new ReaderStaleness(TimeSpan.FromSeconds(30), TimeProvider.System);
        var poller = Poller(master, store, staleness, _ => throw new InvalidOperationException("nothing is missing"));

        await poller.PollAsync();

        Assert.NotNull(staleness.LastHeard("master-1"));
    }

    [Fact]
    public async Task A_restarted_master_counts_heard_only_after_a_catch_up_that_began_after_its_first_answer()
    {
        var store = new MemoryReaderStore();
        var staleness = new ReaderStaleness(TimeSpan.FromSeconds(30), TimeProvider.System);
        var source = new OneMaster(new UnacknowledgedCommits());
        var passes = new List<DateTimeOffset>();
        var caughtUp = false;
        var poller = new ReaderFeedPoller(
            1, "master-1", source, store, _ => Task.CompletedTask, _ => Task.CompletedTask,
            since =>
            {
                passes.Add(since);
                return Task.FromResult(caughtUp);
            },
            staleness, 100, TimeSpan.FromSeconds(5), TimeProvider.System);

        await poller.PollAsync();
        var firstLifeHeard = staleness.LastHeard("master-1");
        caughtUp = true;
        await poller.PollAsync();
        var secondPollHeard = staleness.LastHeard("master-1");
        await poller.PollAsync();
        var heard = staleness.LastHeard("master-1");
        source.Feed = new UnacknowledgedCommits();
        caughtUp = false;
        await poller.PollAsync();

        Assert.Null(firstLifeHeard);
        Assert.NotNull(secondPollHeard);
        Assert.Equal(3, passes.Count);
        Assert.Equal(passes[0], passes[1]);
        Assert.True(passes[2] > passes[1]);
        Assert.Equal(heard, staleness.LastHeard("master-1"));
    }

    private static ReaderFeedPoller Poller(UnacknowledgedCommits master, MemoryReaderStore store, ReaderStaleness staleness, Func<IReadOnlyList<CommitMark>, Task> reach) =>
        new(1, "master-1", new OneMaster(master), store, _ => Task.CompletedTask, reach, _ => Task.FromResult(true), staleness, 100, TimeSpan.FromSeconds(5), TimeProvider.System);

    private sealed class OneMaster(UnacknowledgedCommits feed) : IReaderFeedSource
    {
        public UnacknowledgedCommits Feed { get; set; } = feed;

        public Task<UserCommitsPage> PollAsync(int master, string incarnation, long acknowledgedThrough, int limit) =>
            Task.FromResult(Feed.Poll(incarnation, acknowledgedThrough, limit));
    }
}
