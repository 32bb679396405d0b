namespace BankOrleans.Contracts.Replication;

/// <summary>
/// One value per account per replica, enough to compare replicas (ARCHITECTURE §3.5): two
/// replicas with the same version and head hold the same history (the ledger is a hash chain).
/// </summary>
/// <param name="Account">The account number.</param>
/// <param name="Version">The account's version on this replica.</param>
/// <param name="BalanceCents">The balance the replica's account row holds.</param>
/// <param name="Head">The hash of the newest ledger row ("" at version 0).</param>
/// <param name="Frozen">Whether writes to the account are refused until reconciliation decides it.</param>
/// <param name="Intact">
/// Whether the account row agrees with the replica's own ledger: the row at <see cref="Version"/>
/// exists, its hash is valid and equals <see cref="Head"/>, and its balance-after equals
/// <see cref="BalanceCents"/>. False means the file was changed outside the protocol.
/// </param>
[GenerateSerializer, Immutable]
public sealed record ReplicaDigest(
    [Id(0)] string Account,
    [Id(1)] long Version,
    [Id(2)] long BalanceCents,
    [Id(3)] string Head,
    [Id(4)] bool Frozen,
    [Id(5)] bool Intact);
