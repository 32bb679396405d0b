namespace BankOrleans.Chaos.Cluster;

/// <summary>The exit code and output of one bounded child process.</summary>
internal sealed record CommandResult(int ExitCode, string Output, bool TimedOut)
{
    public bool Ok => ExitCode == 0 && !TimedOut;
}
