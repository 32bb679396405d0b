using BankOrleans.Contracts;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests;

/// <summary>The acceptor rules (prepare, accept, install) run against an in-memory replica, one transaction per call.</summary>
public sealed class ReplicaRulesTests
{
    private const string A = "1000000001";
    private const string Z = "1000000002";

    private static readonly DateTimeOffset _at = new(2025, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);

    // ---- prepare ----

    [Fact]
    public void Prepare_on_a_fresh_replica_promises_and_records_the_ballot_durably()
    {
        var r = new MemoryReplicaState();

        var reply = Prepare(r, B(5), A);

        Assert.True(reply.Promised);
        Assert.Equal(B(5), reply.HighestPromised);
        var snapshot = Assert.Single(reply.Accounts);
        Assert.Equal(AccountState.Empty(A) with { PromisedBallot = B(5) }, snapshot.State);
        Assert.Empty(snapshot.TopEntries);
        Assert.Equal(AccountState.Empty(A) with { PromisedBallot = B(5) }, Assert.Single(r.Accounts));
    }

    [Fact]
    public void Prepare_with_a_ballot_equal_to_the_promise_promises_again()
    {
        var r = new MemoryReplicaState();
        Prepare(r, B(5), A);

        var reply = Prepare(r, B(5), A);

        Assert.True(reply.Promised);
        Assert.Equal(B(5), StateOf(r, A).PromisedBallot);
    }

    [Fact]
    public void Prepare_with_a_higher_ballot_raises_the_promise()
    {
        var r = new MemoryReplicaState();
        Prepare(r, B(5), A);

        var reply = Prepare(r, B(6), A);

        Assert.True(reply.Promised);
        Assert.Equal(B(6), reply.HighestPromised);
        Assert.Equal(B(6), StateOf(r, A).PromisedBallot);
    }

    [Fact]
    public void Prepare_below_the_promise_is_refused_with_that_promise_and_writes_nothing()
    {
        var r = Seeded();
        Prepare(r, B(5), A);
        var before = Dump(r);

        var reply = Prepare(r, B(4), A);

        Assert.False(reply.Promised);
        Assert.Equal(B(5), reply.HighestPromised);
        Assert.Empty(reply.Accounts);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void Prepare_is_all_or_nothing_over_its_accounts()
    {
        var r = new MemoryReplicaState();
        Prepare(r, B(1), Z);
        Prepare(r, B(5), A);
        var before = Dump(r);

        var reply = Prepare(r, B(3), A, Z);

        Assert.False(reply.Promised);
        Assert.Equal(B(5), reply.HighestPromised);
        Assert.Empty(reply.Accounts);
        Assert.Equal(B(1), StateOf(r, Z).PromisedBallot);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void Prepare_refused_on_one_account_does_not_record_an_account_it_never_saw()
    {
        var r = new MemoryReplicaState();
        Prepare(r, B(5), A);

        Prepare(r, B(3), A, Z);

        Assert.Equal([A], r.Accounts.Select(a => a.Account));
    }

    [Fact]
    public void Ballots_order_by_epoch_then_counter_then_member()
    {
        var r = new MemoryReplicaState();
        Prepare(r, new Ballot(1, 99, 3), A);

        Assert.True(Prepare(r, new Ballot(2, 0, 1), A).Promised);
        Assert.False(Prepare(r, new Ballot(1, 100, 3), A).Promised);
        Assert.True(Prepare(r, new Ballot(2, 1, 1), A).Promised);
        Assert.False(Prepare(r, new Ballot(2, 1, 0), A).Promised);
        Assert.True(Prepare(r, new Ballot(2, 1, 2), A).Promised);
        Assert.Equal(new Ballot(2, 1, 2), StateOf(r, A).PromisedBallot);
    }

    [Fact]
    public void Prepare_reports_each_accounts_state_and_the_rows_of_its_newest_operation()
    {
        var r = Seeded();
        Accept(r, Transfer("tr-1", A, Z, 30), B(1));
        var debit = r.Ledger(A)[^1];
        var credit = r.Ledger(Z)[^1];

        var reply = Prepare(r, B(2), A, Z);

        Assert.True(reply.Promised);
        Assert.Equal(2, reply.Accounts.Count);
        Assert.Equal(StateOf(r, A), reply.Accounts[0].State);
        Assert.Equal(new AccountState(A, "alice", 70, 3, debit.Hash, B(1), B(2), false), reply.Accounts[0].State);
        Assert.Equal([debit, credit], reply.Accounts[0].TopEntries);
        Assert.Equal(StateOf(r, Z), reply.Accounts[1].State);
        Assert.Equal([credit, debit], reply.Accounts[1].TopEntries);
    }

    // ---- accept ----

    [Fact]
    public void Accept_applies_the_operation_and_stamps_the_ballot()
    {
        var r = Seeded();
        Prepare(r, B(2), A);

        var reply = Accept(r, Deposit("dep-50", A, 50), B(2));

        Assert.Equal(AcceptStatus.Evaluated, reply.Status);
        Assert.Equal(B(2), reply.HighestPromised);
        Assert.True(new OperationOutcome("dep-50", true, null, [new AccountBalance(A, 150, 3)]).SameAs(reply.Outcome!));
        var row = r.Ledger(A)[^1];
        Assert.Equal(3, r.Ledger(A).Count);
        Assert.Equal(("dep-50", 3L, 150L), (row.TxId, row.Version, row.BalanceAfterCents));
        Assert.Equal(new AccountState(A, "alice", 150, 3, row.Hash, B(2), B(2), false), StateOf(r, A));
    }

    [Fact]
    public void Accept_above_the_promise_raises_the_promise()
    {
        var r = Seeded();

        var reply = Accept(r, Deposit("dep-50", A, 50), B(4));

        Assert.Equal(AcceptStatus.Evaluated, reply.Status);
        Assert.Equal((B(4), B(4)), (StateOf(r, A).AcceptedBallot, StateOf(r, A).PromisedBallot));
    }

    [Fact]
    public void Accept_below_the_promise_is_rejected_and_writes_nothing()
    {
        var r = Seeded();
        Prepare(r, B(5), A);
        var before = Dump(r);

        var reply = Accept(r, Deposit("dep-50", A, 50), B(3));

        Assert.Equal(new AcceptReply(AcceptStatus.BallotRejected, null, B(5)), reply);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void Transfer_accept_below_the_promise_of_either_account_writes_neither()
    {
        var r = Seeded();
        Prepare(r, B(5), Z);
        var before = Dump(r);

        var reply = Accept(r, Transfer("tr-1", A, Z, 10), B(3));

        Assert.Equal(new AcceptReply(AcceptStatus.BallotRejected, null, B(5)), reply);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void Accept_at_a_wrong_version_is_a_state_mismatch_and_writes_nothing()
    {
        var r = Seeded();
        var before = Dump(r);
        var a = StateOf(r, A);

        var reply = Accept(r, Deposit("dep-50", A, 50), [new AccountFence(A, B(1), a.Version - 1, a.Head)]);

        Assert.Equal(new AcceptReply(AcceptStatus.StateMismatch, null, B(1)), reply);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void Accept_with_a_wrong_head_is_a_state_mismatch_and_writes_nothing()
    {
        var r = Seeded();
        var before = Dump(r);
        var a = StateOf(r, A);

        var reply = Accept(r, Deposit("dep-50", A, 50), [new AccountFence(A, B(1), a.Version, r.Ledger(A)[0].Hash)]);

        Assert.Equal(new AcceptReply(AcceptStatus.StateMismatch, null, B(1)), reply);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void Accept_on_a_frozen_account_is_refused_and_writes_nothing()
    {
        var r = Seeded();
        r.Overwrite(StateOf(r, Z) with { Frozen = true });
        var before = Dump(r);

        var reply = Accept(r, Transfer("tr-1", A, Z, 10), B(1));

        Assert.Equal(new AcceptReply(AcceptStatus.Frozen, null, B(1)), reply);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void Same_request_id_twice_answers_AlreadyApplied_with_the_stored_outcome_and_keeps_one_row()
    {
        var r = Seeded();
        var first = Accept(r, Deposit("dep-50", A, 50), B(1));

        // The retry is fenced on the state that already contains it (a later coordinator's view),
        // and carries a different amount: the stored outcome wins, nothing is paid twice.
        var second = Accept(r, Deposit("dep-50", A, 70), B(2));

        Assert.Equal(AcceptStatus.AlreadyApplied, second.Status);
        Assert.True(first.Outcome!.SameAs(second.Outcome!));
        Assert.Single(r.Ledger(A), e => e.TxId == "dep-50");
        Assert.Equal((150L, 3L), (StateOf(r, A).BalanceCents, StateOf(r, A).Version));
    }

    [Fact]
    public void Another_users_request_id_never_meets_a_stored_outcome_on_a_shared_destination()
    {
        var r = Seeded();
        var id = "r-1";
        var bobs = Accept(r, Open("open-bob", "1000000005") with { Owner = "bob" }, B(1));
        Assert.True(bobs.Outcome!.Applied);
        var first = Accept(r, new BankOperation(TransactionId.For("bob", OperationKind.Deposit, id), OperationKind.Deposit,
            "1000000005", null, 40, "bob", null, false, _at), B(1));

        // alice pays bob with bob's request id: her scoped id is not bob's, so the transfer is evaluated.
        var paid = Accept(r, new BankOperation(TransactionId.For("alice", OperationKind.Transfer, id), OperationKind.Transfer,
            A, "1000000005", 30, "alice", null, true, _at), B(1));

        Assert.Equal(AcceptStatus.Evaluated, first.Status);
        Assert.Equal(AcceptStatus.Evaluated, paid.Status);
        Assert.True(paid.Outcome!.Applied);
        Assert.Equal((70L, 70L), (StateOf(r, A).BalanceCents, StateOf(r, "1000000005").BalanceCents));
    }

    [Fact]
    public void Same_request_id_after_later_operations_answers_its_outcome_at_the_time()
    {
        var r = Seeded();
        Accept(r, Deposit("dep-50", A, 50), B(1));
        Accept(r, Withdraw("wd-20", A, 20), B(1));

        var again = Accept(r, Deposit("dep-50", A, 50), B(1));

        Assert.Equal(AcceptStatus.AlreadyApplied, again.Status);
        Assert.True(new OperationOutcome("dep-50", true, null, [new AccountBalance(A, 150, 3)]).SameAs(again.Outcome!));
        Assert.Equal((130L, 4L), (StateOf(r, A).BalanceCents, StateOf(r, A).Version));
    }

    [Fact]
    public void Same_transfer_twice_answers_AlreadyApplied_with_both_balances_and_one_row_per_leg()
    {
        var r = Seeded();
        var first = Accept(r, Transfer("tr-1", A, Z, 30), B(1));

        var second = Accept(r, Transfer("tr-1", A, Z, 30), B(1));

        Assert.Equal(AcceptStatus.AlreadyApplied, second.Status);
        Assert.True(first.Outcome!.SameAs(second.Outcome!));
        Assert.True(new OperationOutcome("tr-1", true, null, [new AccountBalance(A, 70, 3), new AccountBalance(Z, 30, 2)]).SameAs(second.Outcome!));
        Assert.Single(r.Ledger(A), e => e.TxId == "tr-1");
        Assert.Single(r.Ledger(Z), e => e.TxId == "tr-1");
    }

    [Fact]
    public void Duplicate_of_the_same_accept_after_it_landed_answers_Evaluated_with_the_same_outcome()
    {
        var r = Seeded();
        var op = Transfer("tr-1", A, Z, 30);
        var fences = FencesAt(r, op, B(1));
        var first = Accept(r, op, fences);
        var after = Dump(r);

        var duplicate = Accept(r, op, fences);

        Assert.Equal(AcceptStatus.Evaluated, first.Status);
        Assert.Equal(AcceptStatus.Evaluated, duplicate.Status);
        Assert.True(first.Outcome!.SameAs(duplicate.Outcome!));
        Assert.Equal(after, Dump(r));
    }

    [Fact]
    public void Accept_of_a_request_that_landed_under_an_earlier_ballot_reports_StateMismatch_with_its_stored_outcome()
    {
        var r = Seeded();
        var op = Deposit("dep-50", A, 50);
        var fencesB1 = FencesAt(r, op, B(1));
        var landed = Accept(r, op, fencesB1);
        Prepare(r, B(2), A);
        var before = Dump(r);

        // A new coordinator (ballot 2) re-sends it on the state it found before the request landed.
        var reply = Accept(r, op, [fencesB1[0] with { Ballot = B(2) }]);

        Assert.Equal(AcceptStatus.StateMismatch, reply.Status);
        Assert.True(landed.Outcome!.SameAs(reply.Outcome!));
        Assert.Equal(B(2), reply.HighestPromised);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void Accept_of_a_request_that_landed_before_a_later_operation_reports_StateMismatch_with_its_stored_outcome()
    {
        var r = Seeded();
        var op = Deposit("dep-50", A, 50);
        var fences = FencesAt(r, op, B(1));
        var landed = Accept(r, op, fences);
        Accept(r, Withdraw("wd-20", A, 20), B(1));
        var before = Dump(r);

        var reply = Accept(r, op, fences);

        Assert.Equal(AcceptStatus.StateMismatch, reply.Status);
        Assert.True(landed.Outcome!.SameAs(reply.Outcome!));
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void A_business_rejection_is_evaluated_and_writes_nothing()
    {
        var r = Seeded();
        var before = Dump(r);

        var reply = Accept(r, Withdraw("wd-1000", A, 1000), B(3));

        Assert.Equal(AcceptStatus.Evaluated, reply.Status);
        Assert.True(new OperationOutcome("wd-1000", false, ErrorCodes.InsufficientFunds, []).SameAs(reply.Outcome!));
        Assert.Equal(before, Dump(r));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(A)]
    public void Transfer_without_another_destination_is_an_argument_error_and_writes_nothing(string? counterparty)
    {
        var r = Seeded();
        var before = Dump(r);
        var op = Transfer("tr-1", A, Z, 10) with { Counterparty = counterparty };
        var a = StateOf(r, A);

        Assert.Throws<ArgumentException>(() => Accept(r, op, [new AccountFence(A, B(1), a.Version, a.Head)]));
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void Accept_whose_fences_are_not_exactly_the_operations_accounts_is_an_argument_error()
    {
        var r = Seeded();
        var before = Dump(r);
        var a = StateOf(r, A);
        var z = StateOf(r, Z);
        var fenceA = new AccountFence(A, B(1), a.Version, a.Head);
        var fenceZ = new AccountFence(Z, B(1), z.Version, z.Head);

        Assert.Throws<ArgumentException>(() => Accept(r, Deposit("dep-1", A, 1), [fenceA, fenceZ]));
        Assert.Throws<ArgumentException>(() => Accept(r, Deposit("dep-1", A, 1), [fenceZ]));
        Assert.Throws<ArgumentException>(() => Accept(r, Transfer("tr-1", A, Z, 1), [fenceA]));
        Assert.Equal(before, Dump(r));
    }

    // ---- install ----

    [Fact]
    public void Install_below_the_promise_is_refused_and_writes_nothing()
    {
        var source = Replica(OpenA, Dep100, Dep20);
        var r = Replica(OpenA, Dep100);
        Prepare(r, B(5), A);
        var before = Dump(r);

        var reply = Install(r, B(3), InstallFrom(source, A, 2));

        Assert.Equal(new InstallReply(InstallStatus.BallotRejected, B(5), 0), reply);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void Install_onto_a_different_row_at_the_base_is_Diverged_with_the_current_version()
    {
        var source = Replica(OpenA, Dep100, Dep20, Dep5);
        var r = Replica(OpenA, Dep100, Wd50);
        var before = Dump(r);

        var reply = Install(r, B(2), InstallFrom(source, A, 3));

        Assert.Equal(new InstallReply(InstallStatus.Diverged, B(1), 3), reply);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void Install_onto_a_base_the_replica_does_not_have_is_Diverged_with_the_current_version()
    {
        var source = Replica(OpenA, Dep100, Dep20, Dep5);
        var r = Replica(OpenA, Dep100);
        var before = Dump(r);

        var reply = Install(r, B(2), InstallFrom(source, A, 3));

        Assert.Equal(new InstallReply(InstallStatus.Diverged, B(1), 2), reply);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void Install_truncates_the_rows_above_the_base_appends_the_chosen_ones_and_stamps_the_ballot()
    {
        var source = Replica(OpenA, Dep100, Dep20, Dep5);
        var r = Replica(OpenA, Dep100, Wd50);
        var install = InstallFrom(source, A, 2);

        var reply = Install(r, B(2), install);

        Assert.Equal(new InstallReply(InstallStatus.Installed, B(2), 0), reply);
        Assert.Equal(source.Ledger(A), r.Ledger(A));
        Assert.Equal(install.Target with { AcceptedBallot = B(2), PromisedBallot = B(2) }, StateOf(r, A));
        Assert.Equal(125, StateOf(r, A).BalanceCents);
    }

    [Fact]
    public void Install_with_a_ballot_equal_to_the_promise_is_installed()
    {
        var source = Replica(OpenA, Dep100, Dep20);
        var r = Replica(OpenA, Dep100);
        Prepare(r, B(3), A);

        var reply = Install(r, B(3), InstallFrom(source, A, 2));

        Assert.Equal(InstallStatus.Installed, reply.Status);
        Assert.Equal((B(3), B(3)), (StateOf(r, A).AcceptedBallot, StateOf(r, A).PromisedBallot));
    }

    [Fact]
    public void Install_from_version_zero_rebuilds_an_account_on_a_fresh_replica()
    {
        var source = Replica(OpenA, Dep100, Dep20);
        var r = new MemoryReplicaState();

        var reply = Install(r, B(2), InstallFrom(source, A, 0));

        Assert.Equal(InstallStatus.Installed, reply.Status);
        Assert.Equal(source.Ledger(A), r.Ledger(A));
        Assert.Equal(StateOf(source, A) with { AcceptedBallot = B(2), PromisedBallot = B(2) }, StateOf(r, A));
    }

    [Fact]
    public void Install_of_the_state_the_replica_already_holds_only_restamps_the_ballot()
    {
        var source = Replica(OpenA, Dep100, Dep20);
        var r = Replica(OpenA, Dep100, Dep20);
        var rows = r.Ledger(A).ToArray();

        var reply = Install(r, B(2), InstallFrom(source, A, 2));

        Assert.Equal(InstallStatus.Installed, reply.Status);
        Assert.Equal(rows, r.Ledger(A));
        Assert.Equal(StateOf(source, A) with { AcceptedBallot = B(2), PromisedBallot = B(2) }, StateOf(r, A));
    }

    [Fact]
    public void Install_keeps_the_frozen_flag_of_the_replica()
    {
        var source = Replica(OpenA, Dep100, Dep20);
        var r = Replica(OpenA, Dep100);
        r.Overwrite(StateOf(r, A) with { Frozen = true });

        Install(r, B(2), InstallFrom(source, A, 2));

        Assert.True(StateOf(r, A).Frozen);
        Assert.Equal(3, StateOf(r, A).Version);
    }

    [Fact]
    public void An_install_stamps_each_account_with_its_own_ballot_when_it_has_one()
    {
        var source = TransferredUnderTwoBallots();
        var r = Seeded();
        Prepare(r, B(4), A);
        Prepare(r, B(6), Z);

        var reply = Install(r, B(6), InstallFrom(source, A, 2) with { Ballot = B(4) }, InstallFrom(source, Z, 1) with { Ballot = B(6) });

        Assert.Equal(new InstallReply(InstallStatus.Installed, B(6), 0), reply);
        Assert.Equal(source.Ledger(A), r.Ledger(A));
        Assert.Equal(source.Ledger(Z), r.Ledger(Z));
        Assert.Equal((B(4), B(4)), (StateOf(r, A).AcceptedBallot, StateOf(r, A).PromisedBallot));
        Assert.Equal((B(6), B(6)), (StateOf(r, Z).AcceptedBallot, StateOf(r, Z).PromisedBallot));
    }

    [Fact]
    public void An_account_whose_own_ballot_is_below_its_promise_refuses_the_whole_install()
    {
        var source = TransferredUnderTwoBallots();
        var r = Seeded();
        Prepare(r, B(5), A);
        Prepare(r, B(6), Z);
        var before = Dump(r);

        var reply = Install(r, B(6), InstallFrom(source, A, 2) with { Ballot = B(4) }, InstallFrom(source, Z, 1) with { Ballot = B(6) });

        Assert.Equal(new InstallReply(InstallStatus.BallotRejected, B(6), 0), reply);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void A_late_install_does_not_roll_back_a_newer_version_accepted_under_the_same_ballot()
    {
        var source = Replica(OpenA, Dep100, Dep20);
        var r = Replica(OpenA, Dep100);
        var completion = InstallFrom(source, A, 2);
        Assert.Equal(InstallStatus.Installed, Install(r, B(2), completion).Status);
        Assert.Equal(AcceptStatus.Evaluated, Accept(r, Deposit("dep-7", A, 7), B(2)).Status);
        var before = Dump(r);

        var late = Install(r, B(2), completion);

        Assert.Equal(InstallStatus.Installed, late.Status);
        Assert.Equal(before, Dump(r));
        Assert.Equal((4L, 127L), (StateOf(r, A).Version, StateOf(r, A).BalanceCents));
    }

    [Fact]
    public void An_install_under_a_higher_ballot_replaces_a_newer_version_accepted_under_a_lower_one()
    {
        var source = Replica(OpenA, Dep100, Dep20);
        var r = Replica(OpenA, Dep100, Dep20, Dep5);

        var reply = Install(r, B(2), InstallFrom(source, A, 2));

        Assert.Equal(InstallStatus.Installed, reply.Status);
        Assert.Equal(source.Ledger(A), r.Ledger(A));
        Assert.Equal((3L, 120L, B(2)), (StateOf(r, A).Version, StateOf(r, A).BalanceCents, StateOf(r, A).AcceptedBallot));
    }

    public static TheoryData<string> InvalidInstalls =>
    [
        "changed amount", "gap", "wrong prev hash", "target version", "target head", "rows of another account", "account twice",
    ];

    [Theory]
    [MemberData(nameof(InvalidInstalls))]
    public void An_install_that_is_not_a_valid_chain_of_its_account_is_an_argument_error_and_writes_nothing(string defect)
    {
        var source = Replica(OpenA, Dep100, Dep20, Dep5, OpenZ);
        var r = Replica(OpenA, Dep100);
        var good = InstallFrom(source, A, 2);
        var rows = good.Entries;
        var request = defect switch
        {
            "changed amount" => new InstallRequest(B(2), [good with { Entries = [rows[0] with { AmountCents = 21 }, rows[1]] }]),
            "gap" => new InstallRequest(B(2), [good with { Entries = [rows[1]] }]),
            "wrong prev hash" => new InstallRequest(B(2), [good with { Entries = [LedgerHash.Seal(rows[0] with { PrevHash = source.Ledger(A)[0].Hash }), rows[1]] }]),
            "target version" => new InstallRequest(B(2), [good with { Target = good.Target with { Version = 5 } }]),
            "target head" => new InstallRequest(B(2), [good with { Target = good.Target with { Head = rows[0].Hash } }]),
            "rows of another account" => new InstallRequest(B(2), [
                new AccountInstall(0, "", source.Ledger(Z), StateOf(source, Z) with { Account = A })]),
            "account twice" => new InstallRequest(B(2), [good, good]),
            _ => throw new ArgumentOutOfRangeException(nameof(defect)),
        };
        var before = Dump(r);

        Assert.Throws<ArgumentException>(() => r.Transact(s => ReplicaRules.Install(s, request)));
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void A_multi_account_install_writes_no_account_when_one_diverges()
    {
        var source = Replica(OpenA, Dep100, Dep20, OpenZ, DepZ10);
        var r = Replica(OpenA, Dep100, OpenZ, DepZ99);
        var before = Dump(r);

        var reply = Install(r, B(2), InstallFrom(source, A, 2), InstallFrom(source, Z, 2));

        Assert.Equal(new InstallReply(InstallStatus.Diverged, B(1), 2), reply);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void A_multi_account_install_writes_no_account_when_one_is_invalid()
    {
        var source = Replica(OpenA, Dep100, Dep20, OpenZ, DepZ10);
        var r = Replica(OpenA, Dep100, OpenZ);
        var badZ = InstallFrom(source, Z, 1);
        badZ = badZ with { Target = badZ.Target with { Version = 9 } };
        var before = Dump(r);

        Assert.Throws<ArgumentException>(() => Install(r, B(2), InstallFrom(source, A, 2), badZ));
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void A_multi_account_install_writes_no_account_when_one_has_a_higher_promise()
    {
        var source = Replica(OpenA, Dep100, Dep20, OpenZ, DepZ10);
        var r = Replica(OpenA, Dep100, OpenZ);
        Prepare(r, B(4), Z);
        var before = Dump(r);

        var reply = Install(r, B(2), InstallFrom(source, A, 2), InstallFrom(source, Z, 1));

        Assert.Equal(new InstallReply(InstallStatus.BallotRejected, B(4), 0), reply);
        Assert.Equal(before, Dump(r));
    }

    [Fact]
    public void A_multi_account_install_writes_both_accounts_together()
    {
        var source = Replica(OpenA, Dep100, OpenZ);
        Accept(source, Transfer("tr-1", A, Z, 40), B(1));
        var r = Replica(OpenA, Dep100, OpenZ);

        var reply = Install(r, B(2), InstallFrom(source, A, 2), InstallFrom(source, Z, 1));

        Assert.Equal(InstallStatus.Installed, reply.Status);
        Assert.Equal(source.Ledger(A), r.Ledger(A));
        Assert.Equal(source.Ledger(Z), r.Ledger(Z));
        Assert.Equal((60L, 40L), (StateOf(r, A).BalanceCents, StateOf(r, Z).BalanceCents));
    }

    // ---- helpers ----

    private static Ballot B(long counter) => new(1, counter, 1);

    private static BankOperation OpenA => Open("open-a", A);

    private static BankOperation OpenZ => Open("open-z", Z);

    private static BankOperation Dep100 => Deposit("dep-100", A, 100);

    private static BankOperation Dep20 => Deposit("dep-20", A, 20);

    private static BankOperation Dep5 => Deposit("dep-5", A, 5);

    private static BankOperation Wd50 => Withdraw("wd-50", A, 50);

    private static BankOperation DepZ10 => Deposit("dep-z10", Z, 10);

    private static BankOperation DepZ99 => Deposit("dep-z99", Z, 99);

    private static BankOperation Open(string tx, string account) =>
        new(tx, OperationKind.OpenAccount, account, null, 0, null, "alice", false, _at);

    private static BankOperation Deposit(string tx, string account, long amount) =>
        new(tx, OperationKind.Deposit, account, null, amount, null, null, false, _at);

    private static BankOperation Withdraw(string tx, string account, long amount) =>
        new(tx, OperationKind.Withdraw, account, null, amount, null, null, false, _at);

    private static BankOperation Transfer(string tx, string source, string destination, long amount) =>
        new(tx, OperationKind.Transfer, source, destination, amount, null, null, false, _at);

    /// <summary>A replica with A (alice, balance 100, version 2) and Z (alice, balance 0, version 1), all under ballot 1.</summary>
    private static MemoryReplicaState Seeded() => Replica(OpenA, Dep100, OpenZ);

    private static MemoryReplicaState Replica(params BankOperation[] ops)
    {
        var r = new MemoryReplicaState();
        foreach (var op in ops)
        {
            var reply = Accept(r, op, B(1));
            Assert.Equal(AcceptStatus.Evaluated, reply.Status);
            Assert.True(reply.Outcome!.Applied);
        }

        return r;
    }

    /// <summary>A seeded replica on which A (promised 4) paid 30 to Z (promised 6), each leg fenced on its own ballot.</summary>
    private static MemoryReplicaState TransferredUnderTwoBallots()
    {
        var source = Seeded();
        Prepare(source, B(4), A);
        Prepare(source, B(6), Z);
        var fences = new[] { new AccountFence(A, B(4), 2, StateOf(source, A).Head), new AccountFence(Z, B(6), 1, StateOf(source, Z).Head) };
        Assert.Equal(AcceptStatus.Evaluated, Accept(source, Transfer("t-two-ballots", A, Z, 30), fences).Status);
        return source;
    }

    private static AccountState StateOf(MemoryReplicaState r, string account) =>
        r.Accounts.FirstOrDefault(a => a.Account == account) ?? AccountState.Empty(account);

    private static AccountFence[] FencesAt(MemoryReplicaState r, BankOperation op, Ballot ballot) =>
        op.Accounts.Select(a => StateOf(r, a)).Select(s => new AccountFence(s.Account, ballot, s.Version, s.Head)).ToArray();

    private static PrepareReply Prepare(MemoryReplicaState r, Ballot ballot, params string[] accounts) =>
        r.Transact(s => ReplicaRules.Prepare(s, new PrepareRequest(ballot, accounts)));

    private static AcceptReply Accept(MemoryReplicaState r, BankOperation op, Ballot ballot) =>
        Accept(r, op, FencesAt(r, op, ballot));

    private static AcceptReply Accept(MemoryReplicaState r, BankOperation op, IReadOnlyList<AccountFence> fences) =>
        r.Transact(s => ReplicaRules.Accept(s, new AcceptRequest(op, fences)));

    private static InstallReply Install(MemoryReplicaState r, Ballot ballot, params AccountInstall[] installs) =>
        r.Transact(s => ReplicaRules.Install(s, new InstallRequest(ballot, installs)));

    /// <summary>The install that brings a replica holding <paramref name="source"/>'s rows up to <paramref name="baseVersion"/> to its state.</summary>
    /// <param name="source">The replica whose state is installed.</param>
    /// <param name="account">The account.</param>
    /// <param name="baseVersion">The version the install builds on.</param>
    private static AccountInstall InstallFrom(MemoryReplicaState source, string account, long baseVersion)
    {
        var rows = source.Ledger(account);
        return new AccountInstall(
            baseVersion,
            baseVersion == 0 ? "" : rows[(int)baseVersion - 1].Hash,
            rows.Where(e => e.Version > baseVersion).ToArray(),
            StateOf(source, account));
    }

    /// <summary>Every account state and ledger row of a replica, to show that a refusal wrote nothing.</summary>
    private static string Dump(MemoryReplicaState r) =>
        string.Join(Environment.NewLine, r.Accounts
            .OrderBy(a => a.Account, StringComparer.Ordinal)
            .Select(a => $"{a} rows: {string.Join(",", r.Ledger(a.Account).Select(e => $"{e.Version}:{e.TxId}:{e.Hash}"))}"));
}
