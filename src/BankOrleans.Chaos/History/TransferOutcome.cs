namespace BankOrleans.Chaos.History;

/// <summary>What the client learned about one transfer.</summary>
internal enum TransferOutcome
{
    /// <summary>Committed: must be in the final ledger of a majority.</summary>
    Acknowledged,

    /// <summary>Definitely not applied (unavailable, insufficient_funds, invalid_account): must be absent.</summary>
    Failed,

    /// <summary>outcome_unknown, a timeout or a lost connection: may be present or absent.</summary>
    Unknown,
}
