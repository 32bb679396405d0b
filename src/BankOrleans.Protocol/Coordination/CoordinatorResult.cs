using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// The answer to one operation: the verdict, the outcome when there is one, and why. A committed
/// outcome carries only the balances of the actor's own accounts (<see cref="Ledger.OperationRules.VisibleTo"/>).
/// </summary>
public sealed record CoordinatorResult(CoordinatorVerdict Verdict, OperationOutcome? Outcome, string Message);
