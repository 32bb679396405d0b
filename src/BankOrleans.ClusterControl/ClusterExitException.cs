namespace BankOrleans.ClusterControl;

/// <summary>
/// A cluster command ends with <see cref="ExitCode"/> (1 error, 2 bad usage, 4 cluster unavailable).
/// The command line prints <c>bank: </c> and the message on stderr when there is one; a command
/// that has already said why (a failed start prints the silo's log) throws it without a message.
/// </summary>
public sealed class ClusterExitException : Exception
{
    /// <summary>Ends the command with <paramref name="exitCode"/>, printing <paramref name="reason"/> if not null.</summary>
    public ClusterExitException(int exitCode, string? reason)
        : base(reason ?? $"exit {exitCode}")
    {
        ExitCode = exitCode;
        Reason = reason;
    }

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }

    /// <summary>What to print after <c>bank: </c>, or null when the command has printed its own explanation.</summary>
    public string? Reason { get; }
}
