using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Replica;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage;

/// <summary>
/// The check a replica file passes at open before its state is believed (ARCHITECTURE §5b):
/// SQLite's own integrity check, then every account's ledger as one valid hash chain that ends
/// at the account row. A file that fails is treated as lost and rebuilt from the peers.
/// </summary>
internal static class ReplicaFileCheck
{
    /// <summary>Null when the file passes; otherwise what is wrong with it.</summary>
    public static string? Problem(SqliteConnection connection)
    {
        using (var integrity = connection.CreateCommand())
        {
            integrity.CommandText = "PRAGMA integrity_check(1);";
            var answer = integrity.ExecuteScalar() as string;
            if (!string.Equals(answer, "ok", StringComparison.Ordinal))
            {
                return "SQLite integrity check: " + answer;
            }
        }

        using var state = new SqliteReplicaState(connection, memoize: false);
        foreach (var account in state.ListAccounts())
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
