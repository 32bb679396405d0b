using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Security;
using Microsoft.Extensions.Options;

namespace BankOrleans.Grains.Reconciliation;

/// <summary>
/// Read-only operator views of the replicas, on any master (a stateless grain: if its silo dies,
/// the next call activates it on another master). Nothing here changes a replica.
/// </summary>
[RequiredRole(SiloRoles.Master)]
public sealed class ReplicaAuditGrain(IOptions<RecoveryOptions> recovery, IOperatorAuthorizer operators) : Grain, IReplicaAuditGrain
{
    /// <inheritdoc />
    public async Task<VerifyReport> Verify(string operatorToken)
    {
        RequireOperator(operatorToken);
        var surveyor = new ReplicaSurvey(GrainFactory, recovery.Value.PeerCallTimeout);
        var survey = await surveyor.CollectAsync();
        var comparisons = await AccountComparisons.CompareAsync(surveyor, survey);
        var differing = comparisons.Where(c => c.Verdict != ComparisonVerdict.Agree).ToArray();
        var notServing = survey.NotServing;
        var mastersServe = survey.Replicas.Take(3).All(r => r.Reachable && r.Ready);
        var readerServes = survey.Replicas[3] is { Reachable: true, Ready: true };
        return new VerifyReport(
            mastersServe && differing.All(c => c.Verdict == ComparisonVerdict.ReaderBehind),
            readerServes && mastersServe && differing.Length == 0,
            comparisons.Count,
            notServing,
            differing);
    }

    /// <inheritdoc />
    public async Task<AccountComparison> Inspect(string account, string operatorToken)
    {
        RequireOperator(operatorToken);
        if (!AccountNumber.IsValid(account))
        {
            throw new ArgumentException($"'{account}' is not an account number (10 digits)", nameof(account));
        }

        var surveyor = new ReplicaSurvey(GrainFactory, recovery.Value.PeerCallTimeout);
        var survey = await surveyor.CollectAsync();
        var line = survey.Accounts.TryGetValue(account, out var found) ? found : survey.Replicas;
        return await AccountComparisons.CompareAsync(surveyor, account, line);
    }

    private void RequireOperator(string operatorToken)
    {
        if (!operators.IsOperator(operatorToken))
        {
            throw new UnauthorizedAccessException("not authorized: the operator credential is required");
        }
    }
}
