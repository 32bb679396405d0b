using System.Reflection;
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
                o.ConnectionString = ConnectionString(options.StorageFile);
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
        await using var connection = new SqliteConnection(ConnectionString(path));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "BEGIN IMMEDIATE;\n" + ReadSchema() + "\nCOMMIT;", cancellationToken).ConfigureAwait(false);
    }

    // Pooling is off as in the bank silo: a command that failed inside a transaction must not
    // leave it open on a pooled connection. The default timeout doubles as the busy timeout.
    private static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Pooling = false,
        DefaultTimeout = 5,
        Mode = SqliteOpenMode.ReadWriteCreate,
    }.ToString();

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
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
