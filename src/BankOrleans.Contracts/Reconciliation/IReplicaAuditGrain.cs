namespace BankOrleans.Contracts.Reconciliation;

/// <summary>
/// Operator views of the replicas (key 0, on any master): compares every account across the
/// three masters and the reader without changing anything. Both need the operator credential
/// (<c>Bank:Security:OperatorToken</c>); without it they throw <see cref="UnauthorizedAccessException"/>.
/// </summary>
public interface IReplicaAuditGrain : IGrainWithIntegerKey
{
    /// <summary>Compares every account (<c>admin verify</c>).</summary>
    Task<VerifyReport> Verify(string operatorToken);

    /// <summary>What each replica holds of one account (<c>admin replicas</c>).</summary>
    Task<AccountComparison> Inspect(string account, string operatorToken);
}
