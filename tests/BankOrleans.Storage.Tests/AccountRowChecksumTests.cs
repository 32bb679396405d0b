using BankOrleans.Contracts.Replication;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage.Tests;

/// <summary>
/// Every accounts row carries a checksum of its columns: a row changed on disk so that SQLite
/// still parses it, in a column no ledger hash covers (the ballots, the frozen flag), is caught
/// before the replica votes with it.
/// </summary>
public sealed class AccountRowChecksumTests
{
    private static readonly Ballot Promised = new(5, 9, 2);

    [Theory]
    [InlineData("promised_counter = promised_counter - 1")]
    [InlineData("promised_epoch = 0")]
    [InlineData("accepted_member = 3")]
    [InlineData("accepted_member = 4294967297")]
    [InlineData("frozen = 1 - frozen")]
    [InlineData("owner = 'mallory'")]
    public void An_account_row_changed_on_disk_makes_the_file_count_as_damaged(string change)
    {
        using var file = FileWithPromisedAccount();
        Edit(file, change);

        using var reopened = file.Open();

        Assert.Contains("fails its checksum", reopened.StartReason, StringComparison.Ordinal);
        Assert.Null(reopened.GetAccount("A-01"));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(file.Path)!, "replica.db.damaged-*"));
    }

    [Fact]
    public void An_account_row_changed_on_disk_while_the_store_is_open_is_read_as_corrupt()
    {
        using var file = FileWithPromisedAccount();
        using var store = file.Open();
        store.Checkpoint();
        Edit(file, "promised_counter = 0");

        var error = Assert.Throws<SqliteException>(() => store.Prepare(new PrepareRequest(Promised with { Counter = 1 }, ["A-01"])));

        Assert.True(ReplicaFileCheck.IsCorruption(error));
        Assert.Contains("fails its checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_from_before_row_checksums_gets_them_at_open_and_keeps_its_state()
    {
        using var file = FileWithPromisedAccount();
        AccountState before;
        using (var store = file.Open())
        {
            before = store.GetAccount("A-01")!;
        }

        using (var shell = file.Connect())
        using (var downgrade = shell.CreateCommand())
        {
            downgrade.CommandText = "ALTER TABLE accounts DROP COLUMN row_sum; PRAGMA user_version = 4;";
            downgrade.ExecuteNonQuery();
        }

        using var reopened = file.Open();

        Assert.DoesNotContain("failed its check", reopened.StartReason, StringComparison.Ordinal);
        Assert.Equal(5, reopened.SchemaVersion);
        Assert.Equal(before, reopened.GetAccount("A-01"));
        Assert.Equal(Promised, before.PromisedBallot);
    }

    // A closed file holding A-01, opened and then promised to a higher ballot, in its tables.
    private static TempReplicaFile FileWithPromisedAccount() => TempReplicaFile.WithOneAccount(store =>
    {
        Assert.True(store.Prepare(new PrepareRequest(Promised, ["A-01"])).Promised);
        store.Checkpoint();
    });

    // An edit of A-01's row outside the store, as a flipped byte or an operator's shell would make it.
    private static void Edit(TempReplicaFile file, string change)
    {
        using var shell = file.Connect();
        using var edit = shell.CreateCommand();
        edit.CommandText = $"UPDATE accounts SET {change} WHERE account_no = 'A-01';";
        Assert.Equal(1, edit.ExecuteNonQuery());
    }
}
