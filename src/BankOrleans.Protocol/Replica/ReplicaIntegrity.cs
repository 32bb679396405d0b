using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;

namespace BankOrleans.Protocol.Replica;

/// <summary>
/// Whether a replica's account row agrees with its own ledger. A replica that fails this check
/// was changed outside the protocol (e.g. its balance edited on disk while it was stopped): it
/// must not vote with that state, and is repaired from the majority (ARCHITECTURE §3.5).
/// </summary>
public static class ReplicaIntegrity
{
    /// <summary>
    /// Integrity rule: an opened account's row at its version exists, has a valid hash equal to the
    /// account's head, and carries the account's balance and owner; an unopened account has no head
    /// and no balance.
    /// </summary>
    /// <param name="state">The account row.</param>
    /// <param name="top">The replica's ledger row of the account at <c>state.Version</c>, or null.</param>
    public static bool IsIntact(AccountState state, LedgerEntry? top)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Version == 0)
        {
            return top is null && state.BalanceCents == 0 && state.Head.Length == 0;
        }

        return top is not null
            && top.Account == state.Account
            && top.Version == state.Version
            && top.Hash == state.Head
            && top.BalanceAfterCents == state.BalanceCents
            && top.Owner == state.Owner
            && LedgerHash.Compute(top) == top.Hash;
    }

    /// <summary>The digest of an account row and its top ledger row.</summary>
    public static ReplicaDigest Digest(AccountState state, LedgerEntry? top)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new ReplicaDigest(state.Account, state.Version, state.BalanceCents, state.Head, state.Frozen, IsIntact(state, top));
    }

    /// <summary>The digest of an account as the replica <paramref name="state"/> holds it.</summary>
    public static ReplicaDigest Digest(IReplicaState state, string account)
    {
        ArgumentNullException.ThrowIfNull(state);
        var row = state.Get(account);
        return Digest(row, row.Version > 0 ? state.EntryAt(account, row.Version) : null);
    }
}
