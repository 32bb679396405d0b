namespace BankOrleans.Protocol.Sessions;

/// <summary>What a silo's session leases say about one session (<see cref="SessionEpochCache.Check"/>).</summary>
public enum SessionLeaseVerdict
{
    /// <summary>No lease decides it: read the epoch from a majority.</summary>
    ReadNeeded,

    /// <summary>A lease holds on exactly the claimed epoch: the session is current.</summary>
    Current,

    /// <summary>The floor, or a lease that holds, is above the claim: the session has ended (logged out).</summary>
    Ended,
}
