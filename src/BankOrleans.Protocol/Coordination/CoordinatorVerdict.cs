namespace BankOrleans.Protocol.Coordination;

/// <summary>How an operation ended, as the client must be told.</summary>
public enum CoordinatorVerdict
{
    /// <summary>Applied and durable on a majority.</summary>
    Committed = 1,

    /// <summary>Refused by a business rule on the committed state; nothing was written.</summary>
    Rejected = 2,

    /// <summary>No majority could be reached and nothing was accepted anywhere: safe to report "failed".</summary>
    Unavailable = 3,

    /// <summary>An accept may have landed without a majority being seen: retry with the same request id.</summary>
    Unknown = 4,
}
