using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Replica;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage.Log;

/// <summary>
/// A replica's state as <see cref="ChangeLayer"/>s over its tables: reads look through the layers
/// from the top down to the tables, writes go to the top layer only. A layer's truncation hides
/// the rows below it above the truncated version, so a repair that replaced an account's rows in
/// memory is never mixed with the rows it replaced on disk.
/// </summary>
internal sealed class LayeredReplicaState : IReplicaState
{
    private readonly ChangeLayer? _top;
    private readonly ChangeLayer[] _layers;
    private readonly SqliteReplicaState _tables;
    private HashSet<(string Account, string TxId)>? _absentFromTables;

    /// <param name="tables">The replica's tables (read only through this view).</param>
    /// <param name="writable">Whether the first layer takes writes (false: a read-only view).</param>
    /// <param name="layers">The layers, top first.</param>
    public LayeredReplicaState(SqliteReplicaState tables, bool writable, params ChangeLayer[] layers)
    {
        _tables = tables;
        _layers = layers;
        _top = writable ? layers[0] : null;
    }

    /// <inheritdoc />
    public AccountState Get(string account) => Find(account) ?? AccountState.Empty(account);

    /// <summary>The account's newest state, or null if neither a layer nor the tables hold a row for it.</summary>
    public AccountState? Find(string account)
    {
        foreach (var layer in _layers)
        {
            if (layer.TryGetAccount(account, out var state))
            {
                return state;
            }
        }

        return _tables.Find(account);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The state breaks a constraint of the accounts table (as the file would refuse it).</exception>
    public void Put(AccountState state)
    {
        if (state.BalanceCents < 0 || state.Version < 0)
        {
            throw Constraint("CHECK constraint failed: accounts (balance_cents >= 0, version >= 0)");
        }

        Write(new ReplicaChange.Put(state));
    }

    /// <inheritdoc />
    public LedgerEntry? EntryAt(string account, long version)
    {
        var visible = long.MaxValue;
        foreach (var layer in _layers)
        {
            if (version > visible)
            {
                return null;
            }

            if (layer.EntriesOf(account) is { } rows && rows.TryGetValue(version, out var entry))
            {
                return entry;
            }

            visible = Math.Min(visible, layer.TruncatedTo(account));
        }

        return version > visible ? null : _tables.EntryAt(account, version);
    }

    /// <inheritdoc />
    public LedgerEntry? FindEntry(string account, string txId)
    {
        var visible = long.MaxValue;
        foreach (var layer in _layers)
        {
            if (layer.EntriesOf(account) is { } rows)
            {
                foreach (var entry in rows.Values)
                {
                    if (entry.Version <= visible && entry.TxId == txId)
                    {
                        return entry;
                    }
                }
            }

            visible = Math.Min(visible, layer.TruncatedTo(account));
        }

        if (_absentFromTables?.Contains((account, txId)) == true)
        {
            return null;
        }

        if (_tables.FindEntry(account, txId) is { } row && row.Version <= visible)
        {
            return row;
        }

        // The tables do not change while this view lives: an append's constraint check after the
        // rule's own idempotency check costs no second statement.
        (_absentFromTables ??= []).Add((account, txId));
        return null;
    }

    /// <inheritdoc />
    public IReadOnlyList<LedgerEntry> EntriesAfter(string account, long afterVersion, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }

        var (rows, visible) = LayerRows(account);
        // The tables hold the lowest versions; a layer's rows are all above what they hide.
        foreach (var row in _tables.EntriesAfter(account, afterVersion, limit, visible))
        {
            rows.TryAdd(row.Version, row);
        }

        return rows.Values.Where(r => r.Version > afterVersion).Take(limit).ToArray();
    }

    /// <summary>The account's newest rows, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<LedgerEntry> History(string account, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }

        var (rows, visible) = LayerRows(account);
        foreach (var row in _tables.History(account, limit, visible))
        {
            rows.TryAdd(row.Version, row);
        }

        return rows.Values.Reverse().Take(limit).ToArray();
    }

    /// <summary>
    /// One page of opened accounts: at most <paramref name="limit"/> from <paramref name="from"/>
    /// (inclusive), in key order, the layers' states over the tables'.
    /// </summary>
    public IReadOnlyList<AccountState> ListOpened(string from, int limit)
    {
        var merged = new SortedDictionary<string, AccountState>(StringComparer.Ordinal);
        var written = 0;
        for (var i = _layers.Length - 1; i >= 0; i--)
        {
            foreach (var state in _layers[i].AccountsFrom(from))
            {
                merged[state.Account] = state;
                written++;
            }
        }

        // A layer may have closed an account of the tables' page (an install back to version 0),
        // so the tables are asked for as many more as the layers hold.
        foreach (var row in _tables.ListOpened(from, limit + written))
        {
            merged.TryAdd(row.Account, row);
        }

        return merged.Values.Where(a => a.Exists).Take(limit).ToArray();
    }

    /// <inheritdoc />
    public void TruncateAfter(string account, long version) => Write(new ReplicaChange.Truncate(account, version));

    /// <inheritdoc />
    /// <exception cref="SqliteException">The row breaks a constraint of the ledger table (as the file would refuse it).</exception>
    public void Append(LedgerEntry entry)
    {
        if (entry.Version < 1 || entry.AmountCents < 0 || entry.BalanceAfterCents < 0)
        {
            throw Constraint("CHECK constraint failed: ledger (version >= 1, amount_cents >= 0, balance_after_cents >= 0)");
        }

        if (EntryAt(entry.Account, entry.Version) is not null)
        {
            throw Constraint("UNIQUE constraint failed: ledger.account_no, ledger.version");
        }

        if (FindEntry(entry.Account, entry.TxId) is not null)
        {
            throw Constraint("UNIQUE constraint failed: ledger.tx_id, ledger.account_no");
        }

        // As the tables will give it back: the time at millisecond precision.
        Write(new ReplicaChange.Append(entry with { At = DateTimeOffset.FromUnixTimeMilliseconds(entry.At.ToUnixTimeMilliseconds()) }));
    }

    // The tables' constraints hold for the rows kept in memory too, with the error the file gives
    // (SQLITE_CONSTRAINT), so a rule that breaks one fails alone, before its rows reach a checkpoint.
    private static SqliteException Constraint(string message) => new(message, 19);

    // The layers' visible rows of the account (an upper layer's row wins), and the highest
    // version of the tables' rows the layers leave visible.
    private (SortedList<long, LedgerEntry> Rows, long Visible) LayerRows(string account)
    {
        var rows = new SortedList<long, LedgerEntry>();
        var visible = long.MaxValue;
        foreach (var layer in _layers)
        {
            if (layer.EntriesOf(account) is { } own)
            {
                foreach (var (version, entry) in own)
                {
                    if (version <= visible)
                    {
                        rows.TryAdd(version, entry);
                    }
                }
            }

            visible = Math.Min(visible, layer.TruncatedTo(account));
        }

        return (rows, visible);
    }

    private void Write(ReplicaChange change)
    {
        if (_top is null)
        {
            throw new InvalidOperationException("This view of the replica is read-only.");
        }

        _top.Apply(change);
    }
}
