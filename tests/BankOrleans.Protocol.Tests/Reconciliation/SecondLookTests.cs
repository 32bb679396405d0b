using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Protocol.Reconciliation;

namespace BankOrleans.Protocol.Tests.Reconciliation;

/// <summary>Anti-entropy acts on a difference between masters only if a second look still finds it.</summary>
public sealed class SecondLookTests
{
    [Fact]
    public void A_difference_gone_on_the_second_look_counts_as_agreeing_and_one_still_there_takes_the_second_verdict()
    {
        IReadOnlyList<AccountComparison> first =
        [
            Comparison("1000000001", ComparisonVerdict.Agree),
            Comparison("1000000002", ComparisonVerdict.MinorityDiffers),
            Comparison("1000000003", ComparisonVerdict.MinorityDiffers),
            Comparison("1000000004", ComparisonVerdict.MinorityDiffers),
            Comparison("1000000005", ComparisonVerdict.ReaderBehind),
        ];
        var again = new Dictionary<string, AccountComparison>
        {
            ["1000000002"] = Comparison("1000000002", ComparisonVerdict.ReaderBehind),
            ["1000000003"] = Comparison("1000000003", ComparisonVerdict.MinorityDiffers, "second look"),
            ["1000000004"] = Comparison("1000000004", ComparisonVerdict.NotEnoughMasters),
        };

        var confirmed = AccountComparisons.Confirmed(first, again);

        Assert.Equal(
            [ComparisonVerdict.Agree, ComparisonVerdict.Agree, ComparisonVerdict.MinorityDiffers, ComparisonVerdict.NotEnoughMasters, ComparisonVerdict.ReaderBehind],
            confirmed.Select(c => c.Verdict));
        Assert.Equal("second look", confirmed[2].Detail);
        Assert.Same(first[4], confirmed[4]);
    }

    [Fact]
    public void A_difference_without_a_second_look_is_kept()
    {
        IReadOnlyList<AccountComparison> first = [Comparison("1000000002", ComparisonVerdict.MinorityDiffers)];

        Assert.Same(first[0], AccountComparisons.Confirmed(first, new Dictionary<string, AccountComparison>())[0]);
    }

    private static AccountComparison Comparison(string account, ComparisonVerdict verdict, string detail = "first look") =>
        new(account, verdict, detail, []);
}
