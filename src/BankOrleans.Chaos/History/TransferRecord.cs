using BankOrleans.Contracts.Replication;

namespace BankOrleans.Chaos.History;

/// <summary>
/// One transfer as the client saw it: invoked and completed at monotonic run times, its outcome,
/// the error code, the versions an acknowledgement reported, and the silo that answered.
/// </summary>
internal sealed record TransferRecord(
    string TxId,
    string From,
    string To,
    long AmountCents,
    TimeSpan Invoked,
    TimeSpan Completed,
    TransferOutcome Outcome,
    string? Error,
    IReadOnlyList<AccountBalance> Accounts,
    string ServedBy,
    int Sends);
