namespace BankOrleans.Contracts.Replication;

/// <summary>How a replica answered an install.</summary>
public enum InstallStatus
{
    /// <summary>Installed (or the replica already held exactly that state).</summary>
    Installed = 1,

    /// <summary>The ballot is below the replica's promise; nothing was written.</summary>
    BallotRejected = 2,

    /// <summary>The replica's row at the base version differs (or is missing): send more history.</summary>
    Diverged = 3,
}
