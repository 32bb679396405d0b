using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Replica;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage;

/// <summary>
/// The replica's tables seen through the store's one connection, as prepared statements
/// that are compiled once and re-bound on every call (values only ever travel as
/// parameters). It has no transaction of its own: <see cref="SqliteReplicaStore"/> opens one
/// around every use, so the rules' reads and writes commit together or not at all.
/// Not thread-safe; the store serialises access.
/// </summary>
internal sealed class SqliteReplicaState : IReplicaState, IDisposable
{
    private const string AccountColumns =
        "account_no, owner, balance_cents, version, head, accepted_epoch, accepted_counter, accepted_member, "
        + "promised_epoch, promised_counter, promised_member, frozen, row_sum";

    private const string LedgerColumns =
        "tx_id, account_no, version, kind, counterparty, counterparty_version, amount_cents, balance_after_cents, "
        + "owner, committed_at_ms, prev_hash, hash, payload";

    /// <summary>
    /// The most accounts each memo holds. A full memo keeps what it has and takes no new account
    /// (which the tables then answer), so a bank larger than this slows down gradually instead of
    /// losing every memo at once.
    /// </summary>
    public const int MemoCapacity = 2_000_000;

    /// <summary>The most accounts each memo holds here (tests make it small).</summary>
    internal int MemoLimit { get; set; } = MemoCapacity;

    private readonly List<SqliteCommand> _all = [];
    private readonly List<RawStatement> _writes = [];

    // On the writer's connection only (null on the read connection, which always reads the file):
    // the account rows it read or wrote (only checkpoints write the tables, through this
    // connection, so they stay true until a rollback), so the rules read a hot account's row
    // from memory; and each account's newest ledger row this connection wrote or
    // read, so the guard's check of an account this replica wrote last costs no statement; and
    // per account a version above which the tables hold none of its rows, so the check every
    // append makes (no row yet at the new version) costs no statement either. The store drops
    // them when another connection committed (an operator's sqlite3 shell).
    private readonly Dictionary<string, AccountState?>? _rows;
    private readonly Dictionary<string, LedgerEntry>? _tops;
    private readonly Dictionary<string, long>? _noRowsAbove;
    private readonly SqliteCommand _get;
    private readonly RawStatement _put;
    private readonly RawStatement _update;
    private readonly SqliteCommand _list;
    private readonly SqliteCommand _listOpenedFrom;
    private readonly SqliteCommand _listFrom;
    private readonly SqliteCommand _entryAt;
    private readonly SqliteCommand _newestVersion;
    private readonly SqliteCommand _findEntry;
    private readonly SqliteCommand _entriesAfter;
    private readonly SqliteCommand _history;
    private readonly RawStatement _truncateAfter;
    private readonly RawStatement _append;
    private readonly SqliteCommand _ownedBy;

    /// <param name="connection">The store's connection the statements are compiled on.</param>
    /// <param name="memoize">
    /// Whether to keep the memos: only for the writer's connection, whose store reports every
    /// transaction's end through <see cref="TransactionEnded"/> and <see cref="ForgetAll"/>.
    /// </param>
    public SqliteReplicaState(SqliteConnection connection, bool memoize)
    {
        if (memoize)
        {
            _rows = new(StringComparer.Ordinal);
            _tops = new(StringComparer.Ordinal);
            _noRowsAbove = new(StringComparer.Ordinal);
        }

        _get = Command(connection, $"SELECT {AccountColumns} FROM accounts WHERE account_no = $account;", "$account");
        _put = Write(connection, $"""
            INSERT INTO accounts ({AccountColumns})
            VALUES ($account, $owner, $balance, $version, $head, $ae, $ac, $am, $pe, $pc, $pm, $frozen, $sum)
            ON CONFLICT (account_no) DO UPDATE SET
                owner = excluded.owner, balance_cents = excluded.balance_cents, version = excluded.version,
                head = excluded.head, accepted_epoch = excluded.accepted_epoch,
                accepted_counter = excluded.accepted_counter, accepted_member = excluded.accepted_member,
                promised_epoch = excluded.promised_epoch, promised_counter = excluded.promised_counter,
                promised_member = excluded.promised_member, frozen = excluded.frozen, row_sum = excluded.row_sum;
            """,
            "$account", "$owner", "$balance", "$version", "$head", "$ae", "$ac", "$am", "$pe", "$pc", "$pm", "$frozen", "$sum");
        // Every write of an existing account keeps its owner: leaving owner out of the SET keeps
        // SQLite from rewriting the account's accounts_by_owner entry (a random index page more
        // to log and fsync per account written).
        _update = Write(connection, """
            UPDATE accounts SET
                balance_cents = $balance, version = $version, head = $head,
                accepted_epoch = $ae, accepted_counter = $ac, accepted_member = $am,
                promised_epoch = $pe, promised_counter = $pc, promised_member = $pm, frozen = $frozen, row_sum = $sum
            WHERE account_no = $account AND owner = $owner;
            """,
            "$account", "$owner", "$balance", "$version", "$head", "$ae", "$ac", "$am", "$pe", "$pc", "$pm", "$frozen", "$sum");
        _list = Command(connection, $"SELECT {AccountColumns} FROM accounts ORDER BY account_no;");
        _listOpenedFrom = Command(connection,
            $"SELECT {AccountColumns} FROM accounts WHERE account_no >= $from AND version > 0 ORDER BY account_no LIMIT $limit;",
            "$from", "$limit");
        _listFrom = Command(connection,
            $"SELECT {AccountColumns} FROM accounts WHERE account_no >= $from ORDER BY account_no LIMIT $limit;",
            "$from", "$limit");
        _entryAt = Command(connection,
            $"SELECT {LedgerColumns} FROM ledger WHERE account_no = $account AND version = $version;",
            "$account", "$version");
        _newestVersion = Command(connection,
            "SELECT coalesce(max(version), 0) FROM ledger WHERE account_no = $account;",
            "$account");
        _findEntry = Command(connection,
            $"SELECT {LedgerColumns} FROM ledger WHERE tx_id = $tx AND account_no = $account;",
            "$tx", "$account");
        _entriesAfter = Command(connection,
            $"SELECT {LedgerColumns} FROM ledger WHERE account_no = $account AND version > $after AND version <= $max ORDER BY version LIMIT $limit;",
            "$account", "$after", "$limit", "$max");
        _history = Command(connection,
            $"SELECT {LedgerColumns} FROM ledger WHERE account_no = $account AND version <= $max ORDER BY version DESC LIMIT $limit;",
            "$account", "$limit", "$max");
        _truncateAfter = Write(connection,
            "DELETE FROM ledger WHERE account_no = $account AND version > $version;",
            "$account", "$version");
        _append = Write(connection, $"""
            INSERT INTO ledger ({LedgerColumns})
            VALUES ($tx, $account, $version, $kind, $counterparty, $cpversion, $amount, $after, $owner, $at, $prev, $hash, $payload);
            """,
            "$tx", "$account", "$version", "$kind", "$counterparty", "$cpversion", "$amount", "$after", "$owner", "$at", "$prev", "$hash", "$payload");
        _ownedBy = Command(connection,
            $"SELECT {AccountColumns} FROM accounts WHERE owner = $owner AND version > 0 ORDER BY account_no;",
            "$owner");
    }

    /// <inheritdoc />
    public AccountState Get(string account) => Find(account) ?? AccountState.Empty(account);

    /// <summary>The account's row, or null if there is none.</summary>
    public AccountState? Find(string account)
    {
        if (_rows is not null && _rows.TryGetValue(account, out var known))
        {
            return known;
        }

        Bind(_get, account);
        AccountState? row;
        using (var reader = _get.ExecuteReader())
        {
            row = reader.Read() ? ReadAccount(reader) : null;
        }

        Remember(_rows, account, row);
        return row;
    }

    /// <inheritdoc />
    public void Put(AccountState state)
    {
        if (WriteAccount(_update, state) == 0)
        {
            WriteAccount(_put, state);
        }

        Remember(_rows, state.Account, state);
    }

    /// <summary>The writer's transaction ended: drops every memo if it rolled back.</summary>
    public void TransactionEnded(bool committed)
    {
        if (!committed)
        {
            ForgetAll();
        }
    }

    /// <summary>
    /// Drops every memo: what they hold may no longer be in the file (a rule's savepoint was
    /// rolled back, or another connection committed).
    /// </summary>
    public void ForgetAll()
    {
        _rows?.Clear();
        _tops?.Clear();
        _noRowsAbove?.Clear();
    }

    private void RememberNoRowsAbove(string account, long version) => Remember(_noRowsAbove, account, version);

    private void RememberTop(LedgerEntry entry) => Remember(_tops, entry.Account, entry);

    // An account already held is always updated: a memo never holds a stale value.
    private void Remember<T>(Dictionary<string, T>? memo, string account, T value)
    {
        if (memo is not null && (memo.Count < MemoLimit || memo.ContainsKey(account)))
        {
            memo[account] = value;
        }
    }

    private static int WriteAccount(RawStatement statement, AccountState state) =>
        statement.Execute(
            state.Account, state.Owner, state.BalanceCents, state.Version, state.Head,
            state.AcceptedBallot.Epoch, state.AcceptedBallot.Counter, (long)state.AcceptedBallot.Member,
            state.PromisedBallot.Epoch, state.PromisedBallot.Counter, (long)state.PromisedBallot.Member,
            state.Frozen ? 1L : 0L, AccountRowChecksum.Of(state));

    /// <inheritdoc />
    public LedgerEntry? EntryAt(string account, long version)
    {
        if (_tops is not null && _tops.TryGetValue(account, out var top) && top.Version == version)
        {
            return top;
        }

        if (_noRowsAbove is not null)
        {
            if (!_noRowsAbove.TryGetValue(account, out var newest))
            {
                Bind(_newestVersion, account);
                newest = (long)_newestVersion.ExecuteScalar()!;
                RememberNoRowsAbove(account, newest);
            }

            if (version > newest)
            {
                return null;
            }
        }

        Bind(_entryAt, account, version);
        var entry = ReadEntries(_entryAt).SingleOrDefault();
        if (entry is not null)
        {
            RememberTop(entry);
        }

        return entry;
    }

    /// <inheritdoc />
    public LedgerEntry? FindEntry(string account, string txId)
    {
        Bind(_findEntry, txId, account);
        return ReadEntries(_findEntry).SingleOrDefault();
    }

    /// <inheritdoc />
    public IReadOnlyList<LedgerEntry> EntriesAfter(string account, long afterVersion, int limit) =>
        EntriesAfter(account, afterVersion, limit, long.MaxValue);

    /// <summary>The account's rows above <paramref name="afterVersion"/> and at most <paramref name="maxVersion"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<LedgerEntry> EntriesAfter(string account, long afterVersion, int limit, long maxVersion)
    {
        // LIMIT -1 means "no limit" to SQLite; the in-memory replica answers nothing for it.
        if (limit <= 0)
        {
            return [];
        }

        Bind(_entriesAfter, account, afterVersion, (long)limit, maxVersion);
        return ReadEntries(_entriesAfter);
    }

    /// <inheritdoc />
    public void TruncateAfter(string account, long version)
    {
        _truncateAfter.Execute(account, version);
        if (_tops is not null && _tops.TryGetValue(account, out var top) && top.Version > version)
        {
            _tops.Remove(account);
        }

        RememberNoRowsAbove(account, _noRowsAbove?.TryGetValue(account, out var newest) == true ? Math.Min(newest, version) : version);
    }

    /// <inheritdoc />
    public void Append(LedgerEntry entry)
    {
        _append.Execute(
            entry.TxId, entry.Account, entry.Version, (long)entry.Kind, entry.Counterparty, entry.CounterpartyVersion,
            entry.AmountCents, entry.BalanceAfterCents, entry.Owner, entry.At.ToUnixTimeMilliseconds(),
            entry.PrevHash, entry.Hash, entry.Payload);
        if (_noRowsAbove?.TryGetValue(entry.Account, out var newest) == true && entry.Version > newest)
        {
            _noRowsAbove[entry.Account] = entry.Version;
        }

        // As the file will give it back: the time at millisecond precision.
        RememberTop(entry with { At = DateTimeOffset.FromUnixTimeMilliseconds(entry.At.ToUnixTimeMilliseconds()) });
    }

    /// <summary>Every account row, ordered by account number (ordinal).</summary>
    public IReadOnlyList<AccountState> ListAccounts()
    {
        var accounts = new List<AccountState>();
        using (var reader = _list.ExecuteReader())
        {
            while (reader.Read())
            {
                accounts.Add(ReadAccount(reader));
            }
        }

        // SQLite's BINARY collation orders UTF-8 bytes, which differs from ordinal UTF-16 order above U+D7FF.
        accounts.Sort((a, b) => string.CompareOrdinal(a.Account, b.Account));
        return accounts;
    }

    /// <summary>
    /// One page of opened objects: at most <paramref name="limit"/> keys from <paramref name="from"/>
    /// (inclusive), in key order. Keys are ASCII (account numbers and <c>user:</c> names), so
    /// SQLite's byte order is the ordinal order the pages are merged in.
    /// </summary>
    public IReadOnlyList<AccountState> ListOpened(string from, int limit)
    {
        Bind(_listOpenedFrom, from, limit);
        var accounts = new List<AccountState>();
        using (var reader = _listOpenedFrom.ExecuteReader())
        {
            while (reader.Read())
            {
                accounts.Add(ReadAccount(reader));
            }
        }

        return accounts;
    }

    /// <summary>One page of every object row, promise-only rows included, from <paramref name="from"/> (inclusive), in key order.</summary>
    public IReadOnlyList<AccountState> ListFrom(string from, int limit)
    {
        Bind(_listFrom, from, limit);
        var accounts = new List<AccountState>();
        using (var reader = _listFrom.ExecuteReader())
        {
            while (reader.Read())
            {
                accounts.Add(ReadAccount(reader));
            }
        }

        return accounts;
    }

    /// <summary>The opened objects (accounts and user objects) whose owner is <paramref name="owner"/>, ordered by key (ordinal).</summary>
    public IReadOnlyList<AccountState> OwnedBy(string owner)
    {
        Bind(_ownedBy, owner);
        var accounts = new List<AccountState>();
        using (var reader = _ownedBy.ExecuteReader())
        {
            while (reader.Read())
            {
                accounts.Add(ReadAccount(reader));
            }
        }

        accounts.Sort((a, b) => string.CompareOrdinal(a.Account, b.Account));
        return accounts;
    }

    /// <summary>The account's newest rows, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<LedgerEntry> History(string account, int limit) => History(account, limit, long.MaxValue);

    /// <summary>The account's newest rows at most <paramref name="maxVersion"/>, newest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<LedgerEntry> History(string account, int limit, long maxVersion)
    {
        if (limit <= 0)
        {
            return [];
        }

        Bind(_history, account, (long)limit, maxVersion);
        return ReadEntries(_history);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var command in _all)
        {
            command.Dispose();
        }

        foreach (var statement in _writes)
        {
            statement.Dispose();
        }
    }

    private RawStatement Write(SqliteConnection connection, string sql, params string[] parameters)
    {
        var statement = new RawStatement(connection, sql, parameters);
        _writes.Add(statement);
        return statement;
    }

    private SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = ReplicaConnection.Prepare(connection, sql, parameters);
        _all.Add(command);
        return command;
    }

    private static void Bind(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    // Every row is checked against its checksum as it is read, on the values as stored (a member
    // changed beyond an int is a mismatch, not an overflow): a row changed on disk is never voted
    // with (AccountRowChecksum).
    private static AccountState ReadAccount(SqliteDataReader r)
    {
        var (account, owner, balance, version, head) = (r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4));
        var (acceptedEpoch, acceptedCounter, acceptedMember) = (r.GetInt64(5), r.GetInt64(6), r.GetInt64(7));
        var (promisedEpoch, promisedCounter, promisedMember) = (r.GetInt64(8), r.GetInt64(9), r.GetInt64(10));
        var frozen = r.GetInt64(11);
        var sum = AccountRowChecksum.Of(
            account, owner, balance, version, head,
            acceptedEpoch, acceptedCounter, acceptedMember, promisedEpoch, promisedCounter, promisedMember, frozen);
        if (r.GetInt64(12) != sum)
        {
            throw AccountRowChecksum.Mismatch(account);
        }

        return new AccountState(
            account, owner, balance, version, head,
            new Ballot(acceptedEpoch, acceptedCounter, checked((int)acceptedMember)),
            new Ballot(promisedEpoch, promisedCounter, checked((int)promisedMember)),
            frozen != 0);
    }

    private static List<LedgerEntry> ReadEntries(SqliteCommand command)
    {
        var entries = new List<LedgerEntry>();
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            entries.Add(new LedgerEntry(
                r.GetString(0),
                r.GetString(1),
                r.GetInt64(2),
                (EntryKind)checked((int)r.GetInt64(3)),
                r.IsDBNull(4) ? null : r.GetString(4),
                r.GetInt64(5),
                r.GetInt64(6),
                r.GetInt64(7),
                r.GetString(8),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
                r.GetString(10),
                r.GetString(11))
            {
                Payload = r.IsDBNull(12) ? null : r.GetString(12),
            });
        }

        return entries;
    }
}
