using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Reading;
using BankOrleans.Protocol.Reconciliation;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests.Reading;

/// <summary>The catch-up rule: two masters' summaries and the ranges that differ, and every account that differs on either is re-read.</summary>
public sealed class ReaderCatchUpPassTests
{
    private const string A = "1000000001";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
    private static readonly LedgerEntry V1 = Row(1, "", EntryKind.Open, 0, "open-a");
    private static readonly LedgerEntry V2 = Row(2, V1.Hash, EntryKind.Deposit, 5_00, "dep-a");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_write_held_by_one_of_the_two_masters_that_answer_is_caught_up(bool everyPage)
    {
        // Committed on masters 1 and 2; master 1 is down, master 3 missed it and agrees with the
        // reader, so only master 2's inventory shows the difference.
        var masters = new Masters(down: 1, lagging: 3);
        var (pass, store) = Pass(masters);
        Assert.True(store.Apply([V1]).Complete);

        var result = await pass.RunAsync(everyPage);

        Assert.Equal((true, 2, 1), (result.Done, result.MastersAnswered, result.Updated));
        Assert.Equal(V2.Hash, store.GetAccount(A)!.Head);
    }

    [Fact]
    public async Task A_finished_pass_counts_for_the_restart_rule_from_when_it_began()
    {
        var (pass, _) = Pass(new Masters(down: 1, lagging: 3));
        var before = TimeProvider.System.GetUtcNow();

        Assert.False(pass.DoneSince(before));
        Assert.True((await pass.RunAsync(everyPage: false)).Done);

        Assert.True(pass.DoneSince(before));
        Assert.False(pass.DoneSince(TimeProvider.System.GetUtcNow().AddSeconds(1)));
    }

    [Fact]
    public async Task With_one_master_answering_nothing_is_read_and_the_reader_does_not_serve()
    {
        var masters = new Masters(down: 1, lagging: 3) { AlsoDown = 2 };
        var (pass, store) = Pass(masters);

        var result = await pass.RunAsync(everyPage: true);

        Assert.Equal((false, 1, 0), (result.Done, result.MastersAnswered, result.Updated));
        Assert.Null(store.GetAccount(A));
    }

    private static LedgerEntry Row(long version, string prev, EntryKind kind, long amount, string tx) =>
        LedgerHash.Seal(new LedgerEntry(tx, A, version, kind, null, 0, amount, amount, "alice", At, prev, ""));

    private static (ReaderCatchUpPass Pass, MemoryReaderStore Store) Pass(Masters masters)
    {
        var store = new MemoryReaderStore();
        var replication = new ReaderReplication(store, masters, TimeSpan.FromSeconds(2), TimeProvider.System, new Random(1));
        return (new ReaderCatchUpPass(masters, store, replication, _ => true, 1, TimeSpan.FromSeconds(2), TimeProvider.System), store);
    }

    private sealed class Masters(int down, int lagging) : IReaderPeers
    {
        public int? AlsoDown { get; init; }

        public Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int master, string account, long afterVersion, int limit) =>
            Answer<IReadOnlyList<LedgerEntry>>(master, () => Rows(master).Where(r => r.Version > afterVersion).Take(limit).ToArray());

        public Task<AccountState?> ReadChosenAsync(string account) =>
            Task.FromResult<AccountState?>(AccountState.Empty(A) with { Version = 2, Head = V2.Hash, BalanceCents = V2.BalanceAfterCents, Owner = "alice" });

        public Task<ReplicaSummary> SummaryAsync(int master) =>
            Answer(master, () =>
            {
                var top = Rows(master)[^1];
                var state = AccountState.Empty(A) with { Owner = top.Owner, Version = top.Version, Head = top.Hash, BalanceCents = top.BalanceAfterCents };
                return new ReplicaSummary(true, RangeSummary.Of([state]).Ranges());
            });

        public Task<ReplicaInventory> InventoryAsync(int master, string from, int limit) =>
            Answer(master, () =>
            {
                var top = Rows(master)[^1];
                var digest = new ReplicaDigest(A, top.Version, top.BalanceAfterCents, top.Hash, false, true);
                return new ReplicaInventory(true, string.CompareOrdinal(A, from) >= 0 ? [digest] : []);
            });

        private LedgerEntry[] Rows(int master) => master == lagging ? [V1] : [V1, V2];

        private Task<T> Answer<T>(int master, Func<T> answer) =>
            master == down || master == AlsoDown ? Task.FromException<T>(new TimeoutException($"master {master} is down")) : Task.FromResult(answer());
    }
}
