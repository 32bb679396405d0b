using BankOrleans.Bench.Measurement;

namespace BankOrleans.Bench.Tests;

public sealed class ConservationCheckTests
{
    [Fact]
    public void Transfers_only_must_give_back_exactly_what_was_funded()
    {
        Assert.True(new ConservationCheck(100_000, 0, 0, 0, 0, 100_000, 0).Conserved);
        Assert.False(new ConservationCheck(100_000, 0, 0, 0, 0, 99_999, 0).Conserved);
        Assert.False(new ConservationCheck(100_000, 0, 0, 0, 0, 100_001, 0).Conserved);
    }

    [Fact]
    public void Committed_deposits_and_withdrawals_move_the_expected_total()
    {
        var check = new ConservationCheck(FundedCents: 100_000, DepositedCents: 500, WithdrawnCents: 200, 0, 0, ActualCents: 100_300, UnreadAccounts: 0);

        Assert.Equal(100_300, check.ExpectedCents);
        Assert.True(check.Conserved);
        Assert.StartsWith("conserved", check.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unresolved_writes_widen_the_expected_total_to_a_range()
    {
        var check = new ConservationCheck(100_000, 0, 0, UnresolvedDepositCents: 50, UnresolvedWithdrawCents: 30, ActualCents: null, UnreadAccounts: 0);

        Assert.Equal(99_970, check.LowestCents);
        Assert.Equal(100_050, check.HighestCents);
        Assert.True(check with { ActualCents = 99_970 } is { Conserved: true });
        Assert.True(check with { ActualCents = 100_050 } is { Conserved: true });
        Assert.True(check with { ActualCents = 99_969 } is { Conserved: false });
        Assert.True(check with { ActualCents = 100_051 } is { Conserved: false });
    }

    [Fact]
    public void Unread_balances_are_never_reported_as_conserved()
    {
        var check = new ConservationCheck(100_000, 0, 0, 0, 0, null, UnreadAccounts: 3);

        Assert.False(check.Conserved);
        Assert.StartsWith("NOT VERIFIED: 3 account", check.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_difference_is_reported_with_its_amount()
    {
        Assert.Equal(
            "NOT CONSERVED: sum of balances 999.99, expected 1000.00 (difference -0.01)",
            new ConservationCheck(100_000, 0, 0, 0, 0, 99_999, 0).Describe());
    }
}
