using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Storage.Tests;

/// <summary>
/// <see cref="SqliteReplicaStore.TransactEach"/> and the writer's memos: every rule reads what the
/// file would give it, whatever the rules before it wrote, threw or truncated.
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public void A_rule_that_throws_in_a_group_commit_leaves_nothing_the_next_rule_reads()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));

        var results = store.TransactEach(
        [
            s =>
            {
                var current = s.Get("A-01");
                s.Append(s.EntryAt("A-01", 1)! with { TxId = "ghost", Version = 2 });
                s.Put(current with { BalanceCents = 1_000_000, Version = 2 });
                throw new InvalidOperationException("rule failed halfway");
            },
            s => (s.Get("A-01").BalanceCents, s.Get("A-01").Version, s.EntryAt("A-01", 2)),
        ]);

        Assert.IsType<InvalidOperationException>(results[0].Error);
        Assert.Equal((0L, 1L, (LedgerEntry?)null), results[1].Result);
        Assert.Equal(700, store.Apply(Ops.Deposit("t2", "A-01", 700)).Accounts.Single().BalanceCents);
    }

    [Fact]
    public void A_rule_reads_the_writes_of_the_rules_before_it_in_the_same_group_commit()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));

        var results = store.TransactEach(
        [
            s => ReplicaRules.Accept(s, store.FencedOn(Ops.Deposit("t2", "A-01", 300))),
            s => (s.Get("A-01").BalanceCents, s.EntryAt("A-01", 2)?.TxId),
        ]);

        Assert.Null(results[0].Error);
        Assert.Equal((300L, "t2"), results[1].Result);
    }

    [Fact]
    public void A_truncated_row_is_not_read_back_after_its_account_was_written()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        store.Apply(Ops.Deposit("t2", "A-01", 500));
        var first = store.ReadEntries("A-01", 0, 1).Single();

        store.Transact(s =>
        {
            s.TruncateAfter("A-01", 1);
            s.Put(s.Get("A-01") with { Version = 1, BalanceCents = 0, Head = first.Hash });
            return 0;
        });

        Assert.Null(store.Transact(s => s.EntryAt("A-01", 2)));
        Assert.Equal(first, store.Transact(s => s.EntryAt("A-01", 1)));
    }

    [Fact]
    public void The_newest_row_read_back_by_the_writer_equals_the_row_in_the_file()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        store.Apply(Ops.Deposit("t2", "A-01", 500));

        // The writer remembers the row it appended; the reader's connection reads the file.
        Assert.Equal(store.ReadEntries("A-01", 1, 1).Single(), store.Transact(s => s.EntryAt("A-01", 2)));
    }

    [Fact]
    public void A_ledger_row_another_connection_added_above_the_newest_is_found_not_taken_as_absent()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        store.Apply(Ops.Deposit("t2", "A-01", 500));
        store.Checkpoint();
        // The writer now knows the account's newest row in the tables is version 2.
        Assert.Null(store.Transact(s => s.EntryAt("A-01", 3)));

        using (var shell = file.Connect())
        using (var insert = shell.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO ledger (tx_id, account_no, version, kind, counterparty, counterparty_version, amount_cents,
                                    balance_after_cents, owner, committed_at_ms, prev_hash, hash, payload)
                SELECT 'shell', account_no, 3, kind, counterparty, counterparty_version, amount_cents,
                       balance_after_cents, owner, committed_at_ms, hash, 'added', payload
                FROM ledger WHERE account_no = 'A-01' AND version = 2;
                """;
            Assert.Equal(1, insert.ExecuteNonQuery());
        }

        Assert.Equal("added", store.Transact(s => s.EntryAt("A-01", 3))?.Hash);
    }

    [Fact]
    public void A_version_truncated_away_and_written_again_is_found()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        store.Apply(Ops.Deposit("t2", "A-01", 500));
        store.Apply(Ops.Deposit("t3", "A-01", 700));
        store.Checkpoint();
        var second = store.Transact(s => s.EntryAt("A-01", 2))!;

        store.Transact(s =>
        {
            s.TruncateAfter("A-01", 1);
            return 0;
        });
        store.Checkpoint();
        Assert.Null(store.Transact(s => s.EntryAt("A-01", 2)));

        store.Transact(s =>
        {
            s.Append(second);
            return 0;
        });
        store.Checkpoint();
        Assert.Equal(second.Hash, store.Transact(s => s.EntryAt("A-01", 2))?.Hash);
        Assert.Null(store.Transact(s => s.EntryAt("A-01", 3)));
    }

    [Fact]
    public void A_ledger_row_another_connection_changed_is_read_from_the_file_not_from_the_writers_memory()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        store.Apply(Ops.Deposit("t2", "A-01", 500));
        Assert.NotEqual("edited", store.Transact(s => s.EntryAt("A-01", 2))!.Hash);
        store.Checkpoint();

        // An operator's shell edits the newest row, checkpointed to the tables, while the store is open.
        using (var shell = file.Connect())
        using (var edit = shell.CreateCommand())
        {
            edit.CommandText = "UPDATE ledger SET hash = 'edited' WHERE account_no = 'A-01' AND version = 2;";
            Assert.Equal(1, edit.ExecuteNonQuery());
        }

        Assert.Equal("edited", store.Transact(s => s.EntryAt("A-01", 2))!.Hash);
    }
}
