namespace BankOrleans.Contracts.Replication;

/// <summary>
/// One client operation as it travels through the write path. Every replica applies it
/// deterministically from these fields alone, so the timestamp is chosen once, by the
/// coordinator, and replicated with it.
/// </summary>
/// <param name="TxId">The transaction id (<c>TransactionId</c> in Contracts: the request id scoped to its user and kind): the operation is applied at most once per id.</param>
/// <param name="Kind">What the operation does.</param>
/// <param name="Account">The account written (the source, for a transfer).</param>
/// <param name="Counterparty">The destination of a transfer; null otherwise.</param>
/// <param name="AmountCents">The amount, in cents; 0 for <see cref="OperationKind.OpenAccount"/>.</param>
/// <param name="Actor">The customer on whose behalf it runs, or null for an operator.</param>
/// <param name="Owner">The owner of the account being opened, or the user being registered; null otherwise.</param>
/// <param name="AllowForeignDestination">Whether a transfer may credit an account of another customer.</param>
/// <param name="At">When the coordinator accepted the request (UTC).</param>
/// <param name="Payload">Data the operation stores in its row: the password-hash record of <see cref="OperationKind.RegisterUser"/>; null otherwise.</param>
[GenerateSerializer, Immutable]
public sealed record BankOperation(
    [Id(0)] string TxId,
    [Id(1)] OperationKind Kind,
    [Id(2)] string Account,
    [Id(3)] string? Counterparty,
    [Id(4)] long AmountCents,
    [Id(5)] string? Actor,
    [Id(6)] string? Owner,
    [Id(7)] bool AllowForeignDestination,
    [Id(8)] DateTimeOffset At,
    [Id(9)] string? Payload = null)
{
    /// <summary>The accounts the operation writes, in the global lock order (ordinal).</summary>
    public IReadOnlyList<string> Accounts =>
        Kind == OperationKind.Transfer && Counterparty is not null
            ? (string.CompareOrdinal(Account, Counterparty) <= 0 ? [Account, Counterparty] : [Counterparty, Account])
            : [Account];
}
