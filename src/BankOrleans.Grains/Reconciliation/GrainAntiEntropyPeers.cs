using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Placement;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Reconciliation;

namespace BankOrleans.Grains.Reconciliation;

/// <summary>
/// The replicas as <see cref="ReplicaSurvey"/> and <see cref="AntiEntropyPass"/> reach them in a
/// silo: grain calls to the three masters' replica grains and the reader's, and repairs through a
/// repair coordinator. Without a coordinator (the operator's read-only views) it only reads.
/// </summary>
internal sealed class GrainAntiEntropyPeers(IGrainFactory grains, OperationCoordinator? repairs = null) : IAntiEntropyPeers
{
    /// <inheritdoc />
    public string ReaderName => BankSiloNames.Reader;

    /// <inheritdoc />
    public string MasterName(int master) => BankSiloMetadata.MasterName(master);

    /// <inheritdoc />
    /// <remarks>The reader holds accounts and user objects (it checks sessions against their epochs).</remarks>
    public bool ReaderHolds(string account) => AccountNumber.IsValid(account) || ObjectKeys.IsUser(account);

    /// <inheritdoc />
    public Task<ReplicaInventory> MasterInventoryAsync(int master, string from, int limit) =>
        grains.GetGrain<IReplicaGrain>(master).Inventory(from, limit);

    /// <inheritdoc />
    public Task<ReplicaInventory> ReaderInventoryAsync(string from, int limit) =>
        grains.GetGrain<IReadReplicaGrain>(0).Inventory(from, limit);

    /// <inheritdoc />
    public Task<ReplicaSummary> MasterSummaryAsync(int master) => grains.GetGrain<IReplicaGrain>(master).Summary();

    /// <inheritdoc />
    public Task<ReplicaSummary> ReaderSummaryAsync() => grains.GetGrain<IReadReplicaGrain>(0).Summary();

    /// <inheritdoc />
    public Task<ReplicaInventory> DigestsOfAsync(int master, IReadOnlyList<string> accounts) =>
        grains.GetGrain<IReplicaGrain>(master).DigestsOf(accounts);

    /// <inheritdoc />
    public Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(int master, string account, long afterVersion, int limit) =>
        grains.GetGrain<IReplicaGrain>(master).ReadEntries(account, afterVersion, limit);

    /// <inheritdoc />
    public Task SetFrozenAsync(int master, IReadOnlyList<string> accounts, bool frozen) =>
        grains.GetGrain<IReplicaGrain>(master).SetFrozen(accounts, frozen);

    /// <inheritdoc />
    public Task<bool> RepairAsync(string account, IReadOnlyList<int> reachable) =>
        (repairs ?? throw new InvalidOperationException("these peers only read")).ReconcileAsync([account], reachable);
}
