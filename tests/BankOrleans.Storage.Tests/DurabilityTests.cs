using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage.Tests;

public sealed class DurabilityTests
{
    [Fact]
    public void An_accepted_write_is_seen_by_a_new_store_on_the_same_file_while_the_first_is_open()
    {
        using var file = new TempReplicaFile();
        using var writer = file.Open();
        writer.Apply(Ops.Open("t1", "A-01", "alice"));
        var outcome = writer.Apply(Ops.Deposit("t2", "A-01", 700));

        using var reader = file.Open();
        var account = reader.GetAccount("A-01");
        Assert.NotNull(account);
        Assert.Equal(new AccountBalance("A-01", 700, 2), outcome.Accounts.Single());
        Assert.Equal((700L, 2L, account.Head), (account.BalanceCents, account.Version, writer.GetAccount("A-01")!.Head));
    }

    [Fact]
    public void An_accepted_write_survives_in_the_files_as_a_crash_would_leave_them()
    {
        using var file = new TempReplicaFile();
        using var copy = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        store.Apply(Ops.Deposit("t2", "A-01", 900));

        // Copy the database and its WAL while the store still holds them open: no checkpoint,
        // no clean close, only what the commits put on disk.
        Directory.CreateDirectory(Path.GetDirectoryName(copy.Path)!);
        var dump = FileDump.Of(file);
        File.WriteAllBytes(copy.Path, dump.Database);
        File.WriteAllBytes(copy.Path + "-wal", dump.Wal);

        using var recovered = copy.Open();
        Assert.Equal(store.GetAccount("A-01"), recovered.GetAccount("A-01"));
        Assert.Equal(store.ReadEntries("A-01", 0, 10), recovered.ReadEntries("A-01", 0, 10));
    }

    [Fact]
    public void A_write_is_still_there_after_the_store_is_disposed_and_reopened()
    {
        using var file = new TempReplicaFile();
        OperationOutcome outcome;
        AccountState? before;
        using (var store = file.Open())
        {
            store.Apply(Ops.Open("t1", "A-01", "alice"));
            store.Apply(Ops.Open("t2", "A-02", "alice"));
            store.Apply(Ops.Deposit("t3", "A-01", 5000));
            outcome = store.Apply(Ops.Transfer("t4", "A-01", "A-02", 1234));
            before = store.GetAccount("A-02");
        }

        using var reopened = file.Open();
        Assert.True(outcome.Applied);
        Assert.Equal(before, reopened.GetAccount("A-02"));
        Assert.Equal(3766, reopened.GetAccount("A-01")!.BalanceCents);
        Assert.Equal(["t4", "t2"], reopened.History("A-02", 10).Select(e => e.TxId));
    }

    [Fact]
    public void A_promise_is_on_disk_when_prepare_returns()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        var ballot = new Ballot(3, 9, 2);

        Assert.True(store.Prepare(new PrepareRequest(ballot, ["A-07"])).Promised);

        using var other = file.Open();
        Assert.Equal(ballot, other.GetAccount("A-07")!.PromisedBallot);
        var refused = other.Prepare(new PrepareRequest(new Ballot(3, 8, 3), ["A-07"]));
        Assert.Equal((false, ballot), (refused.Promised, refused.HighestPromised));
    }

    [Fact]
    public void An_install_that_is_not_a_valid_chain_throws_and_leaves_the_file_exactly_as_before()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        store.Apply(Ops.Deposit("t2", "A-01", 300));
        var state = store.GetAccount("A-01")!;
        var rows = store.ReadEntries("A-01", 0, 10);
        var before = FileDump.Of(file);

        // Truncates to version 1 and appends a row whose hash does not match its content.
        var forged = rows[1] with { AmountCents = 30_000, BalanceAfterCents = 30_000 };
        var request = new InstallRequest(new Ballot(2, 1, 1), [new AccountInstall(1, rows[0].Hash, [forged], state with { BalanceCents = 30_000 })]);

        Assert.Throws<ArgumentException>(() => store.Install(request));

        var after = FileDump.Of(file);
        Assert.Equal(before.Rows, after.Rows);
        Assert.Equal(before.Database, after.Database);
        Assert.Equal(before.Wal, after.Wal);
    }

    [Fact]
    public void An_install_that_fails_after_writing_one_account_rolls_that_account_back()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        store.Apply(Ops.Deposit("t2", "A-01", 300));
        store.Apply(Ops.Open("t3", "A-02", "bob"));
        var a1 = store.GetAccount("A-01")!;
        var a2 = store.GetAccount("A-02")!;
        var before = FileDump.Of(file);

        // a valid repair that truncates its deposit. A-02: a valid chain that reuses
        // request id t3, which A-02 already holds below the base, so the row breaks the
        // table's primary key after A-01 has been rewritten.
        var a1Rows = store.ReadEntries("A-01", 0, 10);
        var a2Open = store.ReadEntries("A-02", 0, 10).Single();
        var duplicate = LedgerHash.Seal(new LedgerEntry("t3", "A-02", 2, EntryKind.Deposit, null, 0, 50, 50, "bob", Ops.At(9), a2Open.Hash, ""));
        var request = new InstallRequest(new Ballot(2, 1, 1),
        [
            new AccountInstall(1, a1Rows[0].Hash, [], a1 with { BalanceCents = 0, Version = 1, Head = a1Rows[0].Hash }),
            new AccountInstall(1, a2Open.Hash, [duplicate], a2 with { BalanceCents = 50, Version = 2, Head = duplicate.Hash }),
        ]);

        Assert.Throws<SqliteException>(() => store.Install(request));

        Assert.Equal(a1, store.GetAccount("A-01"));
        Assert.Equal(a2, store.GetAccount("A-02"));
        var after = FileDump.Of(file);
        Assert.Equal(before.Rows, after.Rows);
        Assert.Equal(before.Database, after.Database);
        Assert.Equal(before.Wal, after.Wal);
    }

    [Fact]
    public void Rules_that_throw_after_writing_leave_nothing_behind_and_the_store_stays_usable()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        var before = FileDump.Of(file);

        Assert.Throws<InvalidOperationException>(() => store.Transact<int>(s =>
        {
            s.Put(s.Get("A-01") with { BalanceCents = 1_000_000 });
            s.TruncateAfter("A-01", 0);
            throw new InvalidOperationException("rule failed halfway");
        }));

        Assert.Equal(before.Rows, FileDump.Of(file).Rows);
        Assert.Equal(1000, store.Apply(Ops.Deposit("t2", "A-01", 1000)).Accounts.Single().BalanceCents);
    }

    [Fact]
    public void Calls_after_dispose_throw_ObjectDisposedException()
    {
        using var file = new TempReplicaFile();
        var store = file.Open();
        store.Dispose();
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.GetAccount("A-01"));
        Assert.Throws<ObjectDisposedException>(() => store.Prepare(new PrepareRequest(Ops.FirstBallot, ["A-01"])));
    }

    [Fact]
    public async Task Concurrent_callers_are_serialised_and_every_write_lands()
    {
        using var file = new TempReplicaFile();
        await using var store = file.Open();
        string[] accounts = ["A-01", "A-02", "A-03", "A-04"];

        await Task.WhenAll(accounts.Select(account => Task.Run(() =>
        {
            store.Apply(Ops.Open($"{account}-open", account, "alice"));
            for (var i = 0; i < 20; i++)
            {
                store.Apply(Ops.Deposit($"{account}-{i}", account, 10));
            }
        })));

        Assert.All(store.ListAccounts(), a => Assert.Equal((200L, 21L), (a.BalanceCents, a.Version)));
        Assert.Equal(accounts, store.ListAccounts().Select(a => a.Account));
    }
}
