using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Reconciliation;
using BankOrleans.Protocol.Recovery;
using BankOrleans.Protocol.Replica;
using BankOrleans.Storage.Log;
using BankOrleans.Storage.Schema;
using Microsoft.Data.Sqlite;

namespace BankOrleans.Storage;

/// <summary>
/// One replica's durable state in one SQLite file (ARCHITECTURE §2): the acceptor side of the
/// write path runs <see cref="ReplicaRules"/> in memory and appends what they wrote as one
/// <c>replica_log</c> row inside one <c>BEGIN IMMEDIATE … COMMIT</c> transaction per group
/// commit, so every answer describes a state that is on disk (<c>synchronous=FULL</c>, WAL) and
/// a call that throws leaves the file as it was.
/// </summary>
/// <remarks>
/// <para>
/// The account and ledger tables are not written on the acknowledgement path: committed writes
/// are kept in memory (a <see cref="ChangeLayer"/>) and checkpointed to the tables in large
/// sorted batches, in one transaction that also deletes the log rows they came from. Opening
/// the file replays the log left by a crash and checkpoints it. Every read sees the tables
/// through the writes not yet checkpointed; reads that scan the tables checkpoint first.
/// </para>
/// <para>
/// The store owns one connection that is its only writer, and serialises every write with a
/// lock; reads use a second connection under their own lock, so they see the last commit
/// without waiting for a write in progress. All I/O is synchronous (Microsoft.Data.Sqlite has
/// no real async I/O): a write call blocks its thread for at least one fsync, so callers on an
/// Orleans scheduler keep writes off grain turns and batch them (<see cref="TransactEach"/>).
/// </para>
/// <para>
/// The schema is versioned in <c>PRAGMA user_version</c> and brought up to date at open; a file
/// written by a newer build is refused.
/// </para>
/// </remarks>
public sealed class SqliteReplicaStore : IDisposable, IAsyncDisposable
{
    /// <summary>How long a call waits for a lock held by another connection before failing (the default).</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteReplicaState _state;

    // Reads go through their own connection: in WAL mode they see the last commit without
    // waiting for the writer, which holds its gate through a whole group commit and its fsync.
    private readonly Lock _readGate = new();
    private readonly SqliteConnection _readConnection;
    private readonly SqliteReplicaState _readState;
    private readonly SqliteCommand _beginRead;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _dataVersion;
    private readonly SqliteCommand _countWrite;
    private readonly SqliteCommand _appendLog;
    private readonly SqliteCommand _clearLog;

    // Committed writes not yet in the tables. Only the writer (under _gate) changes or replaces
    // it, and only under _pendingGate; readers hold _pendingGate while they read through it.
    private readonly Lock _pendingGate = new();
    private ChangeLayer _pending = new();

    // The committed state's range summaries, kept with each commit; changed and read only under _pendingGate.
    private RangeSummary _summary = new();
    private readonly ReplicaStampFile? _stamp;
    private long _lastDataVersion = -1;
    private bool _disposed;
    private StoredIdentity _identity;

    private SqliteReplicaStore(
        string path, SqliteConnection connection, SqliteConnection readConnection, int schemaVersion, StoredIdentity identity, string startReason, bool stamped)
    {
        Path = path;
        _identity = identity;
        StartReason = startReason;
        _connection = connection;
        _readConnection = readConnection;
        SchemaVersion = schemaVersion;
        _state = new SqliteReplicaState(connection, memoize: true);
        _readState = new SqliteReplicaState(readConnection, memoize: false);
        _beginRead = ReplicaConnection.Prepare(readConnection, "BEGIN DEFERRED;");
        _begin = ReplicaConnection.Prepare(connection, "BEGIN IMMEDIATE;");
        _commit = ReplicaConnection.Prepare(connection, "COMMIT;");
        _dataVersion = ReplicaConnection.Prepare(connection, "PRAGMA data_version;");
        _countWrite = ReplicaConnection.Prepare(connection, "UPDATE replica_identity SET lsn = lsn + 1 RETURNING lsn;");
        _appendLog = ReplicaConnection.Prepare(connection, "INSERT INTO replica_log (lsn, body) VALUES ($lsn, $body);", "$lsn", "$body");
        _clearLog = ReplicaConnection.Prepare(connection, "DELETE FROM replica_log;");
        _stamp = stamped ? ReplicaStampFile.Open(ReplicaStampFile.PathOf(path)) : null;
        if (identity.Standing == StandingKind.Normal)
        {
            _stamp?.Write(new ReplicaStamp(identity.FileId, identity.Lsn));
        }
    }

    /// <summary>The file's identity: its id, standing and write count.</summary>
    public StoredIdentity Identity => _identity;

    /// <summary>Why the file took its standing when it was opened (for the log).</summary>
    public string StartReason { get; }

    /// <summary>How many changes are kept in memory before a write checkpoints them to the tables first.</summary>
    internal int CheckpointAfter { get; set; } = 2048;

    /// <summary>The most accounts each of the writer's memos holds (tests make it small).</summary>
    internal int MemoLimit
    {
        get => _state.MemoLimit;
        set => _state.MemoLimit = value;
    }

    /// <summary>Test hook: called at each named point of a commit and a checkpoint, on the writer's thread.</summary>
    internal Action<string>? CrashPoint { get; set; }

    // The writer's transaction around body: BEGIN IMMEDIATE, body's writes (made in memory, in
    // the layer it is given) appended as one log row, COMMIT (durable when it returns), then the
    // writes join the pending layer; on any exception a rollback and a rethrow, and the layer is
    // dropped. SQLite changes data_version on this connection exactly when another connection
    // committed; then the writer's memos may be stale and are dropped before body reads anything.
    private T InWriteTransaction<T>(Func<ChangeLayer, T> body)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pending.Count >= CheckpointAfter)
            {
                CheckpointLocked();
            }

            _begin.ExecuteNonQuery();
            try
            {
                ForgetIfChangedOutside();
                var batch = new ChangeLayer();
                var result = body(batch);
                var lsn = (long)_countWrite.ExecuteScalar()!;
                if (!batch.IsEmpty)
                {
                    _appendLog.Parameters[0].Value = lsn;
                    _appendLog.Parameters[1].Value = ChangeCodec.Encode(batch.Changes);
                    _appendLog.ExecuteNonQuery();
                }

                CrashPoint?.Invoke("commit:before");
                _commit.ExecuteNonQuery();
                _state.TransactionEnded(committed: true);
                CrashPoint?.Invoke("commit:after");
                // What each account was before this commit, read below the batch (pending and tables).
                var replaced = batch.Accounts().Select(after => (Before: Writable().Find(after.Account), After: after)).ToArray();
                lock (_pendingGate)
                {
                    _pending.Absorb(batch);
                    foreach (var (before, after) in replaced)
                    {
                        _summary.Replace(before, after);
                    }
                }

                _identity = _identity with { Lsn = lsn };
                if (_identity.Standing == StandingKind.Normal)
                {
                    // Before any answer of this transaction leaves: what this file acknowledged.
                    _stamp?.Write(new ReplicaStamp(_identity.FileId, lsn));
                }

                return result;
            }
            catch
            {
                _state.TransactionEnded(committed: false);
                ReplicaConnection.RollbackIfActive(_connection);
                throw;
            }
        }
    }

    private void ForgetIfChangedOutside()
    {
        var version = (long)_dataVersion.ExecuteScalar()!;
        if (version != _lastDataVersion)
        {
            _state.ForgetAll();
            if (_lastDataVersion >= 0)
            {
                // Someone else wrote the tables (an operator's shell): the kept summary may be wrong.
                SummariseWhole();
            }

            _lastDataVersion = version;
        }
    }

    // The summary computed from every row (the tables under the pending writes): at open, and
    // after a write from outside. One pass over the accounts table.
    private void SummariseWhole()
    {
        lock (_pendingGate)
        {
            var accounts = _state.ListAccounts().ToDictionary(a => a.Account, StringComparer.Ordinal);
            foreach (var pending in _pending.Accounts())
            {
                accounts[pending.Account] = pending;
            }

            _summary = RangeSummary.Of(accounts.Values);
        }
    }

    /// <summary>
    /// This replica's range summaries (<see cref="DigestRanges"/>) of what it has committed, kept
    /// with every commit: no table is read.
    /// </summary>
    public IReadOnlyList<RangeDigest> Summary()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // A write from outside since the last commit (an operator's shell) is summarised now,
            // not at this replica's next write.
            ForgetIfChangedOutside();
            lock (_pendingGate)
            {
                return _summary.Ranges();
            }
        }
    }

    /// <summary>
    /// Writes every committed change still held in memory to the account and ledger tables, in
    /// account order, and deletes the log rows they came from, in one transaction.
    /// </summary>
    public void Checkpoint()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            CheckpointLocked();
        }
    }

    private void CheckpointLocked()
    {
        if (_pending.IsEmpty)
        {
            return;
        }

        _begin.ExecuteNonQuery();
        try
        {
            ForgetIfChangedOutside();
            foreach (var (account, version) in _pending.Truncations())
            {
                _state.TruncateAfter(account, version);
            }

            foreach (var entry in _pending.Entries())
            {
                _state.Append(entry);
            }

            foreach (var account in _pending.Accounts())
            {
                _state.Put(account);
            }

            CrashPoint?.Invoke("checkpoint:tables-written");
            _clearLog.ExecuteNonQuery();
            CrashPoint?.Invoke("checkpoint:before");
            _commit.ExecuteNonQuery();
            _state.TransactionEnded(committed: true);
            CrashPoint?.Invoke("checkpoint:after");
        }
        catch
        {
            _state.TransactionEnded(committed: false);
            ReplicaConnection.RollbackIfActive(_connection);
            throw;
        }

        lock (_pendingGate)
        {
            _pending = new ChangeLayer();
        }
    }

    // Opening: the log rows a crash left (each a committed group commit, in order) become the
    // pending layer again, and are checkpointed.
    private void ReplayLog()
    {
        lock (_gate)
        {
            foreach (var body in ReadLog(_connection))
            {
                foreach (var change in ChangeCodec.Decode(body))
                {
                    _pending.Apply(change);
                }
            }

            CheckpointLocked();
            SummariseWhole();
            // From here on, a write from outside is noticed against what was just summarised.
            _lastDataVersion = (long)_dataVersion.ExecuteScalar()!;
        }
    }

    private static List<byte[]> ReadLog(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT body FROM replica_log ORDER BY lsn;";
        using var reader = read.ExecuteReader();
        var bodies = new List<byte[]>();
        while (reader.Read())
        {
            bodies.Add((byte[])reader.GetValue(0));
        }

        return bodies;
    }

    /// <summary>The full path of the replica file.</summary>
    public string Path { get; }

    /// <summary>The schema version of the file, after the migrations applied at open.</summary>
    public int SchemaVersion { get; }

    /// <summary>
    /// Opens the replica file at <paramref name="path"/>, creating it (and its directory) if
    /// needed, and applies any pending schema migrations.
    /// </summary>
    /// <param name="path">The file, e.g. <c>data/master-1.db</c>.</param>
    /// <param name="busyTimeout">How long to wait for another connection's lock; <see cref="DefaultBusyTimeout"/> if null.</param>
    /// <exception cref="InvalidOperationException">The file's schema is newer than this build, or WAL cannot be enabled.</exception>
    /// <exception cref="SqliteException">The file cannot be opened or is not a SQLite database.</exception>
    /// <param name="stamped">
    /// Whether the file is a master's replica, which keeps a stamp beside it and takes its standing
    /// by the start rule; the reader's file (false) is always normal: it votes on nothing and
    /// catches up from the masters.
    /// </param>
    public static SqliteReplicaStore Open(string path, TimeSpan? busyTimeout = null, bool stamped = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var timeout = busyTimeout ?? DefaultBusyTimeout;
        string? damage;
        // The schema the file had before this open migrated it (0 for a new or quarantined file).
        var existed = 0;
        try
        {
            (damage, existed) = Damage(fullPath, timeout);
        }
        catch (Exception exception) when (ReplicaFileCheck.IsCorruption(exception))
        {
            damage = exception.Message;
        }

        var quarantined = damage is null ? null : Quarantine(fullPath);
        existed = quarantined is null ? existed : 0;
        var connection = ReplicaConnection.Open(fullPath, timeout);
        try
        {
            var version = SchemaMigrator.Migrate(connection, ReplicaMigrations.All);
            var (identity, reason) = TakeStanding(
                connection, stamped ? ReplicaStampFile.Read(ReplicaStampFile.PathOf(fullPath)) : null, legacy: existed is > 0 and < 3, stamped);
            if (quarantined is not null)
            {
                reason = $"the file failed its check ({damage}) and was moved to {quarantined}; {reason}";
            }

            var readConnection = ReplicaConnection.Open(fullPath, timeout, ReplicaConnection.ReadCacheKiB);
            try
            {
                // The writer's memos assume that only the writer writes: the read connection cannot.
                ReplicaConnection.Pragma(readConnection, "query_only = ON");
                var store = new SqliteReplicaStore(fullPath, connection, readConnection, version, identity, reason, stamped);
                try
                {
                    store.ReplayLog();
                }
                catch
                {
                    store.Abandon();
                    throw;
                }

                return store;
            }
            catch
            {
                readConnection.Dispose();
                throw;
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The file's identity and standing as the replica answers its peers.</summary>
    public ReplicaStanding Standing() => new(_identity.FileId, _identity.Standing, HoldsState());

    /// <summary>Marks a new file normal: every replica was new, so the cluster is founded with it.</summary>
    public void Found() => SetStanding(StandingKind.Normal, []);

    /// <summary>Marks the file recovering (a new file that found the cluster already exists).</summary>
    public void BecomeRecovering() => SetStanding(StandingKind.Recovering, []);

    /// <summary>
    /// Ends a recovery: raises every listed promise (<see cref="ReplicaRules.RaisePromises"/>) and
    /// marks the file normal, in one transaction.
    /// </summary>
    public void CompleteRecovery(IReadOnlyList<AccountPromise> promises)
    {
        ArgumentNullException.ThrowIfNull(promises);
        SetStanding(StandingKind.Normal, promises);
    }

    /// <summary>One page of promises: every object row from <paramref name="from"/> (inclusive, ordinal), at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<AccountPromise> Promises(string from, int limit)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Settled(s => s.ListFrom(from, limit).Select(a => new AccountPromise(a.Account, a.PromisedBallot)).ToArray());
    }

    // Whether the file holds any object row (whether it ever acknowledged a promise or a write).
    private bool HoldsState()
    {
        Checkpoint();
        lock (_readGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var any = _readConnection.CreateCommand();
            any.CommandText = "SELECT EXISTS (SELECT 1 FROM accounts);";
            return Convert.ToInt64(any.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
    }

    private void SetStanding(StandingKind kind, IReadOnlyList<AccountPromise> promises)
    {
        InWriteTransaction(batch =>
        {
            ReplicaRules.RaisePromises(Writable(batch), promises);
            using var update = _connection.CreateCommand();
            update.CommandText = "UPDATE replica_identity SET standing = $standing;";
            update.Parameters.AddWithValue("$standing", (int)kind);
            update.ExecuteNonQuery();
            // Set before the commit below, which stamps the file only once it is normal.
            _identity = _identity with { Standing = kind };
            return 0;
        });
    }

    // What is wrong with the file (null when it is absent, new, or passes its check), and the
    // schema version it was found at.
    private static (string? Damage, int Version) Damage(string path, TimeSpan timeout)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return (null, 0);
        }

        using var connection = ReplicaConnection.Open(path, timeout);
        // A new file has nothing to check; one from a newer build is refused by the migrator.
        var version = SchemaMigrator.ReadVersion(connection);
        if (version == 0 || version > ReplicaMigrations.Latest)
        {
            return (null, version);
        }

        var problem = ReplicaFileCheck.PageProblem(connection);
        if (problem is null)
        {
            // The rows are checked as the newest schema reads them (each account row by its checksum).
            SchemaMigrator.Migrate(connection, ReplicaMigrations.All);
            problem = ReplicaFileCheck.RowProblem(connection) ?? LogProblem(connection);
        }

        return (problem, version);
    }

    // Null when every log row decodes; a row that does not was damaged on disk.
    private static string? LogProblem(SqliteConnection connection)
    {
        try
        {
            foreach (var body in ReadLog(connection))
            {
                ChangeCodec.Decode(body);
            }

            return null;
        }
        catch (InvalidDataException exception)
        {
            return "replica_log: " + exception.Message;
        }
    }

    // A damaged file is kept for the operator under another name; the replica starts a new one.
    private static string Quarantine(string path)
    {
        var aside = $"{path}.damaged-{DateTimeOffset.UtcNow:yyyyMMddTHHmmssZ}";
        File.Move(path, aside);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, aside + suffix);
            }
        }

        return aside;
    }

    // Start rule (ReplicaStartRule): reads or makes the file's identity and records its standing.
    // An unstamped file (the reader's) is normal whatever standing a build that stamped it left:
    // it votes on nothing and catches up from the masters.
    private static (StoredIdentity Identity, string Reason) TakeStanding(SqliteConnection connection, ReplicaStamp? stamp, bool legacy, bool stamped)
    {
        var stored = ReadIdentity(connection);
        var (kind, reason) = !stamped
            ? (StandingKind.Normal, "the reader's file: it keeps no stamp, votes on nothing and catches up from the masters")
            : legacy && stored is null
            ? (StandingKind.Normal, "a file from before replica identities, without a stamp to check")
            : ReplicaStartRule.Decide(stored, stamp);
        var identity = (stored ?? new StoredIdentity(Guid.NewGuid().ToString("N"), kind, 0)) with { Standing = kind };
        using var write = connection.CreateCommand();
        write.CommandText = stored is null
            ? """
              INSERT INTO replica_identity (singleton, file_id, standing, lsn, created_at_ms)
              VALUES (1, $id, $standing, 0, $now);
              """
            : "UPDATE replica_identity SET standing = $standing;";
        write.Parameters.AddWithValue("$id", identity.FileId);
        write.Parameters.AddWithValue("$standing", (int)kind);
        write.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        write.ExecuteNonQuery();
        return (identity, reason);
    }

    private static StoredIdentity? ReadIdentity(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT file_id, standing, lsn FROM replica_identity;";
        using var reader = read.ExecuteReader();
        return reader.Read() ? new StoredIdentity(reader.GetString(0), (StandingKind)reader.GetInt32(1), reader.GetInt64(2)) : null;
    }

    /// <summary>
    /// Prepare rule (<see cref="ReplicaRules.Prepare"/>): promises the ballot on every requested
    /// account or on none; the promise is committed before this returns.
    /// </summary>
    public PrepareReply Prepare(PrepareRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Transact(s => ReplicaRules.Prepare(s, request));
    }

    /// <summary>
    /// Accept rule (<see cref="ReplicaRules.Accept"/>): applies the operation's rows and account
    /// states in one transaction, committed before this returns; a refusal writes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The fences do not cover exactly the accounts the operation writes.</exception>
    public AcceptReply Accept(AcceptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Transact(s => ReplicaRules.Accept(s, request));
    }

    /// <summary>
    /// Install rule (<see cref="ReplicaRules.Install"/>): replaces every listed account's rows
    /// above its base version and its state, all accounts in one transaction or none.
    /// </summary>
    /// <exception cref="ArgumentException">An install is not a valid hash chain onto its base (nothing is written).</exception>
    /// <exception cref="SqliteException">A row breaks a table constraint (e.g. a request id twice in one account); nothing is written.</exception>
    public InstallReply Install(InstallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Transact(s => ReplicaRules.Install(s, request));
    }

    /// <summary>The account's rows above <paramref name="afterVersion"/>, oldest first, at most <paramref name="limit"/> (for catch-up and repair).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    public IReadOnlyList<LedgerEntry> ReadEntries(string account, long afterVersion, int limit)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return Layered(s => s.EntriesAfter(account, afterVersion, limit));
    }

    /// <summary>The account's state, or null if this replica has no row for it (never opened and never promised).</summary>
    public AccountState? GetAccount(string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Layered(s => s.Find(account));
    }

    /// <summary>The version of each object in <paramref name="keys"/> (0 where this replica has no row), in order, read in one snapshot.</summary>
    public IReadOnlyList<long> Versions(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        // One key (a session epoch check) is one statement, a snapshot by itself.
        return keys.Count == 1
            ? Layered(s => new[] { s.Find(keys[0])?.Version ?? 0 })
            : LayeredSnapshot(s => keys.Select(k => s.Find(k)?.Version ?? 0).ToArray());
    }

    /// <summary>Every account row this replica holds (including promised-only ones at version 0), ordered by account number (ordinal).</summary>
    public IReadOnlyList<AccountState> ListAccounts() => Settled(s => s.ListAccounts());

    /// <summary>The opened objects owned by <paramref name="owner"/> (its accounts and its user object), ordered by key (ordinal).</summary>
    public IReadOnlyList<AccountState> OwnedBy(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return Settled(s => s.OwnedBy(owner));
    }

    /// <summary>
    /// The digest (version, balance, head, frozen, integrity against the own ledger) of every
    /// opened account, ordered by account number (ordinal), read in one snapshot.
    /// </summary>
    public IReadOnlyList<ReplicaDigest> Digests() => SettledSnapshot(s =>
        s.ListAccounts().Where(a => a.Exists).Select(a => ReplicaIntegrity.Digest(s, a.Account)).ToArray());

    /// <summary>
    /// One page of <see cref="Digests()"/>: at most <paramref name="limit"/> opened accounts from
    /// <paramref name="from"/> (inclusive, ordinal), read in one snapshot.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public IReadOnlyList<ReplicaDigest> Digests(string from, int limit)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return LayeredSnapshot(s => s.ListOpened(from, limit).Select(a => ReplicaIntegrity.Digest(s, a.Account)).ToArray());
    }

    /// <summary>The digests of those of <paramref name="accounts"/> opened on this replica, in their order, read in one snapshot.</summary>
    public IReadOnlyList<ReplicaDigest> Digests(IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        return LayeredSnapshot(s => accounts
            .Where(account => s.Find(account) is { Exists: true })
            .Select(account => ReplicaIntegrity.Digest(s, account))
            .ToArray());
    }

    /// <summary>The digest of one account, or null if it is not opened on this replica.</summary>
    public ReplicaDigest? Digest(string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Digests([account]) is [var digest] ? digest : null;
    }

    /// <summary>The account's newest rows, newest first, at most <paramref name="limit"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    public IReadOnlyList<LedgerEntry> History(string account, int limit)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return Layered(s => s.History(account, limit));
    }

    /// <summary>
    /// Runs <paramref name="rules"/> in one all-or-nothing transaction (<c>BEGIN IMMEDIATE</c>,
    /// committed durably when it returns, rolled back if it throws) — the same contract as
    /// <see cref="MemoryReplicaState.Transact{T}"/>. The state passed in is valid only during
    /// the call.
    /// </summary>
    public T Transact<T>(Func<IReplicaState, T> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return InWriteTransaction(batch => rules(Writable(batch)));
    }

    /// <summary>
    /// Group commit: runs every rule in turn inside ONE transaction, each under its own savepoint
    /// (a rule that throws is rolled back alone and reported, the others stand), then commits
    /// once, so the whole batch costs one fsync. Each rule sees the writes of those before it,
    /// exactly as if they had run one after another. Nothing is durable until this returns.
    /// </summary>
    /// <returns>Per rule, its result or the exception it threw, in order.</returns>
    public IReadOnlyList<(object? Result, Exception? Error)> TransactEach(IReadOnlyList<Func<IReplicaState, object?>> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return InWriteTransaction(batch =>
        {
            var results = new (object? Result, Exception? Error)[rules.Count];
            for (var i = 0; i < rules.Count; i++)
            {
                // Each rule writes its own layer, which joins the batch only if the rule returns.
                var own = new ChangeLayer();
                try
                {
                    results[i] = (rules[i](Writable(own, batch)), null);
                    batch.Absorb(own);
                }
                catch (Exception error) when (error is not SqliteException { SqliteErrorCode: 10 or 13 })
                {
                    // 10/13 (I/O error, disk full) poison the whole batch; anything else is this rule's alone.
                    results[i] = (null, error);
                }
            }

            return results;
        });
    }

    /// <summary>Closes the file. Safe to call more than once; later calls of any other method throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        lock (_readGate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                CheckpointLocked();
            }
            catch (SqliteException)
            {
                // The log keeps what was not checkpointed; the next open replays it.
            }

            _disposed = true;
            _readState.Dispose();
            _beginRead.Dispose();
            _readConnection.Dispose();
            _state.Dispose();
            _begin.Dispose();
            _commit.Dispose();
            _dataVersion.Dispose();
            _countWrite.Dispose();
            _appendLog.Dispose();
            _clearLog.Dispose();
            _connection.Dispose();
            _stamp?.Dispose();
        }
    }

    /// <summary>Closes the file (synchronously: there is no asynchronous work to wait for).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The value of <c>PRAGMA <paramref name="name"/></c> on the store's own connection (per-connection pragmas such as <c>synchronous</c> differ between connections).</summary>
    internal string? QueryPragma(string name)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return ReplicaConnection.Pragma(_connection, name);
        }
    }

    // The writer's view: the given layers (the first takes the writes) over the pending writes and the tables.
    private LayeredReplicaState Writable(params ChangeLayer[] above) =>
        new(_state, writable: true, [.. above, _pending]);

    // A read through the pending writes: they cannot be checkpointed away while it runs (a row
    // both in memory and, just checkpointed, in the tables is the same row; the memory's wins).
    // A query of one statement reads the tables in one snapshot by itself.
    private T Layered<T>(Func<LayeredReplicaState, T> query)
    {
        lock (_readGate)
        lock (_pendingGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return query(new LayeredReplicaState(_readState, writable: false, _pending));
        }
    }

    // As Layered, for a query of several statements, which must see one committed state.
    private T LayeredSnapshot<T>(Func<LayeredReplicaState, T> query)
    {
        lock (_readGate)
        lock (_pendingGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _beginRead.ExecuteNonQuery();
            try
            {
                return query(new LayeredReplicaState(_readState, writable: false, _pending));
            }
            finally
            {
                ReplicaConnection.RollbackIfActive(_readConnection);
            }
        }
    }

    // A read that scans the tables: the pending writes are checkpointed first.
    private T Settled<T>(Func<SqliteReplicaState, T> query)
    {
        Checkpoint();
        return Read(query);
    }

    private T SettledSnapshot<T>(Func<SqliteReplicaState, T> query)
    {
        Checkpoint();
        return Snapshot(query);
    }

    // Closes the connections without a checkpoint (an open that failed half-way).
    private void Abandon()
    {
        _disposed = true;
        _readConnection.Dispose();
        _connection.Dispose();
        _stamp?.Dispose();
    }

    // Several reads that must see one committed state: a deferred (read) transaction.
    private T Snapshot<T>(Func<SqliteReplicaState, T> query)
    {
        lock (_readGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _beginRead.ExecuteNonQuery();
            try
            {
                return query(_readState);
            }
            finally
            {
                ReplicaConnection.RollbackIfActive(_readConnection);
            }
        }
    }

    // Each read is one statement, so it sees one committed snapshot without an explicit transaction.
    private T Read<T>(Func<SqliteReplicaState, T> query)
    {
        lock (_readGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return query(_readState);
        }
    }
}
