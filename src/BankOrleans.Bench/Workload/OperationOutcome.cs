namespace BankOrleans.Bench.Workload;

/// <summary>How one operation ended, as the client sees it.</summary>
public enum OperationOutcome
{
    /// <summary>Applied and acknowledged.</summary>
    Committed,

    /// <summary>Refused by a business rule (insufficient funds, invalid account, …); nothing applied.</summary>
    Rejected,

    /// <summary>Refused because the system could not serve it (no quorum, unreachable); nothing applied.</summary>
    Unavailable,

    /// <summary>Aborted by a transaction conflict or lock timeout (the Orleans Transactions peer); nothing applied.</summary>
    Aborted,

    /// <summary>May or may not have been applied (timeout, in-doubt transaction, outcome unknown).</summary>
    Unknown,
}
