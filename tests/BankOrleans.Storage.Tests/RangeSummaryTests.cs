using BankOrleans.Protocol.Reconciliation;

namespace BankOrleans.Storage.Tests;

/// <summary>The range summaries a store keeps with each commit, against the same summaries computed whole from its rows.</summary>
public sealed class RangeSummaryTests
{
    [Fact]
    public void The_kept_summary_follows_opens_deposits_and_promises_without_a_checkpoint()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        foreach (var account in new[] { "A-01", "A-02", "B-01" })
        {
            store.Apply(Ops.Open("open-" + account, account, "alice"));
        }

        var before = store.Summary();
        store.Apply(Ops.Deposit("dep-A-02", "A-02", 700));
        // A promise alone writes a row that is not opened: it is in no range.
        store.Prepare(new Contracts.Replication.PrepareRequest(Ops.FirstBallot, ["C-01"]));

        Assert.Equal(["A-0", "B-0"], store.Summary().Select(r => r.Range));
        Assert.Equal([2L, 1L], store.Summary().Select(r => r.Count));
        Assert.NotEqual(before[0].Sum, store.Summary()[0].Sum);
        Assert.Equal(before[1], store.Summary()[1]);
        Assert.Equal(Whole(store), store.Summary());
    }

    [Fact]
    public void A_reopened_store_rebuilds_the_same_summary_from_its_tables_and_log()
    {
        using var file = new TempReplicaFile();
        IReadOnlyList<Contracts.Replication.RangeDigest> kept;
        using (var store = file.Open())
        {
            store.Apply(Ops.Open("open-A-01", "A-01", "alice"));
            store.Checkpoint();
            store.Apply(Ops.Open("open-A-02", "A-02", "alice"));
            store.Apply(Ops.Deposit("dep-A-01", "A-01", 300));
            kept = store.Summary();
        }

        using var reopened = file.Open();

        Assert.Equal(kept, reopened.Summary());
    }

    [Fact]
    public void A_row_changed_by_another_connection_is_summarised_again_at_the_next_write_or_summary()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("open-A-01", "A-01", "alice"));
        store.Apply(Ops.Open("open-A-02", "A-02", "alice"));
        store.Checkpoint();
        file.SetBalanceKeepingChecksum("A-01", 999);

        var summary = store.Summary();
        store.Apply(Ops.Open("open-B-01", "B-01", "alice"));

        Assert.Equal(Whole(store), store.Summary());
        Assert.Equal(summary[0], store.Summary()[0]);
        Assert.Equal(999, store.GetAccount("A-01")!.BalanceCents);
    }

    // The summary computed from every row the store lists (which checkpoints first).
    private static IReadOnlyList<Contracts.Replication.RangeDigest> Whole(SqliteReplicaStore store) =>
        RangeSummary.Of(store.ListAccounts()).Ranges();
}
