using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Replica;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage;

/// <summary>
/// The check a replica file passes at open before its state is believed (ARCHITECTURE §5b):
/// SQLite's own integrity check, then every account row against its checksum and every
/// account's ledger as one valid hash chain that ends at the account row. A file that fails is treated as lost and rebuilt from the peers.
/// </summary>
internal static class ReplicaFileCheck
{
    /// <summary>Null when SQLite's integrity check passes; otherwise what it found.</summary>
    public static string? PageProblem(SqliteConnection connection)
    {
        using var integrity = connection.CreateCommand();
        integrity.CommandText = "PRAGMA integrity_check(1);";
        var answer = integrity.ExecuteScalar() as string;
        return string.Equals(answer, "ok", StringComparison.Ordinal) ? null : "SQLite integrity check: " + answer;
    }

    /// <summary>
    /// Null when every account row passes its checksum and every account's ledger is one valid
    /// hash chain ending at its row; otherwise what is wrong. Reads the newest schema.
    /// </summary>
    public static string? RowProblem(SqliteConnection connection)
    {
        using var state = new SqliteReplicaState(connection, memoize: false);
        IReadOnlyList<AccountState> accounts;
        try
        {
            accounts = state.ListAccounts();
        }
        catch (SqliteException exception) when (IsCorruption(exception))
        {
            return exception.Message;
        }

        foreach (var account in accounts)
        {
            var rows = state.EntriesAfter(account.Account, 0, int.MaxValue);
            if (!LedgerHash.IsValidChain(0, "", rows)
                || rows.Count != account.Version
                || !ReplicaIntegrity.IsIntact(account, rows.Count > 0 ? rows[^1] : null))
            {
                return $"the ledger of {account.Account} is not one valid hash chain ending at its account row";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="exception"/> says the file is damaged (SQLITE_CORRUPT or SQLITE_NOTADB).</summary>
    public static bool IsCorruption(Exception exception) => exception is SqliteException { SqliteErrorCode: 11 or 26 };
}
