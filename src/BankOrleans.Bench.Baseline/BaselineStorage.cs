using System.Data.Common;
using System.Reflection;
using BankOrleans.Silo.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace BankOrleans.Bench.Baseline;

/// <summary>The grain storage behind the baseline accounts' transactional state.</summary>
public static class BaselineStorage
{
    /// <summary>The storage provider name the account grain's transactional state uses.</summary>
    public const string Name = "baseline";

    /// <summary>The ADO.NET invariant Orleans maps to Microsoft.Data.Sqlite.</summary>
    private const string SqliteInvariant = "System.Data.SQLite";

    private const string SchemaResource = "BankOrleans.Bench.Baseline.Sqlite-GrainStorage.sql";

    /// <summary>How long a state write waits for the file's write lock before it fails.</summary>
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Adds the named grain storage: ADO.NET on this silo's SQLite file, or in memory.</summary>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddBaselineStorage(this ISiloBuilder builder, BaselineSiloOptions options)
    {
        if (options.Storage == BaselineStorageKind.Memory)
        {
            return builder.AddMemoryGrainStorage(Name);
        }

        return builder.AddAdoNetGrainStorage(Name, (OptionsBuilder<AdoNetGrainStorageOptions> storage) =>
            storage.Configure<Serializer>((o, serializer) =>
            {
                o.Invariant = SqliteInvariant;
                // Every grain's state write takes the file's write lock (BEGIN IMMEDIATE); with
                // many grains writing at once they wait for each other's lock in SQLite, not in
                // Microsoft.Data.Sqlite's 150-ms retry sleeps.
                o.DataSource = new SqliteBusyWaitDataSource(ConnectionString(options.StorageFile), BusyTimeout);
                // Orleans' binary serializer: the fastest the provider offers, so the peer is not
                // slowed down by JSON.
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
    }

    /// <summary>
    /// Creates the SQLite file with the project's grain-storage schema (WAL). SQLite's default
    /// <c>synchronous=FULL</c> is kept: every commit is fsynced.
    /// </summary>
    public static async Task EnsureSchemaAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var connection = await new SqliteBusyWaitDataSource(ConnectionString(path), BusyTimeout)
            .OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "BEGIN IMMEDIATE;\n" + ReadSchema() + "\nCOMMIT;", cancellationToken).ConfigureAwait(false);
    }

    // Pooling is Microsoft.Data.Sqlite's default, as an Orleans user would run it: without it
    // every state write opens the file anew, and the peer did 216 transfers/s at C=64 instead
    // of about 500 (docs/benchmarks.md). The data source
    // rolls back what a failed script left open before a connection goes back to the pool.
    private static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Pooling = true,
        DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        Mode = SqliteOpenMode.ReadWriteCreate,
    }.ToString();

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ReadSchema()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(SchemaResource)
            ?? throw new InvalidOperationException($"embedded resource '{SchemaResource}' is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
