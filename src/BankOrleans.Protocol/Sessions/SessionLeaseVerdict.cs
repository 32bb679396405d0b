namespace BankOrleans.Protocol.Sessions;

/// <summary>What a silo's session leases say about one session (<see cref="SessionEpochCache.Check"/>).</summary>
public enum SessionLeaseVerdict
{
    /// <summary>No lease decides it: read the epoch from a majority.</summary>
    ReadNeeded,

    /// <summary>A lease holds on exactly the claimed epoch: the session is current.</summary>
    Current,

    /// <summary>An epoch above the claim was read once: the session has ended (logged out).</summary>
    Ended,
}
