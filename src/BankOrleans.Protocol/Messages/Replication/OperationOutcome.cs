namespace BankOrleans.Contracts.Replication;

/// <summary>
/// The deterministic result of evaluating an operation on a state: applied with the new
/// balances and versions, or rejected by a business rule with its error code (nothing written).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record OperationOutcome(
    [Id(0)] string TxId,
    [Id(1)] bool Applied,
    [Id(2)] string? RejectionCode,
    [Id(3)] IReadOnlyList<AccountBalance> Accounts)
{
    /// <summary>Value equality including the account list (records compare lists by reference).</summary>
    public bool SameAs(OperationOutcome other) =>
        TxId == other.TxId && Applied == other.Applied && RejectionCode == other.RejectionCode
        && Accounts.SequenceEqual(other.Accounts);
}
