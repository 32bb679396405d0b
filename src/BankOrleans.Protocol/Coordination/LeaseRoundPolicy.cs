namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// Where the three users of <see cref="LeaseRounds"/> (execute, read, reconcile) differ. The
/// first three settings are the design; the last three keep small differences the three loops had
/// before they were merged into one, so that merging them changed no behaviour.
/// </summary>
internal sealed record LeaseRoundPolicy
{
    /// <summary>
    /// A write: gives up when the peers stay silent, starts no round after the deadline, and shares
    /// phase 1 with the writes that start with it (they hold disjoint accounts, under their locks).
    /// </summary>
    public static readonly LeaseRoundPolicy Execute = new() { StopsAtDeadlineAfterBackoff = true, SharesPhaseOne = true };

    /// <summary>A majority read.</summary>
    public static readonly LeaseRoundPolicy Read = new() { RefusedPrepareCountsAsUnreachable = true, EveryRefusalRaisesTheNextBallot = true };

    /// <summary>
    /// Reconciliation: every replica's promise is wanted, because it ends with all three at one
    /// state; and only the deadline ends it, since the replicas it repairs are often the silent ones.
    /// </summary>
    public static readonly LeaseRoundPolicy Reconcile = new() { WaitsForEveryPromise = true, GivesUpWhenUnreachable = false, EveryRefusalRaisesTheNextBallot = true };

    /// <summary>
    /// The round may share its lease vote and prepare with other rounds of the coordinator
    /// (<see cref="SharedRounds"/>): only for uses whose concurrent rounds never hold one account twice.
    /// </summary>
    public bool SharesPhaseOne { get; init; }

    /// <summary>The prepare waits for every replica that answers in time, not only a majority of promises.</summary>
    public bool WaitsForEveryPromise { get; init; }

    /// <summary>
    /// The loop ends after <see cref="CoordinatorOptions.UnreachableAttemptsBeforeGivingUp"/> rounds
    /// in a row in which fewer than two peers answered.
    /// </summary>
    public bool GivesUpWhenUnreachable { get; init; } = true;

    /// <summary>The deadline is checked again after the back-off, before the next vote (not only before the back-off).</summary>
    public bool StopsAtDeadlineAfterBackoff { get; init; }

    /// <summary>
    /// A prepare that fewer than two replicas answered counts as unreachable even when one of them
    /// refused on a higher ballot (otherwise such a round is retried above that ballot without counting).
    /// </summary>
    public bool RefusedPrepareCountsAsUnreachable { get; init; }

    /// <summary>
    /// A replica's refusal in a prepare that still won a majority of promises raises the ballot
    /// the next round's vote must beat (otherwise only the refusals of a failed prepare do).
    /// </summary>
    public bool EveryRefusalRaisesTheNextBallot { get; init; }
}
