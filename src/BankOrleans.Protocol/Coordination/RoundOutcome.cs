using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// How one round of <see cref="LeaseRounds"/> ended: finished with <see cref="Value"/>, or to be
/// retried because of <see cref="Problem"/>, above ballot <see cref="Above"/> when a replica or
/// member named a higher one, with the lease widened by <see cref="MoreAccounts"/>.
/// </summary>
internal sealed record RoundOutcome<T>(
    bool Finished,
    T? Value,
    string Problem,
    Ballot? Above,
    bool Unreachable,
    IReadOnlyCollection<string> MoreAccounts)
{
    /// <summary>The operation is over: no further round.</summary>
    public static RoundOutcome<T> Finish(T value) => new(true, value, "", null, false, []);

    /// <summary>
    /// Another round is wanted. <paramref name="unreachable"/>: fewer than two peers answered at
    /// all, which ends the operation after <see cref="CoordinatorOptions.UnreachableAttemptsBeforeGivingUp"/>
    /// such rounds in a row.
    /// </summary>
    public static RoundOutcome<T> Retry(
        string problem, Ballot? above = null, bool unreachable = false, IReadOnlyCollection<string>? moreAccounts = null) =>
        new(false, default, problem, above, unreachable, moreAccounts ?? []);
}
