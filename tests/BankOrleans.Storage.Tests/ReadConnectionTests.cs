namespace BankOrleans.Storage.Tests;

/// <summary>Reads go through the store's second connection: they see the last commit and never wait for the writer.</summary>
public sealed class ReadConnectionTests
{
    [Fact]
    public async Task A_read_answers_while_a_write_holds_the_writer_and_sees_only_the_last_commit()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));

        Task<long?> read = Task.FromResult<long?>(null);
        var answered = store.Transact(s =>
        {
            s.Put(s.Get("A-01") with { BalanceCents = 999 });
            // The writer is mid-transaction here; a read that needed its lock could not finish.
            read = Task.Run(() => store.GetAccount("A-01")?.BalanceCents);
            return read.Wait(TimeSpan.FromSeconds(30));
        });

        Assert.True(answered);
        Assert.Equal(0, await read);
        Assert.Equal(999, store.GetAccount("A-01")!.BalanceCents);
    }

    [Fact]
    public void Versions_gives_each_objects_version_in_order_and_zero_for_an_unknown_key()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        store.Apply(Ops.Deposit("t2", "A-01", 500));
        store.Apply(Ops.Open("t3", "A-02", "alice"));

        Assert.Equal([2L, 0L, 1L, 2L], store.Versions(["A-01", "A-09", "A-02", "A-01"]));
    }
}
