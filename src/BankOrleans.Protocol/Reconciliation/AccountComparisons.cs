using BankOrleans.Contracts.Reconciliation;

namespace BankOrleans.Protocol.Reconciliation;

/// <summary>
/// Runs <see cref="AccountComparer"/> over a survey, reading the extra rows it needs only where
/// masters differ, and confirms differences with a second look before anti-entropy acts on them.
/// </summary>
public static class AccountComparisons
{
    /// <summary>The comparison of every account of <paramref name="survey"/>, in account order.</summary>
    public static async Task<IReadOnlyList<AccountComparison>> CompareAsync(ReplicaSurvey surveyor, ReplicaSurvey.Result survey)
    {
        ArgumentNullException.ThrowIfNull(surveyor);
        ArgumentNullException.ThrowIfNull(survey);
        var comparisons = new List<AccountComparison>(survey.Accounts.Count);
        foreach (var (account, line) in survey.Accounts)
        {
            comparisons.Add(await CompareAsync(surveyor, account, line));
        }

        return comparisons;
    }

    /// <summary>The comparison of one account from its line of observations (masters 1..3, then the reader).</summary>
    public static async Task<AccountComparison> CompareAsync(ReplicaSurvey surveyor, string account, IReadOnlyList<ReplicaObservation> line)
    {
        ArgumentNullException.ThrowIfNull(surveyor);
        ArgumentNullException.ThrowIfNull(line);
        var masters = line.Take(3).ToArray();
        var reader = line[3];
        var readerHoldsIt = surveyor.ReaderHolds(account);
        var first = AccountComparer.Compare(account, masters, reader, chosenHistoryConflict: false, readerHoldsIt);
        if (first.Verdict != ComparisonVerdict.MinorityDiffers)
        {
            return first;
        }

        // Only two trusted masters that differ can hide a conflict a majority cannot decide.
        var conflict = await surveyor.ChosenHistoryConflictAsync(account, masters);
        return conflict ? AccountComparer.Compare(account, masters, reader, chosenHistoryConflict: true, readerHoldsIt) : first;
    }

    /// <summary>
    /// <paramref name="comparisons"/> after a second look, once <paramref name="pause"/> is over, at
    /// the accounts whose masters differed: under load a master a version behind is usually only
    /// waiting for an accept in flight, and repairing it would take the write leader's prepared
    /// ballot for nothing. Only what still differs is acted on.
    /// </summary>
    public static async Task<IReadOnlyList<AccountComparison>> ConfirmDifferencesAsync(
        ReplicaSurvey surveyor, IReadOnlyList<AccountComparison> comparisons, Func<Task> pause)
    {
        ArgumentNullException.ThrowIfNull(surveyor);
        ArgumentNullException.ThrowIfNull(comparisons);
        ArgumentNullException.ThrowIfNull(pause);
        var differing = comparisons.Where(c => c.Verdict == ComparisonVerdict.MinorityDiffers).Select(c => c.Account).ToArray();
        if (differing.Length == 0)
        {
            return comparisons;
        }

        await pause();
        var again = new Dictionary<string, AccountComparison>(StringComparer.Ordinal);
        foreach (var chunk in differing.Chunk(ReplicaSurvey.MaxNamedAccounts))
        {
            var survey = await surveyor.CollectAccountsAsync(chunk);
            foreach (var comparison in await CompareAsync(surveyor, survey))
            {
                again[comparison.Account] = comparison;
            }
        }

        return Confirmed(comparisons, again);
    }

    /// <summary>
    /// Each first comparison, except that a difference between masters takes its second look:
    /// agreeing masters then count as agreeing (the second look does not ask the reader, so the
    /// reader waits for a later sweep), anything else is the second look's verdict.
    /// </summary>
    internal static IReadOnlyList<AccountComparison> Confirmed(
        IReadOnlyList<AccountComparison> first, IReadOnlyDictionary<string, AccountComparison> again) =>
        first.Select(c =>
            c.Verdict != ComparisonVerdict.MinorityDiffers || !again.TryGetValue(c.Account, out var second) ? c
            : second.Verdict is ComparisonVerdict.Agree or ComparisonVerdict.ReaderBehind
                ? c with { Verdict = ComparisonVerdict.Agree, Detail = "the masters agreed on a second look (a write was in flight)" }
                : second)
        .ToArray();
}
