using BankOrleans.Protocol.Reconciliation;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Reading;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests.Reading;

/// <summary>A reader's file in memory, for the reader's rule tests: the production rules over <see cref="MemoryReplicaState"/>.</summary>
internal sealed class MemoryReaderStore : IReaderStore
{
    private readonly MemoryReplicaState _file = new();

    public ReaderApplyResult Apply(IReadOnlyList<LedgerEntry> rows) => _file.Transact(s => ReadReplicaRules.Apply(s, rows));

    public void Rebuild(string account, IReadOnlyList<LedgerEntry> history) => _file.Transact(s =>
    {
        ReadReplicaRules.Rebuild(s, account, history);
        return 0;
    });

    public AccountState? GetAccount(string account) => _file.Transact(s => s.Get(account)) is { Exists: true } state ? state : null;

    public ReplicaDigest? Digest(string account) => _file.Transact(s => s.Get(account).Exists ? ReplicaIntegrity.Digest(s, account) : null);

    public IReadOnlyList<RangeDigest> Summary() => _file.Transact(_ => RangeSummary.Of(_file.Accounts).Ranges());

    public IReadOnlyList<ReplicaDigest> Digests() =>
        _file.Transact(s => _file.Accounts.Where(a => a.Exists).Select(a => ReplicaIntegrity.Digest(s, a.Account)).ToArray());

    public void Applied(IEnumerable<string> accounts)
    {
    }
}
