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
    /// (the live pages may all be in <c>-wal</c>), then XORs up to 8 bytes inside one live cell (a
    /// row, an index entry or a child pointer) of a random B-tree page of the given tables or their
    /// indexes (found with the <c>dbstat</c> table; where SQLite lacks it, as the bundled build
    /// does, a leaf reached from a random root page through random children, preferring a tree that
    /// holds rows). Only bytes SQLite reads are changed: never freed space inside a page, whose
    /// change no check could see, and never the 100-byte file header. Returns what it did, for the
    /// run's log.
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
            // A random page that holds a cell (an empty root is listed too, and has none).
            page = 0;
            foreach (var candidate in pages.OrderBy(_ => random.Next()).ToArray())
            {
                page = candidate;
                RandomAccess.Read(file.SafeFileHandle, bytes, (page - 1) * pageSize);
                if (BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(3)) > 0)
                {
                    break;
                }
            }
        }
        else
        {
            page = LeafWithRows(file, pages, bytes, random);
            how = "a leaf under their root pages";
        }

        var start = (page - 1) * pageSize;
        var (cell, cellStart, cellEnd) = PickCell(bytes, random);
        var length = Math.Min(8, cellEnd - cellStart);
        var offset = cellStart + random.Next(cellEnd - cellStart - length + 1);
        for (var i = 0; i < length; i++)
        {
            bytes[offset + i] ^= (byte)(1 + random.Next(255));
        }

        RandomAccess.Write(file.SafeFileHandle, bytes.AsSpan(offset, length), start + offset);
        file.Flush(flushToDisk: true);
        return $"page {page} of {new FileInfo(path).Length / pageSize} (one of {pages.Count} B-tree pages of {string.Join("/", tables)}, by {how}), "
            + $"{length} bytes XORed at page offset {offset}, inside cell {cell} (bytes {cellStart}-{cellEnd - 1})";
    }

    // A random cell of the B-tree page in `page` and the bytes of it that SQLite reads: an
    // interior cell's child pointer and key, a leaf cell's header and the payload kept on the page
    // (file format §1.6). Throws for a page without cells: nothing on it is ever read.
    private static (int Cell, int Start, int End) PickCell(byte[] page, Random random)
    {
        int type = page[0];
        var headerSize = type switch
        {
            2 or 5 => 12,
            10 or 13 => 8,
            _ => throw new InvalidOperationException($"not a B-tree page (type {type})"),
        };
        int cells = BinaryPrimitives.ReadUInt16BigEndian(page.AsSpan(3));
        if (cells == 0)
        {
            throw new InvalidOperationException("the page holds no cell");
        }

        var cell = random.Next(cells);
        int start = BinaryPrimitives.ReadUInt16BigEndian(page.AsSpan(headerSize + (2 * cell)));
        var at = start;
        if (type is 2 or 5)
        {
            at += 4; // the left child's page number
        }

        if (type == 5)
        {
            at += VarintLength(page, at); // the key (a rowid); no payload
            return (cell, start, at);
        }

        var payload = ReadVarint(page, ref at);
        if (type == 13)
        {
            at += VarintLength(page, at); // the rowid
        }

        return (cell, start, at + (int)LocalPayload(payload, page.Length, table: type == 13));
    }

    // How much of a payload of `size` bytes a cell keeps on its page (the rest overflows).
    private static long LocalPayload(long size, int usable, bool table)
    {
        var maxLocal = table ? usable - 35 : ((usable - 12) * 64 / 255) - 23;
        if (size <= maxLocal)
        {
            return size;
        }

        var minLocal = ((usable - 12) * 32 / 255) - 23;
        var local = minLocal + ((size - minLocal) % (usable - 4));
        return local <= maxLocal ? local : minLocal;
    }

    private static long ReadVarint(byte[] bytes, ref int at)
    {
        long value = 0;
        for (var i = 0; i < 9; i++)
        {
            var b = bytes[at++];
            if (i == 8)
            {
                return (value << 8) | b;
            }

            value = (value << 7) | (long)(b & 0x7f);
            if (b < 0x80)
            {
                return value;
            }
        }

        return value;
    }

    private static int VarintLength(byte[] bytes, int at)
    {
        var end = at;
        ReadVarint(bytes, ref end);
        return end - at;
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
