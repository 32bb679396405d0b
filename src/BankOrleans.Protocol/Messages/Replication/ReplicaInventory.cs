namespace BankOrleans.Contracts.Replication;

/// <summary>One page of the accounts a replica (a master's or the reader's) holds, and whether it serves yet.</summary>
/// <param name="Ready">False while the replica is still catching up after a start: it refuses votes and writes (masters) or queries (reader).</param>
/// <param name="Accounts">One digest per opened account of the page, ordered by key (ordinal); fewer than asked for means the page is the last.</param>
[GenerateSerializer, Immutable]
public sealed record ReplicaInventory(
    [Id(0)] bool Ready,
    [Id(1)] IReadOnlyList<ReplicaDigest> Accounts);
