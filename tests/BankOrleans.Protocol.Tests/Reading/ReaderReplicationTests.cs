using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Reading;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests.Reading;

public sealed class ReaderReplicationTests
{
    private const string A = "1000000001";
    private const string B = "1000000002";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static LedgerEntry Row(string account, long version, string prev, EntryKind kind, long amount, long after, string tx, string? counterparty = null, long cpVersion = 0) =>
        LedgerHash.Seal(new LedgerEntry(tx, account, version, kind, counterparty, cpVersion, amount, after, "alice", At, prev, ""));

    [Fact]
    public async Task The_other_leg_of_a_transfer_is_the_chosen_row_not_a_retry_left_on_a_minority()
    {
        // Found by the simulation (seed 7532): transfer t1 was first accepted by master 1 alone
        // against B v1, then re-run and chosen against B v2. Master 1 still holds the first
        // attempt's row at A v2: same transaction, same version, other counterparty version.
        var a1 = Row(A, 1, "", EntryKind.Open, 0, 5_00, "open-a");
        var b1 = Row(B, 1, "", EntryKind.Open, 0, 0, "open-b");
        var b2 = Row(B, 2, b1.Hash, EntryKind.Deposit, 1_00, 1_00, "dep-b");
        var stale = Row(A, 2, a1.Hash, EntryKind.TransferOut, 2_00, 3_00, "t1", B, 2);
        var outLeg = Row(A, 2, a1.Hash, EntryKind.TransferOut, 2_00, 3_00, "t1", B, 3);
        var inLeg = Row(B, 3, b2.Hash, EntryKind.TransferIn, 2_00, 3_00, "t1", A, 2);
        var store = new MemoryReaderStore();
        Assert.True(store.Apply([a1, b1]).Complete);
        var peers = new Masters(
            chosen: [a1, outLeg, b1, b2, inLeg],
            onMaster1: [a1, stale, b1, b2, inLeg]);
        var replication = new ReaderReplication(store, peers, TimeSpan.FromSeconds(2), TimeProvider.System, new MasterOneFirst());

        var failed = await replication.ResyncAsync([B]);

        Assert.Empty(failed);
        Assert.Equal(outLeg.Hash, store.GetAccount(A)!.Head);
        Assert.Equal(inLeg.Hash, store.GetAccount(B)!.Head);
    }


    private sealed class MasterOneFirst : Random
    {
        public override int Next(int maxValue) => 0;
    }

    private sealed class Masters(IReadOnlyList<LedgerEntry> chosen, IReadOnlyList<LedgerEntry> onMaster1) : IReaderPeers
    {
        public Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int master, string account, long afterVersion, int limit) =>
            Task.FromResult<IReadOnlyList<LedgerEntry>>((master == 1 ? onMaster1 : chosen)
                .Where(r => r.Account == account && r.Version > afterVersion).OrderBy(r => r.Version).Take(limit).ToArray());

        public Task<AccountState?> ReadChosenAsync(string account)
        {
            var top = chosen.Where(r => r.Account == account).MaxBy(r => r.Version)!;
            return Task.FromResult<AccountState?>(AccountState.Empty(account) with { Version = top.Version, Head = top.Hash, BalanceCents = top.BalanceAfterCents, Owner = top.Owner });
        }

        public Task<ReplicaSummary> SummaryAsync(int master) =>
            Task.FromException<ReplicaSummary>(new NotSupportedException("these tests feed rows; they never catch up"));

        public Task<ReplicaInventory> InventoryAsync(int master, string from, int limit) =>
            Task.FromException<ReplicaInventory>(new NotSupportedException("these tests feed rows; they never catch up"));
    }
}
