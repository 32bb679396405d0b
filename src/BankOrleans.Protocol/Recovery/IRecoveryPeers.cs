using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Recovery;

/// <summary>
/// The other replicas as a starting replica asks them (<see cref="ReplicaRecovery"/>). Every call
/// is bounded by the caller; a failure or a timeout means "this peer did not answer".
/// </summary>
public interface IRecoveryPeers
{
    /// <summary>The peer's identity and standing.</summary>
    Task<ReplicaStanding> StandingAsync(int replica, CancellationToken cancellationToken);

    /// <summary>The digest of every account the peer has opened, and whether the peer votes (its catch-up is done).</summary>
    Task<ReplicaInventory> InventoryAsync(int replica, CancellationToken cancellationToken);

    /// <summary>The ballot the peer has promised on every object it holds a row for.</summary>
    Task<IReadOnlyList<AccountPromise>> PromisesAsync(int replica, CancellationToken cancellationToken);
}
