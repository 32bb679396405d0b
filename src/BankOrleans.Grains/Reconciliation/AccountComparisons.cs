using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Protocol.Reconciliation;

namespace BankOrleans.Grains.Reconciliation;

/// <summary>Runs <see cref="AccountComparer"/> over a survey, reading the extra rows it needs only where masters differ.</summary>
internal static class AccountComparisons
{
    /// <summary>The comparison of every account of <paramref name="survey"/>, in account order.</summary>
    public static async Task<IReadOnlyList<AccountComparison>> CompareAsync(ReplicaSurvey surveyor, ReplicaSurvey.Result survey)
    {
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
        var masters = line.Take(3).ToArray();
        var reader = line[3];
        // The reader serves accounts only; other replicated objects (user records) are compared on the masters.
        var readerHoldsIt = AccountNumber.IsValid(account);
        var first = AccountComparer.Compare(account, masters, reader, chosenHistoryConflict: false, readerHoldsIt);
        if (first.Verdict != ComparisonVerdict.MinorityDiffers)
        {
            return first;
        }

        // Only two trusted masters that differ can hide a conflict a majority cannot decide.
        var conflict = await surveyor.ChosenHistoryConflictAsync(account, masters);
        return conflict ? AccountComparer.Compare(account, masters, reader, chosenHistoryConflict: true, readerHoldsIt) : first;
    }
}
