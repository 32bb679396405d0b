using BankOrleans.Contracts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;

namespace BankOrleans.Protocol.Tests;

/// <summary>The business rules of every operation, evaluated as a pure function of account states.</summary>
public sealed class OperationRulesTests
{
    private const string A = "1000000001";
    private const string Z = "1000000002";
    private const string Missing = "1000000009";

    private static readonly DateTimeOffset _at = new(2025, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);

    // ---- open ----

    [Fact]
    public void Open_creates_version_1_with_zero_balance_and_a_first_row()
    {
        var promised = new Ballot(1, 2, 3);
        var empty = AccountState.Empty(A) with { PromisedBallot = promised };

        var result = OperationRules.Evaluate(Op("open-1", OperationKind.OpenAccount, A, 0, owner: "alice"), States(empty));

        Assert.Equal("open-1", result.Outcome.TxId);
        Assert.True(result.Outcome.Applied);
        Assert.Null(result.Outcome.RejectionCode);
        Assert.Equal([new AccountBalance(A, 0, 1)], result.Outcome.Accounts);
        var row = Assert.Single(result.Entries);
        Assert.Equal(
            LedgerHash.Seal(new LedgerEntry("open-1", A, 1, EntryKind.Open, null, 0, 0, 0, "alice", _at, "", "")),
            row);
        var state = Assert.Single(result.NewStates);
        Assert.Equal(new AccountState(A, "alice", 0, 1, row.Hash, Ballot.Zero, promised, false), state);
    }

    [Fact]
    public void Open_with_an_amount_pays_it_in_by_its_first_row()
    {
        var result = OperationRules.Evaluate(Op("open-1", OperationKind.OpenAccount, A, 250_00, owner: "alice"), States(AccountState.Empty(A)));

        Assert.True(result.Outcome.Applied);
        Assert.Equal([new AccountBalance(A, 250_00, 1)], result.Outcome.Accounts);
        var row = Assert.Single(result.Entries);
        Assert.Equal(
            LedgerHash.Seal(new LedgerEntry("open-1", A, 1, EntryKind.Open, null, 0, 250_00, 250_00, "alice", _at, "", "")),
            row);
        Assert.Equal(250_00, Assert.Single(result.NewStates).BalanceCents);
    }

    [Fact]
    public void Open_with_a_negative_amount_is_bad_input_and_writes_nothing()
    {
        var result = OperationRules.Evaluate(Op("open-1", OperationKind.OpenAccount, A, -1, owner: "alice"), States(AccountState.Empty(A)));

        Assert.False(result.Outcome.Applied);
        Assert.Equal(ErrorCodes.BadInput, result.Outcome.RejectionCode);
        Assert.Empty(result.Entries);
        Assert.Empty(result.NewStates);
    }

    [Fact]
    public void Open_of_an_existing_account_is_rejected_as_a_taken_number_and_writes_nothing()
    {
        var a = Opened(A, "alice");

        var result = OperationRules.Evaluate(Op("open-2", OperationKind.OpenAccount, A, 0, owner: "alice"), States(a));

        AssertRejected(result, "open-2", ErrorCodes.AccountNumberTaken);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Open_without_an_owner_is_rejected(string? owner)
    {
        var result = OperationRules.Evaluate(Op("open-1", OperationKind.OpenAccount, A, 0, owner: owner), States(AccountState.Empty(A)));

        AssertRejected(result, "open-1", ErrorCodes.InvalidAccount);
    }

    [Fact]
    public void Open_for_another_customer_than_the_actor_is_rejected()
    {
        var result = OperationRules.Evaluate(
            Op("open-1", OperationKind.OpenAccount, A, 0, actor: "mallory", owner: "alice"), States(AccountState.Empty(A)));

        AssertRejected(result, "open-1", ErrorCodes.InvalidAccount);
    }

    [Fact]
    public void Open_by_the_owner_as_actor_is_applied()
    {
        var result = OperationRules.Evaluate(
            Op("open-1", OperationKind.OpenAccount, A, 0, actor: "alice", owner: "alice"), States(AccountState.Empty(A)));

        Assert.True(result.Outcome.Applied);
        Assert.Equal("alice", Assert.Single(result.NewStates).Owner);
    }

    // ---- deposit ----

    [Fact]
    public void Deposit_adds_the_amount_and_chains_a_row_onto_the_account_head()
    {
        var a = Funded(A, "alice", 500, out var rows);

        var result = OperationRules.Evaluate(Op("dep-2", OperationKind.Deposit, A, 250, actor: "alice"), States(a));

        Assert.True(result.Outcome.Applied);
        Assert.Equal([new AccountBalance(A, 750, 3)], result.Outcome.Accounts);
        var row = Assert.Single(result.Entries);
        Assert.Equal(
            LedgerHash.Seal(new LedgerEntry("dep-2", A, 3, EntryKind.Deposit, null, 0, 250, 750, "alice", _at, a.Head, "")),
            row);
        Assert.Equal(a with { BalanceCents = 750, Version = 3, Head = row.Hash }, Assert.Single(result.NewStates));
        Assert.True(LedgerHash.IsValidChain(0, "", [.. rows, row]));
    }

    [Fact]
    public void Deposit_by_an_operator_needs_no_ownership()
    {
        var a = Opened(A, "alice");

        var result = OperationRules.Evaluate(Op("dep-2", OperationKind.Deposit, A, 1, actor: null), States(a));

        Assert.True(result.Outcome.Applied);
    }

    [Fact]
    public void Deposit_to_a_missing_account_is_invalid_account()
    {
        var result = OperationRules.Evaluate(Op("dep-1", OperationKind.Deposit, Missing, 100), States(AccountState.Empty(Missing)));

        AssertRejected(result, "dep-1", ErrorCodes.InvalidAccount);
    }

    [Fact]
    public void Deposit_to_another_customers_account_is_invalid_account()
    {
        var a = Opened(A, "alice");

        var result = OperationRules.Evaluate(Op("dep-1", OperationKind.Deposit, A, 100, actor: "mallory"), States(a));

        AssertRejected(result, "dep-1", ErrorCodes.InvalidAccount);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-100L)]
    public void Deposit_of_a_non_positive_amount_is_rejected_and_writes_nothing(long amount)
    {
        var a = Funded(A, "alice", 500, out _);

        var result = OperationRules.Evaluate(Op("dep-2", OperationKind.Deposit, A, amount), States(a));

        AssertRejected(result, "dep-2", ErrorCodes.InvalidAccount);
    }

    [Fact]
    public void Deposit_that_would_overflow_the_balance_is_balance_limit_and_writes_nothing()
    {
        var a = Opened(A, "alice") with { BalanceCents = long.MaxValue - 10 };

        var result = OperationRules.Evaluate(Op("dep-2", OperationKind.Deposit, A, 11), States(a));

        AssertRejected(result, "dep-2", ErrorCodes.BalanceLimit);
    }

    [Fact]
    public void Deposit_up_to_the_largest_balance_is_applied()
    {
        var a = Opened(A, "alice") with { BalanceCents = long.MaxValue - 10 };

        var result = OperationRules.Evaluate(Op("dep-2", OperationKind.Deposit, A, 10), States(a));

        Assert.Equal([new AccountBalance(A, long.MaxValue, 2)], result.Outcome.Accounts);
    }

    // ---- withdraw ----

    [Fact]
    public void Withdraw_within_balance_subtracts_and_chains_a_row()
    {
        var a = Funded(A, "alice", 500, out _);

        var result = OperationRules.Evaluate(Op("wd-2", OperationKind.Withdraw, A, 200, actor: "alice"), States(a));

        Assert.True(result.Outcome.Applied);
        Assert.Equal([new AccountBalance(A, 300, 3)], result.Outcome.Accounts);
        Assert.Equal(
            LedgerHash.Seal(new LedgerEntry("wd-2", A, 3, EntryKind.Withdrawal, null, 0, 200, 300, "alice", _at, a.Head, "")),
            Assert.Single(result.Entries));
    }

    [Fact]
    public void Withdraw_of_the_whole_balance_leaves_zero()
    {
        var a = Funded(A, "alice", 500, out _);

        var result = OperationRules.Evaluate(Op("wd-2", OperationKind.Withdraw, A, 500), States(a));

        Assert.Equal([new AccountBalance(A, 0, 3)], result.Outcome.Accounts);
    }

    [Fact]
    public void Withdraw_beyond_balance_is_rejected_and_writes_nothing()
    {
        var a = Funded(A, "alice", 500, out _);

        var result = OperationRules.Evaluate(Op("wd-2", OperationKind.Withdraw, A, 501, actor: "alice"), States(a));

        AssertRejected(result, "wd-2", ErrorCodes.InsufficientFunds);
    }

    [Fact]
    public void Withdraw_from_a_missing_account_is_invalid_account()
    {
        var result = OperationRules.Evaluate(Op("wd-1", OperationKind.Withdraw, Missing, 1), States(AccountState.Empty(Missing)));

        AssertRejected(result, "wd-1", ErrorCodes.InvalidAccount);
    }

    [Fact]
    public void Withdraw_from_another_customers_account_is_invalid_account_even_when_funded()
    {
        var a = Funded(A, "alice", 500, out _);

        var result = OperationRules.Evaluate(Op("wd-2", OperationKind.Withdraw, A, 1, actor: "mallory"), States(a));

        AssertRejected(result, "wd-2", ErrorCodes.InvalidAccount);
    }

    // ---- transfer ----

    [Fact]
    public void Transfer_moves_money_with_two_legs_that_name_each_others_new_versions()
    {
        var source = Funded(Z, "alice", 1000, out _);      // version 2
        var to = Funded(A, "alice", 50, out _);          // version 2
        to = Chain(to, Op("dep-x", OperationKind.Deposit, A, 50)); // version 3, balance 100

        var result = OperationRules.Evaluate(Op("tr-1", OperationKind.Transfer, Z, 300, counterparty: A, actor: "alice"), States(source, to));

        Assert.True(result.Outcome.Applied);
        // Balances are reported in account order, whatever the direction.
        Assert.Equal([new AccountBalance(A, 400, 4), new AccountBalance(Z, 700, 3)], result.Outcome.Accounts);
        Assert.Equal(
            [
                LedgerHash.Seal(new LedgerEntry("tr-1", Z, 3, EntryKind.TransferOut, A, 4, 300, 700, "alice", _at, source.Head, "")),
                LedgerHash.Seal(new LedgerEntry("tr-1", A, 4, EntryKind.TransferIn, Z, 3, 300, 400, "alice", _at, to.Head, "")),
            ],
            result.Entries);
        Assert.Equal(
            [
                source with { BalanceCents = 700, Version = 3, Head = result.Entries[0].Hash },
                to with { BalanceCents = 400, Version = 4, Head = result.Entries[1].Hash },
            ],
            result.NewStates);
    }

    [Fact]
    public void Transfer_beyond_balance_is_insufficient_funds_and_writes_nothing()
    {
        var source = Funded(A, "alice", 100, out _);
        var to = Opened(Z, "alice");

        var result = OperationRules.Evaluate(Op("tr-1", OperationKind.Transfer, A, 101, counterparty: Z, actor: "alice"), States(source, to));

        AssertRejected(result, "tr-1", ErrorCodes.InsufficientFunds);
    }

    [Fact]
    public void Transfer_to_a_missing_account_is_invalid_account()
    {
        var source = Funded(A, "alice", 100, out _);

        var result = OperationRules.Evaluate(
            Op("tr-1", OperationKind.Transfer, A, 10, counterparty: Missing), States(source, AccountState.Empty(Missing)));

        AssertRejected(result, "tr-1", ErrorCodes.InvalidAccount);
    }

    [Fact]
    public void Transfer_from_a_missing_account_is_invalid_account()
    {
        var to = Opened(Z, "alice");

        var result = OperationRules.Evaluate(
            Op("tr-1", OperationKind.Transfer, Missing, 10, counterparty: Z), States(AccountState.Empty(Missing), to));

        AssertRejected(result, "tr-1", ErrorCodes.InvalidAccount);
    }

    [Fact]
    public void Transfer_from_another_customers_account_is_invalid_account()
    {
        var source = Funded(A, "bob", 100, out _);
        var to = Opened(Z, "alice");

        var result = OperationRules.Evaluate(Op("tr-1", OperationKind.Transfer, A, 10, counterparty: Z, actor: "alice"), States(source, to));

        AssertRejected(result, "tr-1", ErrorCodes.InvalidAccount);
    }

    [Fact]
    public void Transfer_to_another_customers_account_is_invalid_account_when_foreign_destinations_are_not_allowed()
    {
        var source = Funded(A, "alice", 100, out _);
        var to = Opened(Z, "bob");

        var result = OperationRules.Evaluate(Op("tr-1", OperationKind.Transfer, A, 10, counterparty: Z, actor: "alice"), States(source, to));

        AssertRejected(result, "tr-1", ErrorCodes.InvalidAccount);
    }

    [Fact]
    public void Transfer_to_another_customers_account_is_applied_when_foreign_destinations_are_allowed()
    {
        var source = Funded(A, "alice", 100, out _);
        var to = Opened(Z, "bob");

        var result = OperationRules.Evaluate(
            Op("tr-1", OperationKind.Transfer, A, 10, counterparty: Z, actor: "alice", allowForeign: true), States(source, to));

        Assert.True(result.Outcome.Applied);
        Assert.Equal([new AccountBalance(A, 90, 3), new AccountBalance(Z, 10, 2)], result.Outcome.Accounts);
        Assert.Equal("bob", result.Entries[1].Owner);
    }

    [Fact]
    public void Transfer_by_an_operator_may_credit_any_customers_account()
    {
        var source = Funded(A, "alice", 100, out _);
        var to = Opened(Z, "bob");

        var result = OperationRules.Evaluate(Op("tr-1", OperationKind.Transfer, A, 10, counterparty: Z, actor: null), States(source, to));

        Assert.True(result.Outcome.Applied);
    }

    [Fact]
    public void Transfer_to_the_source_account_itself_is_invalid_account()
    {
        var a = Funded(A, "alice", 100, out _);

        var result = OperationRules.Evaluate(Op("tr-1", OperationKind.Transfer, A, 10, counterparty: A), States(a));

        AssertRejected(result, "tr-1", ErrorCodes.InvalidAccount);
    }

    [Fact]
    public void Transfer_that_would_overflow_the_destination_is_balance_limit_and_writes_nothing()
    {
        var source = Funded(A, "alice", 100, out _);
        var to = Opened(Z, "alice") with { BalanceCents = long.MaxValue - 5 };

        var result = OperationRules.Evaluate(Op("tr-1", OperationKind.Transfer, A, 6, counterparty: Z), States(source, to));

        AssertRejected(result, "tr-1", ErrorCodes.BalanceLimit);
    }

    [Fact]
    public void Transfer_of_a_non_positive_amount_is_rejected()
    {
        var source = Funded(A, "alice", 100, out _);
        var to = Opened(Z, "alice");

        var result = OperationRules.Evaluate(Op("tr-1", OperationKind.Transfer, A, 0, counterparty: Z), States(source, to));

        AssertRejected(result, "tr-1", ErrorCodes.InvalidAccount);
    }

    // ---- determinism ----

    [Fact]
    public void Row_time_is_truncated_to_whole_milliseconds_in_UTC()
    {
        var a = Opened(A, "alice");
        var precise = new DateTimeOffset(2025, 3, 4, 7, 6, 7, 123, TimeSpan.FromHours(2)).AddTicks(4567);

        var result = OperationRules.Evaluate(Op("dep-2", OperationKind.Deposit, A, 1) with { At = precise }, States(a));

        var row = Assert.Single(result.Entries);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 5, 6, 7, 123, TimeSpan.Zero), row.At);
        Assert.Equal(TimeSpan.Zero, row.At.Offset);
        Assert.Equal(0, row.At.UtcTicks % TimeSpan.TicksPerMillisecond);
    }

    [Fact]
    public void Operations_that_differ_below_a_millisecond_write_the_very_same_row()
    {
        var a = Opened(A, "alice");
        var op = Op("dep-2", OperationKind.Deposit, A, 1);

        var one = OperationRules.Evaluate(op with { At = _at }, States(a));
        var other = OperationRules.Evaluate(op with { At = _at.AddTicks(9999) }, States(a));

        Assert.Equal(one.Entries, other.Entries);
        Assert.True(one.Outcome.SameAs(other.Outcome));
    }

    [Fact]
    public void Stored_outcome_rebuilt_from_the_rows_equals_the_evaluated_outcome()
    {
        var source = Funded(Z, "alice", 1000, out _);
        var to = Opened(A, "alice");

        var result = OperationRules.Evaluate(Op("tr-1", OperationKind.Transfer, Z, 300, counterparty: A), States(source, to));

        Assert.True(OperationRules.StoredOutcome("tr-1", result.Entries).SameAs(result.Outcome));
        Assert.True(OperationRules.StoredOutcome("tr-1", result.Entries.Reverse()).SameAs(result.Outcome));
    }

    // ---- what an answer may show ----

    [Fact]
    public void A_transfer_to_another_customer_shows_its_actor_only_the_source()
    {
        var source = Funded(A, "alice", 10, out _);
        var to = Opened(Z, "bob");
        var op = Op("tr-1", OperationKind.Transfer, A, 6, counterparty: Z, actor: "alice", allowForeign: true);
        var result = OperationRules.Evaluate(op, States(source, to));

        var visible = OperationRules.VisibleTo(op, result.Outcome, States(source, to));

        Assert.Equal(2, result.Outcome.Accounts.Count);
        Assert.Equal([new AccountBalance(A, 4, 3)], visible.Accounts);
        Assert.Equal(("tr-1", true), (visible.TxId, visible.Applied));
    }

    [Fact]
    public void A_transfer_between_the_actors_own_accounts_shows_both()
    {
        var source = Funded(A, "alice", 10, out _);
        var to = Opened(Z, "alice");
        var op = Op("tr-1", OperationKind.Transfer, A, 6, counterparty: Z, actor: "alice");
        var result = OperationRules.Evaluate(op, States(source, to));

        var visible = OperationRules.VisibleTo(op, result.Outcome, States(source, to));

        Assert.Same(result.Outcome, visible);
    }

    [Fact]
    public void A_stored_outcome_of_another_customers_account_shows_nothing_of_it()
    {
        var source = Funded(A, "mallory", 10, out _);
        var to = Funded(Z, "alice", 7, out var rows);
        var op = Op("fund:" + Z, OperationKind.Transfer, A, 1, counterparty: Z, actor: "mallory");
        var stored = OperationRules.StoredOutcome(op.TxId, [rows[^1]]);

        var visible = OperationRules.VisibleTo(op, stored, States(source, to));

        Assert.Empty(visible.Accounts);
    }

    [Fact]
    public void An_open_shows_the_new_account_and_an_operator_sees_every_account()
    {
        var open = Op("open-1", OperationKind.OpenAccount, A, 0, actor: "alice", owner: "alice");
        var opened = OperationRules.Evaluate(open, States(AccountState.Empty(A)));
        var source = Funded(A, "alice", 10, out _);
        var to = Opened(Z, "bob");
        var byOperator = Op("tr-1", OperationKind.Transfer, A, 6, counterparty: Z);
        var moved = OperationRules.Evaluate(byOperator, States(source, to));

        Assert.Equal([new AccountBalance(A, 0, 1)], OperationRules.VisibleTo(open, opened.Outcome, States(AccountState.Empty(A))).Accounts);
        Assert.Equal(2, OperationRules.VisibleTo(byOperator, moved.Outcome, States(source, to)).Accounts.Count);
    }

    // ---- helpers ----

    private static BankOperation Op(
        string tx, OperationKind kind, string account, long amount, string? counterparty = null,
        string? actor = null, string? owner = null, bool allowForeign = false) =>
        new(tx, kind, account, counterparty, amount, actor, owner, allowForeign, _at);

    private static Dictionary<string, AccountState> States(params AccountState[] states) =>
        states.ToDictionary(s => s.Account, StringComparer.Ordinal);

    private static AccountState Chain(AccountState state, BankOperation op)
    {
        var result = OperationRules.Evaluate(op, States(state));
        Assert.True(result.Outcome.Applied);
        return Assert.Single(result.NewStates);
    }

    private static AccountState Opened(string account, string owner) =>
        Chain(AccountState.Empty(account), Op("open:" + account, OperationKind.OpenAccount, account, 0, owner: owner));

    /// <summary>An account opened and then credited once (version 2), with its two rows.</summary>
    private static AccountState Funded(string account, string owner, long balance, out List<LedgerEntry> rows)
    {
        var open = OperationRules.Evaluate(
            Op("open:" + account, OperationKind.OpenAccount, account, 0, owner: owner), States(AccountState.Empty(account)));
        var fund = OperationRules.Evaluate(
            Op("fund:" + account, OperationKind.Deposit, account, balance), States(Assert.Single(open.NewStates)));
        Assert.True(fund.Outcome.Applied);
        rows = [.. open.Entries, .. fund.Entries];
        return Assert.Single(fund.NewStates);
    }

    private static void AssertRejected(Evaluation result, string tx, string code)
    {
        Assert.Equal(tx, result.Outcome.TxId);
        Assert.False(result.Outcome.Applied);
        Assert.Equal(code, result.Outcome.RejectionCode);
        Assert.Empty(result.Outcome.Accounts);
        Assert.Empty(result.Entries);
        Assert.Empty(result.NewStates);
    }
}
