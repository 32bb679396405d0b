using BankOrleans.Contracts.Replication;

namespace BankOrleans.Storage.Log;

/// <summary>
/// One write a rule made through <see cref="BankOrleans.Protocol.Replica.IReplicaState"/>: an
/// account state put, a ledger row appended, or an account's rows above a version truncated.
/// A group commit's changes, in order, are the body of one <c>replica_log</c> row.
/// </summary>
internal abstract record ReplicaChange
{
    /// <summary>The account's state was written.</summary>
    public sealed record Put(AccountState State) : ReplicaChange;

    /// <summary>A ledger row was appended.</summary>
    public sealed record Append(LedgerEntry Entry) : ReplicaChange;

    /// <summary>The account's rows above <paramref name="Version"/> were deleted.</summary>
    public sealed record Truncate(string Account, long Version) : ReplicaChange;
}
