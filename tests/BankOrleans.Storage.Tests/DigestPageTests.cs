namespace BankOrleans.Storage.Tests;

/// <summary>Digest pages: the opened accounts from a key, in key order, at most a limit; or named accounts.</summary>
public sealed class DigestPageTests
{
    [Fact]
    public void A_page_starts_at_its_key_inclusive_and_skips_accounts_that_were_never_opened()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        foreach (var account in new[] { "A-03", "A-01", "A-05", "A-02" })
        {
            store.Apply(Ops.Open("open-" + account, account, "alice"));
        }

        // A prepare alone writes an account row that is not opened.
        store.Prepare(new Contracts.Replication.PrepareRequest(Ops.FirstBallot, ["A-04"]));

        Assert.Equal(["A-02", "A-03"], store.Digests("A-02", 2).Select(d => d.Account));
        Assert.Equal(["A-05"], store.Digests("A-03\u0001", 2).Select(d => d.Account));
        Assert.Empty(store.Digests("A-06", 2));
        Assert.Equal(store.Digests().Select(d => d.Account), store.Digests("", 10).Select(d => d.Account));
    }

    [Fact]
    public void A_page_reads_the_writes_not_yet_checkpointed_over_the_tables()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        foreach (var account in new[] { "A-01", "A-02", "A-03" })
        {
            store.Apply(Ops.Open("open-" + account, account, "alice"));
        }

        store.Checkpoint();
        store.Apply(Ops.Open("open-A-00", "A-00", "alice"));
        store.Apply(Ops.Deposit("dep-A-02", "A-02", 700));

        var pending = store.Digests("", 3);
        store.Checkpoint();

        Assert.Equal(["A-00", "A-01", "A-02"], pending.Select(d => d.Account));
        Assert.Equal(700, pending[2].BalanceCents);
        Assert.Equal(store.Digests("", 3), pending);
    }

    [Fact]
    public void Digests_of_named_accounts_come_in_the_order_asked_and_leave_out_those_never_opened()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        foreach (var account in new[] { "A-01", "A-02", "A-03" })
        {
            store.Apply(Ops.Open("open-" + account, account, "alice"));
        }

        store.Prepare(new Contracts.Replication.PrepareRequest(Ops.FirstBallot, ["A-04"]));

        var digests = store.Digests(["A-03", "A-04", "A-09", "A-01"]);

        Assert.Equal(["A-03", "A-01"], digests.Select(d => d.Account));
        Assert.Equal(store.Digest("A-03"), digests[0]);
    }

    [Fact]
    public void A_page_size_below_one_is_refused()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();

        Assert.Throws<ArgumentOutOfRangeException>(() => store.Digests("", 0));
    }
}
