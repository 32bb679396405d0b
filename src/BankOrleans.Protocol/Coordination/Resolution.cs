namespace BankOrleans.Protocol.Coordination;

/// <summary>
/// What <see cref="Resolver"/> decided from a promise majority: either more information is
/// needed (accounts to add to the lease, rows to look up), or a target for every account.
/// </summary>
public sealed record Resolution(
    IReadOnlyCollection<string> MissingAccounts,
    IReadOnlyList<EntryLookup> Lookups,
    IReadOnlyDictionary<string, AccountTarget> Targets)
{
    /// <summary>Whether every account has a target.</summary>
    public bool IsComplete => MissingAccounts.Count == 0 && Lookups.Count == 0;
}
