namespace BankOrleans.Contracts.Replication;

/// <summary>
/// One row of an account's journal: the change made at one version. Rows form a hash chain
/// per account (<see cref="PrevHash"/> → <see cref="Hash"/>), so two replicas agree on an
/// account's whole history exactly when they agree on its head hash.
/// </summary>
/// <param name="TxId">The operation that wrote the row (the two legs of a transfer share it).</param>
/// <param name="Account">The account the row belongs to.</param>
/// <param name="Version">The account's version after this row (the first row is version 1).</param>
/// <param name="Kind">What happened.</param>
/// <param name="Counterparty">The other account of a transfer leg; null otherwise.</param>
/// <param name="CounterpartyVersion">For a transfer leg, the other account's version after the transfer; 0 otherwise.</param>
/// <param name="AmountCents">The amount moved (always non-negative).</param>
/// <param name="BalanceAfterCents">The account's balance after this row.</param>
/// <param name="Owner">The account's owner (set on every row so a replayed chain rebuilds the account).</param>
/// <param name="At">When the operation was accepted by its coordinator (UTC).</param>
/// <param name="PrevHash">The hash of the previous row of this account, "" for the first.</param>
/// <param name="Hash">The hash of this row, chained over <see cref="PrevHash"/>.</param>
/// <param name="Payload">Extra data of the row, hashed with it: the password-hash record of a <see cref="EntryKind.UserRegistered"/> row; null for every other kind.</param>
[GenerateSerializer, Immutable]
public sealed record LedgerEntry(
    [Id(0)] string TxId,
    [Id(1)] string Account,
    [Id(2)] long Version,
    [Id(3)] EntryKind Kind,
    [Id(4)] string? Counterparty,
    [Id(5)] long CounterpartyVersion,
    [Id(6)] long AmountCents,
    [Id(7)] long BalanceAfterCents,
    [Id(8)] string Owner,
    [Id(9)] DateTimeOffset At,
    [Id(10)] string PrevHash,
    [Id(11)] string Hash,
    [Id(12)] string? Payload = null)
{
    /// <summary>Whether this row is one leg of a transfer.</summary>
    public bool IsTransferLeg => Kind is EntryKind.TransferOut or EntryKind.TransferIn;
}
