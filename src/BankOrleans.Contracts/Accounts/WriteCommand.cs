using BankOrleans.Contracts.Replication;

namespace BankOrleans.Contracts.Accounts;

/// <summary>
/// A customer's write as it reaches the write leader: what to do, before the leader has checked
/// the session and turned it into a <see cref="BankOperation"/> for the session's user.
/// </summary>
/// <param name="RequestId">The client's request id: a retry with the same id, by the same user, for the same kind of write, is applied at most once (the tx id is <see cref="TransactionId.For"/> of it).</param>
/// <param name="Kind">Open, deposit, withdraw or transfer.</param>
/// <param name="Account">The account written: the new account, or the source of a transfer.</param>
/// <param name="Counterparty">A transfer's destination; null otherwise.</param>
/// <param name="AmountCents">The amount in cents; 0 for an open.</param>
[GenerateSerializer, Immutable]
public sealed record WriteCommand(
    [property: Id(0)] string RequestId,
    [property: Id(1)] OperationKind Kind,
    [property: Id(2)] string Account,
    [property: Id(3)] string? Counterparty,
    [property: Id(4)] long AmountCents);
