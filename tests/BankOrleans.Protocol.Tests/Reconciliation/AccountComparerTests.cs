using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Reconciliation;

namespace BankOrleans.Protocol.Tests.Reconciliation;

public sealed class AccountComparerTests
{
    private const string Account = "1000000001";

    private static ReplicaObservation Up(string name, long version, long balance, string head, bool intact = true, bool frozen = false) =>
        new(name, true, true, new ReplicaDigest(Account, version, balance, head, frozen, intact));

    private static ReplicaObservation Down(string name) => new(name, false, false, null);

    [Fact]
    public void Three_equal_masters_and_the_reader_agree()
    {
        var c = AccountComparer.Compare(Account, [Up("master-1", 3, 5, "h"), Up("master-2", 3, 5, "h"), Up("master-3", 3, 5, "h")], Up("reader", 3, 5, "h"), false);
        Assert.Equal(ComparisonVerdict.Agree, c.Verdict);
    }

    [Fact]
    public void A_master_behind_is_protocol_divergence_repaired_by_majority_not_a_freeze()
    {
        var c = AccountComparer.Compare(Account, [Up("master-1", 3, 5, "h"), Up("master-2", 3, 5, "h"), Up("master-3", 2, 1, "g")], Up("reader", 3, 5, "h"), false);
        Assert.Equal(ComparisonVerdict.MinorityDiffers, c.Verdict);
    }

    [Fact]
    public void A_master_contradicting_its_own_ledger_is_repaired_when_two_intact_masters_answer()
    {
        var c = AccountComparer.Compare(Account, [Up("master-1", 3, 5, "h"), Up("master-2", 3, 999, "h", intact: false), Up("master-3", 3, 5, "h")], Up("reader", 3, 5, "h"), false);
        Assert.Equal(ComparisonVerdict.MinorityDiffers, c.Verdict);
    }

    [Fact]
    public void A_damaged_master_with_the_third_down_cannot_be_decided_and_freezes()
    {
        var c = AccountComparer.Compare(Account, [Up("master-1", 3, 5, "h"), Up("master-2", 3, 999, "h", intact: false), Down("master-3")], Up("reader", 3, 5, "h"), false);
        Assert.Equal(ComparisonVerdict.Undecidable, c.Verdict);
    }

    [Fact]
    public void Two_masters_disagreeing_only_on_their_top_version_with_the_third_down_are_completed_not_frozen()
    {
        var c = AccountComparer.Compare(Account, [Up("master-1", 4, 6, "x"), Up("master-2", 4, 7, "y"), Down("master-3")], Up("reader", 3, 5, "h"), false);
        Assert.Equal(ComparisonVerdict.MinorityDiffers, c.Verdict);
    }

    [Fact]
    public void Two_masters_disagreeing_on_history_both_hold_as_chosen_with_the_third_down_freeze()
    {
        var c = AccountComparer.Compare(Account, [Up("master-1", 4, 6, "x"), Up("master-2", 4, 7, "y"), Down("master-3")], Up("reader", 3, 5, "h"), true);
        Assert.Equal(ComparisonVerdict.Undecidable, c.Verdict);
    }

    [Fact]
    public void A_frozen_account_whose_masters_agree_again_is_unfrozen()
    {
        var c = AccountComparer.Compare(Account, [Up("master-1", 3, 5, "h", frozen: true), Up("master-2", 3, 5, "h", frozen: true), Up("master-3", 3, 5, "h")], Up("reader", 3, 5, "h"), false);
        Assert.Equal(ComparisonVerdict.FrozenButAgreeing, c.Verdict);
    }

    [Fact]
    public void A_reader_behind_the_agreeing_masters_is_re_fed()
    {
        var c = AccountComparer.Compare(Account, [Up("master-1", 3, 5, "h"), Up("master-2", 3, 5, "h"), Up("master-3", 3, 5, "h")], Up("reader", 2, 1, "g"), false);
        Assert.Equal(ComparisonVerdict.ReaderBehind, c.Verdict);
    }
}
