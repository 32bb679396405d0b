namespace BankOrleans.Grains.Security;

/// <summary>
/// Credentials and costs of the bank's security, bound from <c>Bank:Security</c>. Secrets come from
/// the environment or from files outside the repository (<c>./bank up</c> generates them into the
/// data directory); they are never logged.
/// </summary>
public sealed class SecurityOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Bank:Security";

    /// <summary>OWASP's current recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultPasswordIterations = 600_000;

    /// <summary>The most <see cref="PasswordHashingThreads"/> a silo accepts.</summary>
    public const int MaxPasswordHashingThreads = 64;

    /// <summary>The cluster key that signs session tokens, base64 (at least 32 bytes). Either this or <see cref="SessionKeyFile"/>.</summary>
    public string? SessionKey { get; set; }

    /// <summary>A file holding the base64 session key (used when <see cref="SessionKey"/> is empty).</summary>
    public string? SessionKeyFile { get; set; }

    /// <summary>The operator credential administrative methods require; none configured means no caller is an operator.</summary>
    public string? OperatorToken { get; set; }

    /// <summary>A file holding the operator credential (used when <see cref="OperatorToken"/> is empty).</summary>
    public string? OperatorTokenFile { get; set; }

    /// <summary>PBKDF2 iterations for new password records. Default 600,000; tests lower it.</summary>
    public int PasswordIterations { get; set; } = DefaultPasswordIterations;

    /// <summary>
    /// Threads this silo hashes passwords on (<see cref="PasswordHashingQueue"/>), never the
    /// thread pool's. Default one per processor (at most 64): a burst of logins may use the whole
    /// machine, while the thread pool's threads stay free to serve messages between its hashes.
    /// </summary>
    public int PasswordHashingThreads { get; set; } = Math.Min(MaxPasswordHashingThreads, Environment.ProcessorCount);

    /// <summary>
    /// Hashes that may wait for a hashing thread; a login or registration past that is refused as
    /// unavailable at once. Default 16 (with 600,000 iterations, some seconds of work per thread).
    /// </summary>
    public int PasswordHashingQueue { get; set; } = 16;

    /// <summary>
    /// How long a hash may wait for a hashing thread (the wait only: it is checked when a thread
    /// takes the hash, which then runs in full). One that waited longer is not run, and its
    /// login or registration answers unavailable: its caller may no longer be waiting, and the
    /// hashes behind it would wait longer still. Default 4 s, so that with the hash itself (a
    /// third of a second of CPU, several seconds when a burst shares two cores) the answer reaches
    /// a client whose call times out after 10 s.
    /// </summary>
    public TimeSpan PasswordHashingMaxWait { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>How long a session lasts after login. Default 8 hours.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Whether this silo reuses a session epoch it read from a majority for a second (the
    /// session-lease rule, docs/protocol.md rule 11), so that the checks of a busy user's writes
    /// cost one majority read a second instead of one each. Default true; false reads a majority
    /// on every check. Every logout waits out the leases (1.02 s) either way, so silos may differ.
    /// </summary>
    public bool SessionLeases { get; set; } = true;

    /// <summary>Failed logins in a row that a user gets before throttling starts. Default 3.</summary>
    public int FailedLoginsBeforeThrottling { get; set; } = 3;

    /// <summary>The first throttling delay; it doubles with every further failure. Default 1 s.</summary>
    public TimeSpan FirstLoginDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest throttling delay. Default 5 minutes.</summary>
    public TimeSpan MaxLoginDelay { get; set; } = TimeSpan.FromMinutes(5);
}
