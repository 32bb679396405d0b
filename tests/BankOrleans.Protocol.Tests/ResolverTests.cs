using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Coordination;
using BankOrleans.Protocol.Ledger;
using BankOrleans.Protocol.Replica;

namespace BankOrleans.Protocol.Tests;

/// <summary>
/// The resolver's pick and transfer rules, fed with real promises from three in-memory replicas
/// that were driven into the disagreements a crashed coordinator leaves behind.
/// </summary>
public sealed class ResolverTests
{
    private const string A = "1000000001";
    private const string Z = "1000000002";

    private static readonly DateTimeOffset _at = new(2025, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);

    private static readonly IReadOnlyDictionary<(string Account, long Version), LedgerEntry?> _noLookups =
        new Dictionary<(string Account, long Version), LedgerEntry?>();

    private readonly MemoryReplicaState[] _replicas = [new(), new(), new()];

    public ResolverTests()
    {
        // Every replica: A (alice, 100, version 2) and Z (alice, 0, version 1), accepted under ballot 1.
        Apply(Open("open-a", A), B(1), 1, 2, 3);
        Apply(Deposit("dep-100", A, 100), B(1), 1, 2, 3);
        Apply(Open("open-z", Z), B(1), 1, 2, 3);
    }

    [Fact]
    public void Promises_that_all_hold_the_same_state_under_the_same_ballot_need_no_completion()
    {
        var resolution = Resolver.Resolve([A, Z], Promises(B(2), [A, Z], 1, 3), _noLookups);

        Assert.True(resolution.IsComplete);
        Assert.Empty(resolution.MissingAccounts);
        Assert.Empty(resolution.Lookups);
        var a = resolution.Targets[A];
        Assert.False(a.NeedsCompletion);
        Assert.Equal((2L, StateOf(1, A).Head, 100L), (a.BaseVersion, a.BaseHead, a.State.BalanceCents));
        Assert.Equal(StateOf(1, A), a.State);
        Assert.Empty(a.Entries);
        Assert.False(resolution.Targets[Z].NeedsCompletion);
    }

    [Fact]
    public void An_account_no_replica_has_opened_resolves_to_the_empty_state()
    {
        const string fresh = "1000000003";

        var resolution = Resolver.Resolve([fresh], Promises(B(2), [fresh], 2, 3), _noLookups);

        Assert.True(resolution.IsComplete);
        var target = resolution.Targets[fresh];
        Assert.Equal(AccountState.Empty(fresh), target.State);
        Assert.Equal((false, 0L, "", 2), (target.NeedsCompletion, target.BaseVersion, target.BaseHead, target.SourceReplica));
        Assert.Empty(target.Entries);
    }

    [Fact]
    public void A_newer_state_on_one_replica_is_completed_from_that_replica()
    {
        Apply(Deposit("dep-20", A, 20), B(1), 1);
        var newest = Row(1, A, 3);

        var resolution = Resolver.Resolve([A], Promises(B(2), [A], 2, 1), _noLookups);

        Assert.True(resolution.IsComplete);
        var a = resolution.Targets[A];
        Assert.True(a.NeedsCompletion);
        Assert.Equal((2L, newest.PrevHash, 1), (a.BaseVersion, a.BaseHead, a.SourceReplica));
        Assert.Equal([newest], a.Entries);
        Assert.Equal((3L, 120L, newest.Hash), (a.State.Version, a.State.BalanceCents, a.State.Head));

        // The completion installs on the replica that lacked it.
        Assert.Equal(InstallStatus.Installed, Install(2, B(2), a.ToInstall()).Status);
        Assert.Equal(_replicas[0].Ledger(A), _replicas[1].Ledger(A));
    }

    [Fact]
    public void A_state_held_by_every_promise_but_under_different_ballots_is_completed_again()
    {
        Apply(Deposit("dep-20", A, 20), B(1), 1);
        var completion = Resolver.Resolve([A], Promises(B(2), [A], 1, 2), _noLookups).Targets[A];
        Install(2, B(2), completion.ToInstall());

        var resolution = Resolver.Resolve([A], Promises(B(3), [A], 1, 2), _noLookups);

        var a = resolution.Targets[A];
        Assert.True(a.NeedsCompletion);
        Assert.Equal([Row(1, A, 3)], a.Entries);
        Assert.Equal(2, a.SourceReplica); // the copy accepted under the higher ballot
    }

    [Theory]
    [InlineData(new[] { 1, 2 })]
    [InlineData(new[] { 2, 1 })]
    public void Two_states_at_the_same_version_resolve_to_the_one_accepted_under_the_higher_ballot(int[] order)
    {
        Apply(Deposit("dep-10", A, 10), B(2), 1);
        Apply(Deposit("dep-20", A, 20), B(3), 2);
        var winner = Row(2, A, 3);

        var resolution = Resolver.Resolve([A], Promises(B(4), [A], order), _noLookups);

        var a = resolution.Targets[A];
        Assert.True(a.NeedsCompletion);
        Assert.Equal(2, a.SourceReplica);
        Assert.Equal([winner], a.Entries);
        Assert.Equal((3L, 120L, winner.Hash), (a.State.Version, a.State.BalanceCents, a.State.Head));
    }

    [Fact]
    public void A_pending_transfer_leg_whose_other_account_is_not_in_the_lease_asks_for_that_account()
    {
        Apply(Transfer("tr-1", A, Z, 30), B(1), 1);

        var resolution = Resolver.Resolve([A], Promises(B(2), [A], 1, 2), _noLookups);

        Assert.False(resolution.IsComplete);
        Assert.Equal([Z], resolution.MissingAccounts);
        Assert.Empty(resolution.Lookups);
        Assert.False(resolution.Targets.ContainsKey(A));
    }

    [Fact]
    public void A_pending_transfer_that_the_other_account_also_picks_is_completed_on_both()
    {
        Apply(Transfer("tr-1", A, Z, 30), B(1), 1);
        var debit = Row(1, A, 3);
        var credit = Row(1, Z, 2);

        var resolution = Resolver.Resolve([A, Z], Promises(B(2), [A, Z], 2, 1), _noLookups);

        Assert.True(resolution.IsComplete);
        Assert.Equal([debit], resolution.Targets[A].Entries);
        Assert.Equal((2L, 70L), (resolution.Targets[A].BaseVersion, resolution.Targets[A].State.BalanceCents));
        Assert.Equal([credit], resolution.Targets[Z].Entries);
        Assert.Equal((1L, 30L), (resolution.Targets[Z].BaseVersion, resolution.Targets[Z].State.BalanceCents));
        Assert.True(resolution.Targets[A].NeedsCompletion);
        Assert.True(resolution.Targets[Z].NeedsCompletion);
    }

    [Fact]
    public void A_pending_transfer_whose_other_account_moved_past_it_on_some_replica_needs_a_lookup_there()
    {
        PendingTransferOvertakenOnZ();

        var resolution = Resolver.Resolve([A, Z], Promises(B(3), [A, Z], 1, 2, 3), _noLookups);

        Assert.False(resolution.IsComplete);
        Assert.Empty(resolution.MissingAccounts);
        // Replica 3 is the one with Z's highest version (3); replica 2 is only at 2.
        Assert.Equal([new EntryLookup(Z, 2, 3)], resolution.Lookups);
        Assert.False(resolution.Targets.ContainsKey(A));
    }

    [Fact]
    public void A_pending_transfer_whose_other_account_holds_a_different_row_at_its_version_is_voided()
    {
        PendingTransferOvertakenOnZ();
        var debit = Row(1, A, 3);
        var lookups = new Dictionary<(string Account, long Version), LedgerEntry?> { [(Z, 2)] = Row(3, Z, 2) };

        var resolution = Resolver.Resolve([A, Z], Promises(B(3), [A, Z], 1, 2, 3), lookups);

        Assert.True(resolution.IsComplete);
        var expectedVoid = LedgerHash.Seal(new LedgerEntry(
            "void:tr-1@3", A, 3, EntryKind.Void, null, 0, 0, 100, "alice", debit.At, debit.PrevHash, ""));
        var a = resolution.Targets[A];
        Assert.True(a.NeedsCompletion);
        Assert.Equal((2L, debit.PrevHash, 1), (a.BaseVersion, a.BaseHead, a.SourceReplica));
        Assert.Equal([expectedVoid], a.Entries);
        Assert.Equal(StateOf(1, A) with { BalanceCents = 100, Head = expectedVoid.Hash }, a.State);
        // Z's own newest state (a deposit on replica 3 only) is completed as usual.
        Assert.Equal([Row(3, Z, 3)], resolution.Targets[Z].Entries);
    }

    [Fact]
    public void A_pending_transfer_whose_other_account_holds_it_at_its_version_is_completed()
    {
        Apply(Transfer("tr-1", A, Z, 30), B(1), 1, 2);
        Apply(Deposit("dep-z5", Z, 5), B(1), 2);
        // A's debit is on replicas 1 and 2, but replica 3 (behind on A) answers together with 1.
        var lookups = new Dictionary<(string Account, long Version), LedgerEntry?> { [(Z, 2)] = Row(2, Z, 2) };

        var resolution = Resolver.Resolve([A, Z], Promises(B(3), [A, Z], 1, 3, 2), lookups);

        Assert.True(resolution.IsComplete);
        Assert.Equal([Row(1, A, 3)], resolution.Targets[A].Entries);
        Assert.Equal(70, resolution.Targets[A].State.BalanceCents);
    }

    [Fact]
    public void A_pending_transfer_whose_other_account_row_was_not_found_is_voided()
    {
        PendingTransferOvertakenOnZ();
        var lookups = new Dictionary<(string Account, long Version), LedgerEntry?> { [(Z, 2)] = null };

        var resolution = Resolver.Resolve([A, Z], Promises(B(3), [A, Z], 1, 2, 3), lookups);

        Assert.Equal(EntryKind.Void, Assert.Single(resolution.Targets[A].Entries).Kind);
    }

    [Fact]
    public void A_pending_debit_whose_other_account_is_behind_it_is_voided_with_the_balance_before_the_transfer()
    {
        Apply(Transfer("tr-1", A, Z, 30), B(1), 1);
        var debit = Row(1, A, 3);
        // Replica 1's credit leg was since rolled back by a repair of Z alone.
        Install(1, B(2), new AccountInstall(1, Row(2, Z, 1).Hash, [], StateOf(2, Z)));

        var resolution = Resolver.Resolve([A, Z], Promises(B(3), [A, Z], 1, 2), _noLookups);

        Assert.True(resolution.IsComplete);
        var a = resolution.Targets[A];
        var row = Assert.Single(a.Entries);
        Assert.Equal(
            LedgerHash.Seal(new LedgerEntry("void:tr-1@3", A, 3, EntryKind.Void, null, 0, 0, 100, "alice", debit.At, debit.PrevHash, "")),
            row);
        Assert.Equal((3L, 100L, row.Hash), (a.State.Version, a.State.BalanceCents, a.State.Head));
    }

    [Fact]
    public void A_pending_credit_whose_other_account_is_behind_it_is_voided_with_the_balance_before_the_transfer()
    {
        Apply(Transfer("tr-1", A, Z, 30), B(1), 1);
        var credit = Row(1, Z, 2);
        // Replica 1's debit leg was since rolled back by a repair of A alone.
        Install(1, B(2), new AccountInstall(2, Row(2, A, 2).Hash, [], StateOf(2, A)));

        var resolution = Resolver.Resolve([A, Z], Promises(B(3), [A, Z], 1, 2), _noLookups);

        var z = resolution.Targets[Z];
        var row = Assert.Single(z.Entries);
        Assert.Equal(
            LedgerHash.Seal(new LedgerEntry("void:tr-1@2", Z, 2, EntryKind.Void, null, 0, 0, 0, "alice", credit.At, credit.PrevHash, "")),
            row);
        Assert.Equal((2L, 0L, row.Hash), (z.State.Version, z.State.BalanceCents, z.State.Head));
        Assert.Equal((1L, credit.PrevHash), (z.BaseVersion, z.BaseHead));
    }

    [Fact]
    public void A_voided_version_installs_and_lets_the_account_move_on()
    {
        Apply(Transfer("tr-1", A, Z, 30), B(1), 1);
        Install(1, B(2), new AccountInstall(1, Row(2, Z, 1).Hash, [], StateOf(2, Z)));
        var target = Resolver.Resolve([A, Z], Promises(B(3), [A, Z], 1, 2), _noLookups).Targets[A];

        var reply = Install(2, B(3), target.ToInstall());

        Assert.Equal(InstallStatus.Installed, reply.Status);
        Assert.Equal((3L, 100L), (StateOf(2, A).Version, StateOf(2, A).BalanceCents));
        Assert.True(LedgerHash.IsValidChain(0, "", _replicas[1].Ledger(A)));
    }

    /// <summary>
    /// Transfer tr-1 (A→Z) landed on replica 1 only (A v3, Z v2); replicas 2 and 3 then wrote a
    /// different row at Z v2, and replica 3 also Z v3.
    /// </summary>
    private void PendingTransferOvertakenOnZ()
    {
        Apply(Transfer("tr-1", A, Z, 30), B(1), 1);
        Apply(Deposit("dep-z7", Z, 7), B(2), 2, 3);
        Apply(Deposit("dep-z9", Z, 9), B(2), 3);
    }

    // ---- helpers ----

    private static Ballot B(long counter) => new(1, counter, 1);

    private static BankOperation Open(string tx, string account) =>
        new(tx, OperationKind.OpenAccount, account, null, 0, null, "alice", false, _at);

    private static BankOperation Deposit(string tx, string account, long amount) =>
        new(tx, OperationKind.Deposit, account, null, amount, null, null, false, _at);

    private static BankOperation Transfer(string tx, string source, string destination, long amount) =>
        new(tx, OperationKind.Transfer, source, destination, amount, null, null, false, _at);

    private MemoryReplicaState Replica(int id) => _replicas[id - 1];

    private AccountState StateOf(int replica, string account) =>
        Replica(replica).Accounts.FirstOrDefault(a => a.Account == account) ?? AccountState.Empty(account);

    private LedgerEntry Row(int replica, string account, long version) =>
        Replica(replica).Ledger(account).Single(e => e.Version == version);

    private void Apply(BankOperation op, Ballot ballot, params int[] replicas)
    {
        foreach (var id in replicas)
        {
            var fences = op.Accounts.Select(a => StateOf(id, a)).Select(s => new AccountFence(s.Account, ballot, s.Version, s.Head)).ToArray();
            var reply = Replica(id).Transact(s => ReplicaRules.Accept(s, new AcceptRequest(op, fences)));
            Assert.Equal(AcceptStatus.Evaluated, reply.Status);
            Assert.True(reply.Outcome!.Applied);
        }
    }

    private InstallReply Install(int replica, Ballot ballot, params AccountInstall[] installs) =>
        Replica(replica).Transact(s => ReplicaRules.Install(s, new InstallRequest(ballot, installs)));

    private List<(int Replica, PrepareReply Reply)> Promises(Ballot ballot, string[] accounts, params int[] replicas)
    {
        var promises = new List<(int Replica, PrepareReply Reply)>();
        foreach (var id in replicas)
        {
            var reply = Replica(id).Transact(s => ReplicaRules.Prepare(s, new PrepareRequest(ballot, accounts)));
            Assert.True(reply.Promised);
            promises.Add((id, reply));
        }

        return promises;
    }
}
