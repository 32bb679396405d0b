namespace BankOrleans.Protocol.Coordination;

/// <summary>Timing of the write path. Defaults are the production values.</summary>
public sealed class CoordinatorOptions
{
    /// <summary>How long one operation may take before it answers "unavailable" or "outcome unknown".</summary>
    public TimeSpan OperationDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one call to a council member or replica may stay silent before it counts as "no".</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The first retry delay after a lost vote; doubled per attempt up to <see cref="MaxBackoff"/>, with jitter.</summary>
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The largest retry delay.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Attempts in a row in which fewer than two peers answered at all before the operation
    /// fails fast as unavailable (rather than waiting out the deadline).
    /// </summary>
    public int UnreachableAttemptsBeforeGivingUp { get; set; } = 3;

    /// <summary>
    /// How many accounts the coordinator remembers as prepared (ballot and last state) for the
    /// accept-only fast path; the oldest are forgotten first. An account grain's reads touch one;
    /// the write leader, which coordinates every write, wants the whole bank.
    /// </summary>
    public int PreparedCapacity { get; set; } = 256;

    /// <summary>
    /// The most accounts one shared phase 1 covers (<see cref="SharedRounds"/>): the rounds of writes
    /// that start while one is in flight share the next lease vote and prepare. Zero: every round
    /// has its own. Worth it only where writes run concurrently (the write leader).
    /// </summary>
    public int SharedRoundAccounts { get; set; }

    /// <summary>Rows fetched per read when a replica needs history it lacks.</summary>
    public int RepairBatchSize { get; set; } = 10_000;
}
