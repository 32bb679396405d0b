namespace BankOrleans.Protocol.Tests.Sessions;

/// <summary>A deliberate break of the session-lease rule, to show the simulation catches it.</summary>
public enum SessionLeaseMutation
{
    /// <summary>The rule as the silos run it (<see cref="Protocol.Sessions.SessionEpochCheck"/>).</summary>
    None,

    /// <summary>The lease runs from when the majority read answered, not from when it was sent.</summary>
    StampAtReadEnd,

    /// <summary>A chosen logout answers at once.</summary>
    LogoutDoesNotWait,

    /// <summary>A chosen logout waits exactly the lease duration, as if clocks ran at one rate.</summary>
    WaitIgnoresDrift,

    /// <summary>The highest answer of a read becomes the floor, though it may be a logout that is never chosen.</summary>
    FloorIsHighest,
}
