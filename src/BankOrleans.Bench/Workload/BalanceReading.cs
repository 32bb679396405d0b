namespace BankOrleans.Bench.Workload;

/// <summary>The answer to a balance read: an outcome and, when committed, the balance in cents.</summary>
/// <param name="Outcome">Committed when the balance was read.</param>
/// <param name="BalanceCents">The balance; meaningful only when <paramref name="Outcome"/> is committed.</param>
/// <param name="Error">What went wrong, for the report, when it was not committed.</param>
public readonly record struct BalanceReading(OperationOutcome Outcome, long BalanceCents, string? Error = null);
