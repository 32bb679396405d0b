namespace BankOrleans.Contracts.Replication;

/// <summary>
/// Whether a replica's vote can be trusted (ARCHITECTURE §5b, docs/protocol.md "Lost disks").
/// </summary>
public enum StandingKind
{
    /// <summary>The replica holds exactly the state it acknowledged from; it votes.</summary>
    Normal = 0,

    /// <summary>
    /// The replica cannot show that its state is the one it acknowledged from (a wiped, replaced,
    /// rolled-back or corrupt file): it counts toward no majority until it has recovered from a
    /// majority of the other replicas.
    /// </summary>
    Recovering = 1,

    /// <summary>
    /// A new file on a new disk: the replica does not yet know whether the cluster is being founded
    /// (every replica is new) or it replaces a lost one. It votes on nothing until it knows.
    /// </summary>
    Unformed = 2,
}

/// <summary>
/// A replica's identity and standing, as it answers its peers.
/// </summary>
/// <param name="FileId">The identity of the replica's file: made when the file was created, never reused.</param>
/// <param name="Kind">Whether the replica votes.</param>
/// <param name="HoldsState">Whether the file holds any object row (any promise or write ever acknowledged from it).</param>
[GenerateSerializer, Immutable]
public sealed record ReplicaStanding(
    [Id(0)] string FileId,
    [Id(1)] StandingKind Kind,
    [Id(2)] bool HoldsState);
