namespace BankOrleans.Contracts.Reconciliation;

/// <summary>
/// Operator views of the replicas (key 0, on any master): compares every account across the
/// three masters and the reader without changing anything. Both need the operator credential
/// (<c>Bank:Security:OperatorToken</c>); without it (null, over-long or wrong) they throw
/// <see cref="UnauthorizedAccessException"/>. A malformed account or start key throws <see cref="ArgumentException"/>.
/// </summary>
public interface IReplicaAuditGrain : IGrainWithIntegerKey
{
    /// <summary>Compares every account in one call (for a few accounts; the client uses <see cref="VerifyPart"/>).</summary>
    Task<VerifyReport> Verify(string operatorToken);

    /// <summary>
    /// Compares the accounts from <paramref name="from"/> (inclusive; "" for the first), a bounded
    /// number of inventory pages per call, so that each call answers in time at a million
    /// accounts; <see cref="VerifyReport.Next"/> says where the next call starts (<c>admin verify</c>).
    /// </summary>
    Task<VerifyReport> VerifyPart(string from, string operatorToken);

    /// <summary>
    /// As <see cref="VerifyPart"/>, but compares the replicas' range summaries first and reads
    /// the pages of only the ranges that differ (from <paramref name="from"/>'s range on), so an
    /// idle bank answers in one call at any size. When a master does not answer its summary, it
    /// compares pages as <see cref="VerifyPart"/> does. Ledger rows that contradict their own
    /// account row without changing it are not seen here; <see cref="VerifyPart"/> reads them.
    /// </summary>
    Task<VerifyReport> VerifyChanged(string from, string operatorToken);

    /// <summary>What each replica holds of one account (<c>admin replicas</c>).</summary>
    Task<AccountComparison> Inspect(string account, string operatorToken);
}
