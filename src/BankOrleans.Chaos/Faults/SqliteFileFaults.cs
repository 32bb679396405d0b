using System.Buffers.Binary;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Chaos.Faults;

/// <summary>
/// What a lost, restored or corrupted disk does to a SQLite file in WAL mode (ARCHITECTURE §5b):
/// delete it with its <c>-wal</c>/<c>-shm</c>, copy it consistently while its silo writes, or flip
/// bytes inside one of its B-tree pages while its silo is stopped. Every connection here is unpooled,
/// so the file is closed when the method returns.
/// </summary>
internal static class SqliteFileFaults
{
    private static readonly string[] Companions = ["-wal", "-shm"];

    /// <summary>Deletes <paramref name="path"/> and its <c>-wal</c>/<c>-shm</c>; returns the names it deleted.</summary>
    public static IReadOnlyList<string> Delete(string path)
    {
        var deleted = new List<string>();
        foreach (var file in Companions.Select(c => path + c).Prepend(path))
        {
            if (File.Exists(file))
            {
                File.Delete(file);
                deleted.Add(Path.GetFileName(file));
            }
        }

        return deleted;
    }

    /// <summary>
    /// A consistent copy of the live file at <paramref name="source"/> (SQLite's online backup API:
    /// one read transaction, so the copy is one committed state, whatever the writer does meanwhile),
    /// written to <paramref name="target"/>; returns the copy's size in bytes.
    /// </summary>
    public static long Backup(string source, string target)
    {
        Delete(target);
        using (var from = Open(source, SqliteOpenMode.ReadWrite))
        using (var to = Open(target, SqliteOpenMode.ReadWriteCreate))
        {
            from.BackupDatabase(to);
        }

        // The copy's last connection is closed: nothing of it may be left outside the file itself.
        foreach (var companion in Companions)
        {
            File.Delete(target + companion);
        }

        return new FileInfo(target).Length;
    }

    /// <summary>
    /// Puts the copy at <paramref name="backup"/> in place of the (stopped) file at <paramref name="path"/>:
    /// the file and its <c>-wal</c>/<c>-shm</c> are deleted first, so none of the newer state survives.
    /// </summary>
    public static void Restore(string backup, string path)
    {
        Delete(path);
        File.Move(backup, path);
    }

    /// <summary>
    /// Corrupts the stopped file at <paramref name="path"/>: first checkpoints its WAL into the file
    /// (the live pages may all be in <c>-wal</c>), then XORs 8 bytes at a random place inside the
    /// cell content area of a random B-tree page of the given tables or their indexes (found with the
    /// <c>dbstat</c> table; where SQLite lacks it, as the bundled build does, a leaf reached from a
    /// random root page through random children, preferring a tree that holds rows, since bytes
    /// of an empty page are never read). Never the 100-byte file header. Returns what it did, for
    /// the run's log.
    /// </summary>
    public static string CorruptPage(string path, IReadOnlyList<string> tables, Random random)
    {
        int pageSize;
        List<long> pages;
        string how;
        using (var connection = Open(path, SqliteOpenMode.ReadWrite))
        {
            var checkpoint = Scalar(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
            if (checkpoint != 0)
            {
                throw new InvalidOperationException($"the checkpoint of {path} was blocked (busy = {checkpoint})");
            }

            pageSize = (int)Scalar(connection, "PRAGMA page_size;");
            var inTables = string.Join(", ", tables.Select(t => $"'{t}'"));
            var objects = $"SELECT name FROM sqlite_schema WHERE tbl_name IN ({inTables}) AND rootpage > 0";
            try
            {
                pages = Column(connection, $"SELECT pageno FROM dbstat WHERE name IN ({objects}) AND pagetype IN ('leaf', 'internal') ORDER BY pageno;");
                how = "dbstat";
            }
            catch (SqliteException)
            {
                pages = Column(connection, $"SELECT rootpage FROM sqlite_schema WHERE name IN ({objects}) ORDER BY rootpage;");
                how = "root pages";
            }
        }

        foreach (var companion in Companions)
        {
            File.Delete(path + companion);
        }

        pages.RemoveAll(p => p <= 1);
        if (pages.Count == 0)
        {
            throw new InvalidOperationException($"no B-tree page of {string.Join(", ", tables)} in {path}");
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var bytes = new byte[pageSize];
        long page;
        if (how == "dbstat")
        {
            page = pages[random.Next(pages.Count)];
            RandomAccess.Read(file.SafeFileHandle, bytes, (page - 1) * pageSize);
        }
        else
        {
            page = LeafWithRows(file, pages, bytes, random);
            how = "a leaf under their root pages";
        }

        var start = (page - 1) * pageSize;
        // B-tree page header: bytes 5-6 are where the cell content area starts (0 means 65536).
        // Past the largest page header (12 bytes) if the header itself is odd.
        int contentStart = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(5));
        var from = contentStart is < 12 || contentStart > pageSize - 8 ? 12 : contentStart;
        var offset = from + random.Next(pageSize - 8 - from + 1);
        for (var i = 0; i < 8; i++)
        {
            bytes[offset + i] ^= (byte)(1 + random.Next(255));
        }

        RandomAccess.Write(file.SafeFileHandle, bytes.AsSpan(offset, 8), start + offset);
        file.Flush(flushToDisk: true);
        return $"page {page} of {new FileInfo(path).Length / pageSize} (one of {pages.Count} B-tree pages of {string.Join("/", tables)}, by {how}), 8 bytes XORed at page offset {offset}";
    }

    // A leaf of a random tree among `roots`, reached through random children, read into `bytes`;
    // the first tree tried whose leaf holds a cell, or the last one tried if none does.
    private static long LeafWithRows(FileStream file, List<long> roots, byte[] bytes, Random random)
    {
        var page = 0L;
        foreach (var root in roots.OrderBy(_ => random.Next()).ToArray())
        {
            page = root;
            RandomAccess.Read(file.SafeFileHandle, bytes, (page - 1) * bytes.Length);
            // Interior pages (2: index, 5: table): 12-byte header, cell pointers, each cell led by its child's page number.
            for (var depth = 0; depth < 64 && bytes[0] is 2 or 5; depth++)
            {
                int cells = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(3));
                var pick = random.Next(cells + 1);
                page = pick == cells
                    ? BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8))
                    : BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(12 + (2 * pick)))));
                RandomAccess.Read(file.SafeFileHandle, bytes, (page - 1) * bytes.Length);
            }

            if (BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(3)) > 0)
            {
                break;
            }
        }

        return page;
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            // Pooling would keep the file open after Dispose: the silo must find it closed.
            Pooling = false,
            DefaultTimeout = 10,
        }.ToString());
        connection.Open();
        using var busy = connection.CreateCommand();
        busy.CommandText = "PRAGMA busy_timeout = 10000;";
        busy.ExecuteNonQuery();
        return connection;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<long> Column(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read())
        {
            values.Add(reader.GetInt64(0));
        }

        return values;
    }
}
