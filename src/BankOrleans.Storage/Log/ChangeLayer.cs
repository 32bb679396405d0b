using BankOrleans.Contracts.Replication;

namespace BankOrleans.Storage.Log;

/// <summary>
/// Writes not yet in the replica's tables, held in memory: the net effect of a sequence of
/// <see cref="ReplicaChange"/>s (each account's newest state, the rows appended, and per account
/// the lowest version its rows were truncated to, which hides every row below this layer above
/// it), plus the sequence itself for the log. Layers stack: a rule's writes over its group
/// commit's, over the committed writes not yet checkpointed, over the tables.
/// Not thread-safe; the store serialises access.
/// </summary>
internal sealed class ChangeLayer
{
    private readonly List<ReplicaChange> _changes = [];
    private readonly Dictionary<string, AccountState> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedList<long, LedgerEntry>> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _truncatedTo = new(StringComparer.Ordinal);

    /// <summary>The changes applied to this layer, in order.</summary>
    public IReadOnlyList<ReplicaChange> Changes => _changes;

    /// <summary>Whether nothing was written to this layer.</summary>
    public bool IsEmpty => _changes.Count == 0;

    /// <summary>How many changes the layer holds (what a checkpoint will write).</summary>
    public int Count => _changes.Count;

    /// <summary>The account's newest state in this layer, if it wrote one.</summary>
    public bool TryGetAccount(string account, out AccountState state) => _accounts.TryGetValue(account, out state!);

    /// <summary>The account's rows appended in this layer (and not truncated in it), by version; null if none.</summary>
    public SortedList<long, LedgerEntry>? EntriesOf(string account) => _entries.GetValueOrDefault(account);

    /// <summary>The version above which this layer hides the account's rows in the layers below it, or <see cref="long.MaxValue"/>.</summary>
    public long TruncatedTo(string account) => _truncatedTo.TryGetValue(account, out var version) ? version : long.MaxValue;

    /// <summary>Applies one change.</summary>
    public void Apply(ReplicaChange change)
    {
        switch (change)
        {
            case ReplicaChange.Put(var state):
                _accounts[state.Account] = state;
                break;
            case ReplicaChange.Append(var entry):
                if (!_entries.TryGetValue(entry.Account, out var rows))
                {
                    rows = [];
                    _entries.Add(entry.Account, rows);
                }

                rows[entry.Version] = entry;
                break;
            case ReplicaChange.Truncate(var account, var version):
                if (_entries.TryGetValue(account, out var own))
                {
                    while (own.Count > 0 && own.Keys[^1] > version)
                    {
                        own.RemoveAt(own.Count - 1);
                    }
                }

                _truncatedTo[account] = Math.Min(TruncatedTo(account), version);
                break;
            default:
                throw new ArgumentException($"Unknown change {change.GetType().Name}.", nameof(change));
        }

        _changes.Add(change);
    }

    /// <summary>Applies every change of <paramref name="above"/>, in order (its writes now belong to this layer).</summary>
    public void Absorb(ChangeLayer above)
    {
        foreach (var change in above._changes)
        {
            Apply(change);
        }
    }

    /// <summary>The accounts whose rows this layer truncated, with the version each was cut to, in account order.</summary>
    public IEnumerable<KeyValuePair<string, long>> Truncations() =>
        _truncatedTo.OrderBy(t => t.Key, StringComparer.Ordinal);

    /// <summary>Every row appended in this layer, in (account, version) order.</summary>
    public IEnumerable<LedgerEntry> Entries() =>
        _entries.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value.Values);

    /// <summary>The account states written in this layer whose key is at least <paramref name="from"/> (ordinal), in no order.</summary>
    public IEnumerable<AccountState> AccountsFrom(string from) =>
        _accounts.Values.Where(a => string.CompareOrdinal(a.Account, from) >= 0);

    /// <summary>Every account state written in this layer, in account order.</summary>
    public IEnumerable<AccountState> Accounts() =>
        _accounts.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Value);
}
