using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Reading;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests.Reading;

public sealed class ReadReplicaRulesTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static LedgerEntry Row(string account, long version, string prev, EntryKind kind, long amount, long after, string tx, string? counterparty = null, long cpVersion = 0) =>
        LedgerHash.Seal(new LedgerEntry(tx, account, version, kind, counterparty, cpVersion, amount, after, "alice", At, prev, ""));

    [Fact]
    public void Both_legs_of_a_transfer_are_applied_together()
    {
        var reader = new MemoryReplicaState();
        var a1 = Row("1000000001", 1, "", EntryKind.Open, 0, 0, "open-a");
        var b1 = Row("1000000002", 1, "", EntryKind.Open, 0, 0, "open-b");
        var a2 = Row("1000000001", 2, a1.Hash, EntryKind.Deposit, 5_00, 5_00, "dep");
        Assert.True(reader.Transact(s => ReadReplicaRules.Apply(s, [a1])).Complete);
        Assert.True(reader.Transact(s => ReadReplicaRules.Apply(s, [b1])).Complete);
        Assert.True(reader.Transact(s => ReadReplicaRules.Apply(s, [a2])).Complete);
        var outLeg = Row("1000000001", 3, a2.Hash, EntryKind.TransferOut, 2_00, 3_00, "t1", "1000000002", 2);
        var inLeg = Row("1000000002", 2, b1.Hash, EntryKind.TransferIn, 2_00, 2_00, "t1", "1000000001", 3);

        var result = reader.Transact(s => ReadReplicaRules.Apply(s, [outLeg, inLeg]));

        Assert.Equal(2, result.Applied);
        Assert.Equal(5_00, reader.Accounts.Sum(a => a.BalanceCents));
    }

    [Fact]
    public void A_gap_on_one_leg_applies_neither_leg_and_names_the_rows_missing()
    {
        var reader = new MemoryReplicaState();
        var a1 = Row("1000000001", 1, "", EntryKind.Open, 0, 0, "open-a");
        var a2 = Row("1000000001", 2, a1.Hash, EntryKind.Deposit, 5_00, 5_00, "dep");
        var b1 = Row("1000000002", 1, "", EntryKind.Open, 0, 0, "open-b");
        reader.Transact(s => ReadReplicaRules.Apply(s, [a1, b1]));
        var outLeg = Row("1000000001", 3, a2.Hash, EntryKind.TransferOut, 2_00, 3_00, "t1", "1000000002", 2);
        var inLeg = Row("1000000002", 2, b1.Hash, EntryKind.TransferIn, 2_00, 2_00, "t1", "1000000001", 3);

        var result = reader.Transact(s => ReadReplicaRules.Apply(s, [outLeg, inLeg]));

        Assert.Equal(0, result.Applied);
        var gap = Assert.Single(result.Gaps);
        Assert.Equal(new ReaderGap("1000000001", 1, 2, a2.Hash), gap);
        Assert.Equal(0, reader.Accounts.Sum(a => a.BalanceCents));
        Assert.Equal(1, reader.Accounts.Single(a => a.Account == "1000000002").Version);
    }

    [Fact]
    public void A_row_already_held_is_ignored_and_a_different_row_at_a_held_version_is_a_conflict()
    {
        var reader = new MemoryReplicaState();
        var a1 = Row("1000000001", 1, "", EntryKind.Open, 0, 0, "open-a");
        reader.Transact(s => ReadReplicaRules.Apply(s, [a1]));

        Assert.True(reader.Transact(s => ReadReplicaRules.Apply(s, [a1])).Complete);
        var other = Row("1000000001", 1, "", EntryKind.Open, 0, 0, "open-other");
        Assert.Equal(["1000000001"], reader.Transact(s => ReadReplicaRules.Apply(s, [other])).Conflicts);
    }
}
