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
    public Task<VerifyReport> Verify(string operatorToken)
    {
        RequireOperator(operatorToken);
        return VerifyPagesAsync("", int.MaxValue);
    }

    /// <inheritdoc />
    public Task<VerifyReport> VerifyPart(string from, string operatorToken)
    {
        RequireOperator(operatorToken);
        ArgumentNullException.ThrowIfNull(from);
        return VerifyPagesAsync(from, recovery.Value.VerifyPagesPerCall);
    }

    private async Task<VerifyReport> VerifyPagesAsync(string start, int maxPages)
    {
        var surveyor = new ReplicaSurvey(GrainFactory, recovery.Value.PeerCallTimeout);
        var compared = 0;
        var differing = new List<AccountComparison>();
        var notServing = new SortedSet<string>(StringComparer.Ordinal);
        var mastersServe = true;
        var readerServes = true;
        // Page by page, keeping only what differs: the report stays small at a million accounts.
        string? from = start;
        for (var pages = 0; from is not null && pages < maxPages; pages++)
        {
            var survey = await surveyor.CollectAsync(from, recovery.Value.InventoryPageSize);
            var comparisons = await AccountComparisons.CompareAsync(surveyor, survey);
            compared += comparisons.Count;
            differing.AddRange(comparisons.Where(c => c.Verdict != ComparisonVerdict.Agree));
            notServing.UnionWith(survey.NotServing);
            mastersServe &= survey.Replicas.Take(3).All(r => r.Reachable && r.Ready);
            readerServes &= survey.Replicas[3] is { Reachable: true, Ready: true };
            from = survey.Next;
        }

        return new VerifyReport(
            mastersServe && differing.All(c => c.Verdict == ComparisonVerdict.ReaderBehind),
            readerServes && mastersServe && differing.Count == 0,
            compared,
            notServing.ToArray(),
            differing) { Next = from };
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
        // The page that starts at the account holds it first, if any replica has it.
        var survey = await surveyor.CollectAsync(account, 1);
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
