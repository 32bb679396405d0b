namespace BankOrleans.Contracts.Accounts;

/// <summary>One row of an account's statement.</summary>
/// <param name="Version">The account's version after this row.</param>
/// <param name="At">When the operation was accepted (UTC).</param>
/// <param name="Kind">open, deposit, withdrawal, transfer-out, transfer-in or void.</param>
/// <param name="Counterparty">The other account of a transfer; null otherwise.</param>
/// <param name="AmountCents">The signed change of the balance (negative for money out).</param>
/// <param name="BalanceAfterCents">The balance after the row.</param>
/// <param name="TxId">The client's request id that wrote the row (<see cref="Replication.TransactionId.RequestIdOf"/>).</param>
[GenerateSerializer, Immutable]
public sealed record StatementLine(
    [property: Id(0)] long Version,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Kind,
    [property: Id(3)] string? Counterparty,
    [property: Id(4)] long AmountCents,
    [property: Id(5)] long BalanceAfterCents,
    [property: Id(6)] string TxId);
