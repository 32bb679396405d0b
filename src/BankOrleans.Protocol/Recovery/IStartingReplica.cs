using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Recovery;

/// <summary>
/// The replica that has just started, as its own <see cref="ReplicaRecovery"/> drives it. Every
/// change of standing is durable before the task completes.
/// </summary>
public interface IStartingReplica
{
    /// <summary>The replica's index, 1..3.</summary>
    int Index { get; }

    /// <summary>The replica's identity and standing now.</summary>
    ReplicaStanding Standing { get; }

    /// <summary>The digest of every account this replica has opened.</summary>
    IReadOnlyList<ReplicaDigest> Digests();

    /// <summary>Unformed to normal: every replica is new, so the cluster is being founded and nothing can be lost.</summary>
    Task FoundAsync();

    /// <summary>Unformed to recovering: the cluster exists, and this new file replaces a lost one.</summary>
    Task BeginRecoveryAsync();

    /// <summary>
    /// Recovering to normal, having recovered from both other replicas: in one transaction the
    /// replica raises its promise on every listed object to at least the listed ballot (above every
    /// ballot it may have promised before it lost its state), then counts as normal.
    /// </summary>
    Task CompleteRecoveryAsync(IReadOnlyList<AccountPromise> promises);
}
