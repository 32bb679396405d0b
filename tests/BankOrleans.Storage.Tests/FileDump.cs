using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage.Tests;

/// <summary>What a replica file holds, read through a connection of the test's own: every row and the raw bytes.</summary>
internal sealed record FileDump(string Rows, byte[] Database, byte[] Wal)
{
    public static FileDump Of(TempReplicaFile file)
    {
        var rows = new StringBuilder();
        using (var connection = file.Connect(SqliteOpenMode.ReadOnly))
        {
            foreach (var sql in new[]
                     {
                         "PRAGMA user_version;",
                         "SELECT * FROM accounts ORDER BY account_no;",
                         "SELECT * FROM ledger ORDER BY account_no, version;",
                     })
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        rows.Append(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                    }

                    rows.AppendLine();
                }
            }
        }

        return new FileDump(rows.ToString(), ReadShared(file.Path), ReadShared(file.Path + "-wal"));
    }

    private static byte[] ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
