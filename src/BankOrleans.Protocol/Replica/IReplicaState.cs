using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Replica;

/// <summary>
/// A replica's durable state as seen inside one transaction. <see cref="ReplicaRules"/> reads
/// and writes through it; the store commits everything the rules wrote, or nothing.
/// </summary>
public interface IReplicaState
{
    /// <summary>The account's state, or <see cref="AccountState.Empty"/> if never seen.</summary>
    AccountState Get(string account);

    /// <summary>Writes the account's state.</summary>
    void Put(AccountState state);

    /// <summary>The account's row at <paramref name="version"/>, or null.</summary>
    LedgerEntry? EntryAt(string account, long version);

    /// <summary>The account's row written by <paramref name="txId"/>, or null.</summary>
    LedgerEntry? FindEntry(string account, string txId);

    /// <summary>The account's rows above <paramref name="afterVersion"/>, oldest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<LedgerEntry> EntriesAfter(string account, long afterVersion, int limit);

    /// <summary>Deletes the account's rows above <paramref name="version"/>.</summary>
    void TruncateAfter(string account, long version);

    /// <summary>Appends one row.</summary>
    void Append(LedgerEntry entry);
}
