using System.Reflection;
using Npgsql;

namespace BankOrleans.Silo.Postgres;

/// <summary>
/// Orleans' official PostgreSQL clustering scripts (vendored as embedded resources, MIT) and
/// their idempotent application: the first silo to start creates the membership tables and
/// queries, every later start finds them and changes nothing. Safe when all silos start at
/// once: the check and the creation run in one transaction under a PostgreSQL advisory lock.
/// </summary>
public static class PostgresOrleansSchema
{
    /// <summary>The ADO.NET invariant Orleans maps to Npgsql.</summary>
    public const string Invariant = "Npgsql";

    // An arbitrary constant that names "the Orleans clustering schema" among advisory locks.
    private const long SchemaLockKey = 0x42414E4B_4D454D42; // "BANKMEMB"

    private const string MainResource = "BankOrleans.Silo.Postgres.PostgreSQL-Main.sql";
    private const string ClusteringResource = "BankOrleans.Silo.Postgres.PostgreSQL-Clustering.sql";

    /// <summary>Orleans' shared script: the <c>OrleansQuery</c> table every ADO.NET provider reads its SQL from.</summary>
    public static string MainScript => ReadResource(MainResource);

    /// <summary>Orleans' clustering script: membership tables, functions and their queries.</summary>
    public static string ClusteringScript => ReadResource(ClusteringResource);

    /// <summary>
    /// Creates the Orleans clustering schema in the database of <paramref name="connectionString"/>
    /// unless it exists. Returns true when this call created it.
    /// </summary>
    public static async Task<bool> EnsureClusteringSchemaAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({SchemaLockKey});", cancellationToken).ConfigureAwait(false);
        // Unquoted identifiers in the scripts fold to lower case.
        if (await ExistsAsync(connection, "orleansmembershiptable", cancellationToken).ConfigureAwait(false))
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }

        if (!await ExistsAsync(connection, "orleansquery", cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(connection, MainScript, cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, ClusteringScript, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL;", connection);
        command.Parameters.AddWithValue("table", table);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing from {typeof(PostgresOrleansSchema).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
