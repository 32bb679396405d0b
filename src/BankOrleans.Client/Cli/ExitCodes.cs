namespace BankOrleans.Client.Cli;

/// <summary>
/// The process exit codes of the command-line contract (ARCHITECTURE.md section 7).
/// Scripts and the acceptance checks rely on these numbers: never renumber them.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command succeeded.</summary>
    public const int Ok = 0;

    /// <summary>A bug in the client: an exception no error code describes.</summary>
    public const int Internal = 1;

    /// <summary>Bad input or usage: unknown command, bad option, malformed value.</summary>
    public const int BadInput = 2;

    /// <summary>The bank refused the operation (insufficient funds, invalid account, not authorized, …).</summary>
    public const int Rejected = 3;

    /// <summary>The bank cannot serve the request now (cluster unreachable, no quorum).</summary>
    public const int Unavailable = 4;

    /// <summary>The request may or may not have been applied: retry with the same request id.</summary>
    public const int OutcomeUnknown = 5;

    /// <summary>Interrupted by Ctrl-C or SIGTERM (the shell convention 128 + SIGINT).</summary>
    public const int Cancelled = 130;
}
