namespace BankOrleans.Bench.Workload;

/// <summary>The answer to a write: its outcome and, when it failed, a short reason for the report.</summary>
/// <param name="Outcome">How the write ended.</param>
/// <param name="Error">An error code or exception type and message; null when committed.</param>
public readonly record struct WriteOutcome(OperationOutcome Outcome, string? Error = null)
{
    /// <summary>A committed write.</summary>
    public static WriteOutcome Committed { get; } = new(OperationOutcome.Committed);
}
