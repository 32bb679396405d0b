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
    /// The most a scripted command spends retrying a failed try on another gateway (same request
    /// id) before it answers <c>unavailable</c> or <c>outcome_unknown</c>; zero means one try. The
    /// default outlasts a master's death: its detection plus the write leader's move took about
    /// 7 s here (docs/reliability.md). <c>BANK_FAILOVER_SECONDS</c> overrides it.
    /// </summary>
    public TimeSpan FailoverBound { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The least of <see cref="FailoverBound"/> a further try needs left to start. The cluster
    /// answers a write it cannot serve (two masters down) with <c>unavailable</c> after its session
    /// check and lease rounds, a few seconds; a try cut shorter than that only times out, and a
    /// write that timed out is <c>outcome_unknown</c>, where every earlier try had said the write
    /// did not happen. Without a further try, the earlier answer stands.
    /// </summary>
    public TimeSpan FailoverTryMinimum { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the Orleans client may take to open a connection to one gateway (TLS included)
    /// before it counts that gateway as down. Orleans' default is 5 s; a gateway on a dead or
    /// paused host then costs a try 5 s of its bound.
    /// </summary>
    public TimeSpan OpenConnectionTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How soon the Orleans client asks another gateway for the cluster's grain manifest after one
    /// failed to give it. Orleans waits 5 s (the smaller of 5 s and its 1-minute refresh period),
    /// so a client that first picked a dead master's gateway stalled 5 s before any call.
    /// </summary>
    public TimeSpan ManifestRetryInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Whether Ctrl-C / SIGTERM cancel the running command (the real process); tests that run
    /// the client in-process turn this off so that they do not install signal handlers.
    /// </summary>
    public bool HandleTerminationSignals { get; init; } = true;

    /// <summary>Standard input, for <c>--password-stdin</c>; the process's own when null (tests give a reader).</summary>
    public TextReader? StandardInput { get; init; }

    /// <summary>Reads environment variables (<c>BANK_PASSWORD</c>, <c>BANK_CLUSTER_CA</c>); the process's own when null (tests give a dictionary).</summary>
    public Func<string, string?>? GetEnvironmentVariable { get; init; }

    /// <summary>
    /// These options with the connect deadline and response timeout cut to
    /// <paramref name="remaining"/>, so that one failover try cannot outlast the bound.
    /// </summary>
    public BankClientOptions Within(TimeSpan remaining) => new()
    {
        ConnectDeadline = Min(ConnectDeadline, remaining),
        MaxConnectAttempts = MaxConnectAttempts,
        ResponseTimeout = Min(ResponseTimeout, remaining),
        FailoverBound = FailoverBound,
        FailoverTryMinimum = FailoverTryMinimum,
        OpenConnectionTimeout = Min(OpenConnectionTimeout, remaining),
        ManifestRetryInterval = ManifestRetryInterval,
        HandleTerminationSignals = HandleTerminationSignals,
        StandardInput = StandardInput,
        GetEnvironmentVariable = GetEnvironmentVariable,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a <= b ? a : b;
}
