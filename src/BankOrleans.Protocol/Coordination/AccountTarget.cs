using BankOrleans.Contracts.Replication;

namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// The state a coordinator will fence an account at, and, when a promise majority did not
/// already hold it under one ballot, the install that completes it first.
/// </summary>
/// <param name="State">The account's state to fence on (ballot fields are not meaningful).</param>
/// <param name="NeedsCompletion">Whether <see cref="Entries"/> must be installed on a majority before accepting.</param>
/// <param name="BaseVersion">The version the install builds on.</param>
/// <param name="BaseHead">The head hash at <see cref="BaseVersion"/>.</param>
/// <param name="Entries">The rows above the base (empty when nothing needs completing).</param>
/// <param name="SourceReplica">A replica that holds the chosen history below the base, for repairs.</param>
public sealed record AccountTarget(
    AccountState State,
    bool NeedsCompletion,
    long BaseVersion,
    string BaseHead,
    IReadOnlyList<LedgerEntry> Entries,
    int SourceReplica)
{
    /// <summary>The install that puts this target on a replica whose history matches up to the base.</summary>
    public AccountInstall ToInstall() => new(BaseVersion, BaseHead, Entries, State);
}
