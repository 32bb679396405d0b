namespace BankOrleans.Contracts.Replication;

/// <summary>How a replica answered an accept.</summary>
public enum AcceptStatus
{
    /// <summary>The operation was evaluated; the outcome (applied or rejected by a business rule) is attached.</summary>
    Evaluated = 1,

    /// <summary>The request id was already applied in the fenced history; the stored outcome is attached.</summary>
    AlreadyApplied = 2,

    /// <summary>A fence's ballot is below the replica's promise; nothing was written (the stored outcome is attached if an earlier copy landed).</summary>
    BallotRejected = 3,

    /// <summary>
    /// An account is not at the expected version and head; nothing was written. If the replica
    /// already holds this request from an earlier attempt, its stored outcome is attached.
    /// </summary>
    StateMismatch = 4,

    /// <summary>An account is frozen by reconciliation; nothing was written.</summary>
    Frozen = 5,

    /// <summary>
    /// The replica never evaluated the request: it is catching up, or its silo is not in the
    /// cluster. Nothing was written. (Set by the caller's transport, never by the replica rules.)
    /// </summary>
    NotServing = 6,
}
