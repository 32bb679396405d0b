namespace BankOrleans.Contracts.Reconciliation;

/// <summary>
/// The answer of <c>admin verify</c>: whether every master answered and they agree on every
/// account, whether the reader has caught up, and the accounts that differ.
/// </summary>
/// <param name="MastersAgree">All three masters answered, are ready, and hold the same intact, unfrozen state of every account.</param>
/// <param name="ReaderCaughtUp">The reader answered, is ready, and holds the masters' state of every account.</param>
/// <param name="AccountsCompared">How many accounts were compared.</param>
/// <param name="Unreachable">Replicas that did not answer (or are still catching up).</param>
/// <param name="Differing">Every account whose verdict is not <see cref="ComparisonVerdict.Agree"/>.</param>
[GenerateSerializer, Immutable]
public sealed record VerifyReport(
    [property: Id(0)] bool MastersAgree,
    [property: Id(1)] bool ReaderCaughtUp,
    [property: Id(2)] int AccountsCompared,
    [property: Id(3)] IReadOnlyList<string> Unreachable,
    [property: Id(4)] IReadOnlyList<AccountComparison> Differing)
{
    /// <summary>
    /// Where the next part starts, for an answer of <see cref="IReplicaAuditGrain.VerifyPart"/>
    /// that did not reach the last account; null when this answer covers the rest.
    /// </summary>
    [Id(5)]
    public string? Next { get; init; }

    /// <summary>
    /// The replicas among <see cref="Unreachable"/> that answered but are still catching up (the
    /// rest did not answer): <c>admin verify</c> waits, bounded, for these.
    /// </summary>
    [Id(6)]
    public IReadOnlyList<string> CatchingUp { get; init; } = [];

    /// <summary>The report of this part followed by <paramref name="next"/> (the part that starts at <see cref="Next"/>).</summary>
    public VerifyReport Then(VerifyReport next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new VerifyReport(
            MastersAgree && next.MastersAgree,
            ReaderCaughtUp && next.ReaderCaughtUp,
            AccountsCompared + next.AccountsCompared,
            Unreachable.Union(next.Unreachable, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            [.. Differing, .. next.Differing])
        {
            Next = next.Next,
            CatchingUp = CatchingUp.Union(next.CatchingUp, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
        };
    }
}
