using BankOrleans.Contracts;
using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Placement;
using BankOrleans.Grains.Security;
using BankOrleans.Protocol.Reconciliation;
using BankOrleans.Topology;
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
        if (GatewayInput.VerifyStart(from) is { } problem)
        {
            throw new ArgumentException(problem, nameof(from));
        }

        return VerifyPagesAsync(from, recovery.Value.VerifyPagesPerCall);
    }

    /// <inheritdoc />
    public Task<VerifyReport> VerifyChanged(string from, string operatorToken)
    {
        RequireOperator(operatorToken);
        if (GatewayInput.VerifyStart(from) is { } problem)
        {
            throw new ArgumentException(problem, nameof(from));
        }

        return VerifyRangesAsync(from, recovery.Value.VerifyPagesPerCall);
    }

    // The ranges whose summaries differ, from start's range on, page by page up to maxPages; the
    // ranges that agree count their accounts as compared. Without every master's summary, pages.
    private async Task<VerifyReport> VerifyRangesAsync(string start, int maxPages)
    {
        var surveyor = new ReplicaSurvey(new GrainAntiEntropyPeers(GrainFactory), recovery.Value.PeerCallTimeout, TimeProvider.System);
        if (await surveyor.CompareSummariesAsync() is not { } summaries)
        {
            return await VerifyPagesAsync(start, maxPages);
        }

        var startRange = start.Length == 0 ? "" : DigestRanges.Of(start);
        var report = new VerifyReport(
            true, summaries.ReaderServes && summaries.Differing.Count == 0, (int)summaries.AgreeingFrom(startRange), summaries.NotServing, [])
        {
            CatchingUp = summaries.CatchingUp,
        };
        // Where the next call resumes: after the last key compared (a range's name is no start key).
        var (pages, resume) = (0, start);
        foreach (var range in summaries.Differing.Where(r => string.CompareOrdinal(r, startRange) >= 0))
        {
            string? from = range == startRange && start.Length > 0 ? start : range;
            while (from is not null)
            {
                if (pages >= maxPages && resume != start)
                {
                    return report with { Next = resume };
                }

                var survey = await surveyor.CollectRangeAsync(range, from, summaries.PageFor(range, recovery.Value.InventoryPageSize));
                pages++;
                report = report.Then(await CompareAsync(surveyor, survey));
                if (survey.Accounts.Count > 0)
                {
                    resume = InventoryPages.After(survey.Accounts.Keys.Max(StringComparer.Ordinal)!);
                }

                from = survey.Next;
            }
        }

        return report with { Next = null };
    }

    private async Task<VerifyReport> VerifyPagesAsync(string start, int maxPages)
    {
        var surveyor = new ReplicaSurvey(new GrainAntiEntropyPeers(GrainFactory), recovery.Value.PeerCallTimeout, TimeProvider.System);
        // Page by page, each page's report joined to the last (VerifyReport.Then, as the client
        // joins parts), keeping only what differs: the report stays small at a million accounts.
        var report = await VerifyPageAsync(surveyor, start);
        for (var pages = 1; report.Next is { } next && pages < maxPages; pages++)
        {
            report = report.Then(await VerifyPageAsync(surveyor, next));
        }

        return report;
    }

    private async Task<VerifyReport> VerifyPageAsync(ReplicaSurvey surveyor, string from) =>
        await CompareAsync(surveyor, await surveyor.CollectAsync(from, recovery.Value.InventoryPageSize));

    private static async Task<VerifyReport> CompareAsync(ReplicaSurvey surveyor, ReplicaSurvey.Result survey)
    {
        var comparisons = await AccountComparisons.CompareAsync(surveyor, survey);
        var differing = comparisons.Where(c => c.Verdict != ComparisonVerdict.Agree).ToArray();
        var mastersServe = survey.Replicas.Take(3).All(r => r.Reachable && r.Ready);
        var readerServes = survey.Replicas[3] is { Reachable: true, Ready: true };
        return new VerifyReport(
            mastersServe && differing.All(c => c.Verdict == ComparisonVerdict.ReaderBehind),
            readerServes && mastersServe && differing.Length == 0,
            comparisons.Count,
            survey.NotServing,
            differing)
        {
            Next = survey.Next,
            CatchingUp = survey.Replicas.Where(r => r.Reachable && !r.Ready).Select(r => r.Replica).ToArray(),
        };
    }

    /// <inheritdoc />
    public async Task<AccountComparison> Inspect(string account, string operatorToken)
    {
        RequireOperator(operatorToken);
        if (GatewayInput.Account(account) is { } problem)
        {
            throw new ArgumentException(problem, nameof(account));
        }

        var surveyor = new ReplicaSurvey(new GrainAntiEntropyPeers(GrainFactory), recovery.Value.PeerCallTimeout, TimeProvider.System);
        // The page that starts at the account holds it first, if any replica has it.
        var survey = await surveyor.CollectAsync(account, 1);
        var line = survey.Accounts.TryGetValue(account, out var found) ? found : survey.Replicas;
        return await AccountComparisons.CompareAsync(surveyor, account, line);
    }

    private void RequireOperator(string operatorToken)
    {
        if (!GatewayInput.IsPlausibleOperatorToken(operatorToken) || !operators.IsOperator(operatorToken))
        {
            throw new UnauthorizedAccessException("not authorized: the operator credential is required");
        }
    }
}
