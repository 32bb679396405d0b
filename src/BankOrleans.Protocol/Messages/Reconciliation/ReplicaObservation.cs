using BankOrleans.Contracts.Replication;

namespace BankOrleans.Contracts.Reconciliation;

/// <summary>What one replica (master-N or the reader) reported about one account.</summary>
/// <param name="Replica">The silo name: <c>master-1</c> … <c>master-3</c> or <c>reader</c>.</param>
/// <param name="Reachable">Whether the replica answered.</param>
/// <param name="Ready">Whether it had finished its start-up catch-up.</param>
/// <param name="Digest">Its digest of the account; null if unreachable or the account is not opened there.</param>
[GenerateSerializer, Immutable]
public sealed record ReplicaObservation(
    [Id(0)] string Replica,
    [Id(1)] bool Reachable,
    [Id(2)] bool Ready,
    [Id(3)] ReplicaDigest? Digest);
