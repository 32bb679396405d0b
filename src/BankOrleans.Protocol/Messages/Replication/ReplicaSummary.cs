namespace BankOrleans.Contracts.Replication;

/// <summary>
/// Every non-empty range summary of a replica (a master's or the reader's), kept as it applies
/// writes, and whether it serves yet: what anti-entropy and <c>admin verify</c> compare before
/// they read any account, so that their cost follows what differs, not how many accounts there are.
/// </summary>
/// <param name="Ready">False while the replica is still catching up after a start.</param>
/// <param name="Ranges">One summary per range that holds an opened object, ordered by range (ordinal).</param>
[GenerateSerializer, Immutable]
public sealed record ReplicaSummary(
    [Id(0)] bool Ready,
    [Id(1)] IReadOnlyList<RangeDigest> Ranges);
