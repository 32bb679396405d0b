using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Replica;

/// <summary>
/// An in-memory replica, for the simulator and unit tests. Every call of the rules runs
/// against a staged copy that is committed only when the rules return, which is what the
/// SQLite store's transaction gives.
/// </summary>
public sealed class MemoryReplicaState
{
    private readonly Dictionary<string, AccountState> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LedgerEntry>> _ledger = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="rules"/> in one all-or-nothing transaction.</summary>
    public T Transact<T>(Func<IReplicaState, T> rules)
    {
        var tx = new Transaction(this);
        var result = rules(tx);
        tx.Commit();
        return result;
    }

    /// <summary>The identity this replica's file carries (file id, standing, write transactions).</summary>
    public Recovery.StoredIdentity Identity { get; set; } = new(Guid.NewGuid().ToString("N"), StandingKind.Normal, 0);

    /// <summary>A copy of everything this replica holds, as a backup of its file would be.</summary>
    public MemoryReplicaState Copy()
    {
        var copy = new MemoryReplicaState { Identity = Identity };
        foreach (var (k, v) in _accounts)
        {
            copy._accounts[k] = v;
        }

        foreach (var (k, v) in _ledger)
        {
            copy._ledger[k] = [.. v];
        }

        return copy;
    }

    /// <summary>All accounts this replica knows.</summary>
    public IReadOnlyCollection<AccountState> Accounts => _accounts.Values;

    /// <summary>The opened objects owned by <paramref name="owner"/>, ordered by key (ordinal), as the SQLite store answers them.</summary>
    public IReadOnlyList<AccountState> OwnedBy(string owner) =>
        _accounts.Values.Where(a => a.Owner == owner && a.Version > 0).OrderBy(a => a.Account, StringComparer.Ordinal).ToArray();

    /// <summary>The account's full ledger, oldest first.</summary>
    public IReadOnlyList<LedgerEntry> Ledger(string account) =>
        _ledger.TryGetValue(account, out var rows) ? rows : [];

    /// <summary>Replaces an account's state without any rule; for tests that corrupt a replica on purpose.</summary>
    public void Overwrite(AccountState state) => _accounts[state.Account] = state;

    private sealed class Transaction(MemoryReplicaState owner) : IReplicaState
    {
        private readonly Dictionary<string, AccountState> _puts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<LedgerEntry>> _ledgers = new(StringComparer.Ordinal);

        public AccountState Get(string account) =>
            _puts.TryGetValue(account, out var s) ? s
            : owner._accounts.TryGetValue(account, out s) ? s
            : AccountState.Empty(account);

        public void Put(AccountState state) => _puts[state.Account] = state;

        public LedgerEntry? EntryAt(string account, long version) =>
            Rows(account).FirstOrDefault(r => r.Version == version);

        public LedgerEntry? FindEntry(string account, string txId) =>
            Rows(account).FirstOrDefault(r => r.TxId == txId);

        public IReadOnlyList<LedgerEntry> EntriesAfter(string account, long afterVersion, int limit) =>
            Rows(account).Where(r => r.Version > afterVersion).Take(limit).ToArray();

        public void TruncateAfter(string account, long version) => Writable(account).RemoveAll(r => r.Version > version);

        public void Append(LedgerEntry entry) => Writable(entry.Account).Add(entry);

        public void Commit()
        {
            if (_puts.Count > 0 || _ledgers.Count > 0)
            {
                owner.Identity = owner.Identity with { Lsn = owner.Identity.Lsn + 1 };
            }

            foreach (var (k, v) in _puts)
            {
                owner._accounts[k] = v;
            }

            foreach (var (k, v) in _ledgers)
            {
                owner._ledger[k] = v;
            }
        }

        private IReadOnlyList<LedgerEntry> Rows(string account) =>
            _ledgers.TryGetValue(account, out var staged) ? staged
            : owner._ledger.TryGetValue(account, out var rows) ? rows
            : [];

        private List<LedgerEntry> Writable(string account)
        {
            if (!_ledgers.TryGetValue(account, out var rows))
            {
                rows = [.. Rows(account)];
                _ledgers[account] = rows;
            }

            return rows;
        }
    }
}
