using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Coordination;

/// <summary>The answer to one operation: the verdict, the outcome when there is one, and why.</summary>
public sealed record CoordinatorResult(CoordinatorVerdict Verdict, OperationOutcome? Outcome, string Message);
