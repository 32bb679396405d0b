namespace BankOrleans.Client.Cli;

/// <summary>
/// How the client process behaves, as opposed to what the user asked for on the command
/// line. The defaults are the production values; tests shorten the deadlines.
/// </summary>
public sealed class BankClientOptions
{
    /// <summary>How long the client tries to reach a gateway before it reports the cluster unavailable.</summary>
    public TimeSpan ConnectDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times the client tries the whole gateway list before giving up (bounded by the deadline).</summary>
    public int MaxConnectAttempts { get; init; } = 4;

    /// <summary>How long one call to the cluster may take before it counts as unanswered.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether Ctrl-C / SIGTERM cancel the running command (the real process); tests that run
    /// the client in-process turn this off so that they do not install signal handlers.
    /// </summary>
    public bool HandleTerminationSignals { get; init; } = true;

    /// <summary>Standard input, for <c>--password-stdin</c>; the process's own when null (tests give a reader).</summary>
    public TextReader? StandardInput { get; init; }

    /// <summary>Reads environment variables (<c>BANK_PASSWORD</c>, <c>BANK_CLUSTER_CA</c>); the process's own when null (tests give a dictionary).</summary>
    public Func<string, string?>? GetEnvironmentVariable { get; init; }
}
