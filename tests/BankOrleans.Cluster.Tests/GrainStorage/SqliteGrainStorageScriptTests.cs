using BankOrleans.Silo.Sqlite;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Cluster.Tests.GrainStorage;

/// <summary>
/// The project's SQLite grain-storage queries, run the way Orleans' ADO.NET provider runs them
/// (parameters it binds, every result set read, the NewGrainStateVersion values collected).
/// The provider treats "no row" or "the caller's own version echoed back" as an etag conflict.
/// </summary>
public sealed class SqliteGrainStorageScriptTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bank-grainstorage-tests-" + Guid.NewGuid().ToString("N"));
    private string DatabasePath => Path.Combine(_directory, "grainstate.db");

    public Task InitializeAsync() => SqliteOrleansSchema.EnsureGrainStorageSchemaAsync(DatabasePath);

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task First_write_creates_version_1_and_each_matching_write_increments_it()
    {
        Assert.Equal([1], await WriteAsync(expectedVersion: null, payload: [1]));
        Assert.Equal([2], await WriteAsync(expectedVersion: 1, payload: [2]));
        var (payload, version) = await ReadAsync();
        Assert.Equal([2], payload);
        Assert.Equal(2, version);
    }

    [Fact]
    public async Task Second_first_write_of_the_same_grain_is_a_conflict_and_changes_nothing()
    {
        await WriteAsync(expectedVersion: null, payload: [1]);

        var duplicate = await WriteAsync(expectedVersion: null, payload: [9]);

        Assert.Empty(duplicate);
        var (payload, version) = await ReadAsync();
        Assert.Equal([1], payload);
        Assert.Equal(1, version);
    }

    [Fact]
    public async Task Write_with_a_stale_version_echoes_it_back_and_changes_nothing()
    {
        await WriteAsync(expectedVersion: null, payload: [1]);
        await WriteAsync(expectedVersion: 1, payload: [2]);

        var stale = await WriteAsync(expectedVersion: 1, payload: [9]);

        Assert.Equal([1], stale);
        var (payload, version) = await ReadAsync();
        Assert.Equal([2], payload);
        Assert.Equal(2, version);
    }

    private async Task<int?[]> WriteAsync(int? expectedVersion, byte[] payload)
    {
        await using var connection = await OpenAsync();
        await using var command = await QueryAsync(connection, "WriteToStorageKey", expectedVersion);
        command.Parameters.AddWithValue("PayloadBinary", payload);
        var versions = new List<int?>();
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
                versions.Add(reader.IsDBNull(0) ? null : reader.GetInt32(0));
            }
        }
        while (await reader.NextResultAsync());

        return [.. versions];
    }

    private async Task<(byte[] Payload, int Version)> ReadAsyncRaw()
    {
        await using var connection = await OpenAsync();
        await using var command = await QueryAsync(connection, "ReadFromStorageKey", expectedVersion: null);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return ((byte[])reader["PayloadBinary"], reader.GetInt32(reader.GetOrdinal("Version")));
    }

    private async Task<(int[] Payload, int Version)> ReadAsync()
    {
        var (payload, version) = await ReadAsyncRaw();
        return ([.. payload.Select(b => (int)b)], version);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(SqliteOrleansSchema.ConnectionString(DatabasePath));
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<SqliteCommand> QueryAsync(SqliteConnection connection, string key, int? expectedVersion)
    {
        await using var lookup = connection.CreateCommand();
        lookup.CommandText = "SELECT QueryText FROM OrleansQuery WHERE QueryKey = $key";
        lookup.Parameters.AddWithValue("$key", key);
        var command = connection.CreateCommand();
        command.CommandText = (string)(await lookup.ExecuteScalarAsync())!;
        command.Parameters.AddWithValue("GrainIdHash", 42);
        command.Parameters.AddWithValue("GrainIdN0", 0L);
        command.Parameters.AddWithValue("GrainIdN1", 7L);
        command.Parameters.AddWithValue("GrainTypeHash", 43);
        command.Parameters.AddWithValue("GrainTypeString", "epoch");
        command.Parameters.AddWithValue("GrainIdExtensionString", DBNull.Value);
        command.Parameters.AddWithValue("ServiceId", "bank-orleans");
        command.Parameters.AddWithValue("GrainStateVersion", expectedVersion is { } v ? v : DBNull.Value);
        return command;
    }
}
