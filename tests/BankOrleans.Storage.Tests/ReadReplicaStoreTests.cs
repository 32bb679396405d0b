using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Storage.Reading;

namespace BankOrleans.Storage.Tests;

public sealed class ReadReplicaStoreTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static LedgerEntry Row(string account, long version, string prev, EntryKind kind, long amount, long after, string tx, string? counterparty = null, long cpVersion = 0) =>
        LedgerHash.Seal(new LedgerEntry(tx, account, version, kind, counterparty, cpVersion, amount, after, "alice", At, prev, ""));

    [Fact]
    public void A_transfer_is_applied_in_one_transaction_and_survives_a_reopen_with_intact_digests()
    {
        using var file = new TempReplicaFile("reader.db");
        var a1 = Row("1000000001", 1, "", EntryKind.Open, 0, 0, "open-a");
        var a2 = Row("1000000001", 2, a1.Hash, EntryKind.Deposit, 5_00, 5_00, "dep");
        var b1 = Row("1000000002", 1, "", EntryKind.Open, 0, 0, "open-b");
        var outLeg = Row("1000000001", 3, a2.Hash, EntryKind.TransferOut, 2_00, 3_00, "t1", "1000000002", 2);
        var inLeg = Row("1000000002", 2, b1.Hash, EntryKind.TransferIn, 2_00, 2_00, "t1", "1000000001", 3);
        using (var reader = new ReadReplicaStore(file.Open()))
        {
            Assert.True(reader.Apply([a1, a2, b1]).Complete);
            Assert.Equal(2, reader.Apply([outLeg, inLeg]).Applied);
        }

        using var reopened = new ReadReplicaStore(file.Open());
        var digests = reopened.Digests();
        Assert.Equal([(3L, 3_00L, outLeg.Hash, true), (2L, 2_00L, inLeg.Hash, true)], digests.Select(d => (d.Version, d.BalanceCents, d.Head, d.Intact)));
    }

    [Fact]
    public void Several_operations_fed_together_apply_in_order_and_one_after_a_gap_is_left_out_alone()
    {
        using var file = new TempReplicaFile("reader.db");
        var a1 = Row("1000000001", 1, "", EntryKind.Open, 0, 0, "open-a");
        var a2 = Row("1000000001", 2, a1.Hash, EntryKind.Deposit, 5_00, 5_00, "dep");
        var a3 = Row("1000000001", 3, a2.Hash, EntryKind.Withdrawal, 1_00, 4_00, "wd");
        var b1 = Row("1000000002", 1, "", EntryKind.Open, 0, 0, "open-b");
        var b2 = Row("1000000002", 2, b1.Hash, EntryKind.Deposit, 7_00, 7_00, "dep-b");
        var b3 = Row("1000000002", 3, b2.Hash, EntryKind.Withdrawal, 2_00, 5_00, "wd-b");
        using (var reader = new ReadReplicaStore(file.Open()))
        {
            // a2 depends on a1 from the same batch; b3 follows a gap (b2 never arrived).
            var results = reader.ApplyMany([[a1], [a2], [b1], [b3], [a3]]);

            Assert.Equal([true, true, true, false, true], results.Select(r => r!.Complete));
        }

        using var reopened = new ReadReplicaStore(file.Open());
        Assert.Equal(3, reopened.GetAccount("1000000001")!.Version);
        Assert.Equal(1, reopened.GetAccount("1000000002")!.Version);
    }

    [Fact]
    public void A_batch_with_a_gap_writes_nothing_to_the_file()
    {
        using var file = new TempReplicaFile("reader.db");
        var a1 = Row("1000000001", 1, "", EntryKind.Open, 0, 0, "open-a");
        var a2 = Row("1000000001", 2, a1.Hash, EntryKind.Deposit, 5_00, 5_00, "dep");
        var a3 = Row("1000000001", 3, a2.Hash, EntryKind.Withdrawal, 1_00, 4_00, "wd");
        var b1 = Row("1000000002", 1, "", EntryKind.Open, 0, 0, "open-b");
        using var reader = new ReadReplicaStore(file.Open());
        reader.Apply([a1]);

        var result = reader.Apply([a3, b1]);

        Assert.False(result.Complete);
        Assert.Null(reader.GetAccount("1000000002"));
        Assert.Equal(1, reader.GetAccount("1000000001")!.Version);
    }

    [Fact]
    public void A_file_whose_balance_was_edited_outside_the_protocol_is_set_aside_and_started_again()
    {
        using var file = new TempReplicaFile("reader.db");
        var a1 = Row("1000000001", 1, "", EntryKind.Open, 0, 0, "open-a");
        var a2 = Row("1000000001", 2, a1.Hash, EntryKind.Deposit, 5_00, 5_00, "dep");
        using (var reader = new ReadReplicaStore(file.Open()))
        {
            reader.Apply([a1, a2]);
        }

        file.SetBalanceKeepingChecksum("1000000001", 999);

        // The hash chain no longer ends at the account row: the file is treated as lost (kept aside
        // for the operator) and the reader starts empty, to catch up from the masters.
        var opened = file.Open();
        using var reopened = new ReadReplicaStore(opened);
        Assert.Contains("not one valid hash chain", opened.StartReason, StringComparison.Ordinal);
        Assert.Null(reopened.Digest("1000000001"));
        Assert.Single(Directory.GetFiles(System.IO.Path.GetDirectoryName(file.Path)!, "reader.db.damaged-*"));
    }
}
