using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Ledger;

/// <summary>
/// The result of evaluating an operation on account states: the outcome, and when applied,
/// the ledger rows to append and the accounts' new states (ballots untouched).
/// </summary>
public sealed record Evaluation(
    OperationOutcome Outcome,
    IReadOnlyList<LedgerEntry> Entries,
    IReadOnlyList<AccountState> NewStates);
