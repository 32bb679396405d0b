namespace BankOrleans.ClusterControl;

/// <summary>The exit codes of the cluster commands (docs/cli.md: 0 ok, 1 error, 2 bad usage, 4 cluster unavailable).</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>Anything else went wrong (a build, a port in use, the lock).</summary>
    public const int Error = 1;

    /// <summary>Bad arguments or environment.</summary>
    public const int Usage = 2;

    /// <summary>The cluster did not come up, or is not running.</summary>
    public const int Unavailable = 4;
}
