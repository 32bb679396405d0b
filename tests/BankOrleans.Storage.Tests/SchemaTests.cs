using BankOrleans.Contracts.Replication;
using BankOrleans.Storage.Schema;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage.Tests;

public sealed class SchemaTests
{
    [Fact]
    public void Opening_a_new_file_creates_the_schema_at_the_latest_version()
    {
        using var file = new TempReplicaFile();
        using (var store = file.Open())
        {
            Assert.Equal(ReplicaMigrations.Latest, store.SchemaVersion);
            Assert.Equal(file.Path, store.Path);
        }

        using var connection = file.Connect(SqliteOpenMode.ReadOnly);
        Assert.Equal(ReplicaMigrations.Latest, SchemaMigrator.ReadVersion(connection));
        Assert.Equal(["accounts", "ledger", "replica_identity", "replica_log"], Tables(connection));
    }

    [Fact]
    public void Opening_creates_the_missing_directory()
    {
        using var file = new TempReplicaFile(Path.Combine("data", "nested", "master-1.db"));
        using var store = file.Open();
        Assert.True(File.Exists(file.Path));
    }

    [Fact]
    public void Reopening_an_existing_file_keeps_its_data_and_migrates_nothing_twice()
    {
        using var file = new TempReplicaFile();
        using (var store = file.Open())
        {
            store.Apply(Ops.Open("t1", "A-01", "alice"));
            store.Apply(Ops.Deposit("t2", "A-01", 1250));
        }

        for (var i = 0; i < 3; i++)
        {
            using var store = file.Open();
            Assert.Equal(ReplicaMigrations.Latest, store.SchemaVersion);
            var account = store.GetAccount("A-01");
            Assert.NotNull(account);
            Assert.Equal(1250, account.BalanceCents);
            Assert.Equal(2, account.Version);
            Assert.Equal(2, store.ReadEntries("A-01", 0, 10).Count);
        }
    }

    [Fact]
    public void The_store_keeps_a_64_MiB_page_cache()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();

        // Negative: a size in KiB rather than in pages.
        Assert.Equal("-65536", store.QueryPragma("cache_size"));
    }

    [Fact]
    public void The_store_checkpoints_its_WAL_only_after_20000_pages()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();

        Assert.Equal("20000", store.QueryPragma("wal_autocheckpoint"));
    }

    [Fact]
    public void An_account_promised_before_it_was_opened_is_listed_under_its_owner_and_keeps_its_later_writes()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();

        // The promise writes an owner-less row; the open must still set the owner.
        Assert.True(store.Prepare(new PrepareRequest(Ops.FirstBallot, ["A-01"])).Promised);
        store.Apply(Ops.Open("t1", "A-01", "alice"));
        store.Apply(Ops.Deposit("t2", "A-01", 700));

        var owned = Assert.Single(store.OwnedBy("alice"));
        Assert.Equal("A-01", owned.Account);
        Assert.Equal(700, owned.BalanceCents);
        Assert.Equal(2, owned.Version);
    }

    [Fact]
    public void The_store_runs_in_WAL_mode_with_synchronous_FULL_and_a_busy_timeout()
    {
        using var file = new TempReplicaFile();
        using var store = file.Open();

        Assert.Equal("wal", store.QueryPragma("journal_mode"));
        Assert.Equal("2", store.QueryPragma("synchronous")); // 2 = FULL
        Assert.Equal("5000", store.QueryPragma("busy_timeout"));

        // WAL is a property of the file, so other connections see it too.
        using var connection = file.Connect(SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public void A_file_written_by_a_newer_schema_is_refused()
    {
        using var file = new TempReplicaFile();
        using (var connection = file.Connect())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"PRAGMA user_version = {ReplicaMigrations.Latest + 1};";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidOperationException>(file.Open);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Migrations_are_numbered_one_by_one_from_one()
    {
        Assert.Equal(Enumerable.Range(1, ReplicaMigrations.All.Count), ReplicaMigrations.All.Select(m => m.Version));
    }

    [Fact]
    public void A_migration_that_fails_leaves_the_file_at_its_old_version()
    {
        using var file = new TempReplicaFile();
        using var connection = file.Connect();
        Migration[] migrations =
        [
            ReplicaMigrations.All[0],
            new(2, "broken", "CREATE TABLE users (username TEXT PRIMARY KEY); INSERT INTO nowhere VALUES (1);"),
        ];

        Assert.Throws<SqliteException>(() => SchemaMigrator.Migrate(connection, migrations));

        Assert.Equal(0, SchemaMigrator.ReadVersion(connection));
        Assert.Empty(Tables(connection));
    }

    [Fact]
    public void A_new_migration_is_applied_to_a_file_at_the_previous_version()
    {
        using var file = new TempReplicaFile();
        using var connection = file.Connect();
        SchemaMigrator.Migrate(connection, ReplicaMigrations.All);
        Migration[] next = [.. ReplicaMigrations.All, new(ReplicaMigrations.Latest + 1, "users", "CREATE TABLE users (username TEXT PRIMARY KEY) STRICT;")];

        Assert.Equal(ReplicaMigrations.Latest + 1, SchemaMigrator.Migrate(connection, next));
        Assert.Equal(ReplicaMigrations.Latest + 1, SchemaMigrator.Migrate(connection, next));
        Assert.Equal(["accounts", "ledger", "replica_identity", "replica_log", "users"], Tables(connection));
    }

    private static string[] Tables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name;";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return [.. names];
    }
}
