using BankOrleans.Contracts.Council;
using BankOrleans.Contracts.Replication;
using BankOrleans.Protocol.Council;
using Microsoft.Extensions.Time.Testing;

namespace BankOrleans.Protocol.Tests;

/// <summary>One lock council member: lease votes and ever-growing ballots, on a fake clock.</summary>
public sealed class CouncilMemberTests
{
    private const string A = "1000000001";
    private const string Z = "1000000002";
    private const int Member = 2;
    private const long Epoch = 7;

    private static readonly TimeSpan _lease = TimeSpan.FromSeconds(5);
    private static readonly DateTimeOffset _start = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(_start);

    [Fact]
    public void Refuses_every_lease_during_the_quiet_period_of_one_lease_after_creation()
    {
        var member = new CouncilMember(Member, Epoch, _time, _lease);

        var atStart = member.Request(Lease("c1", A));
        _time.Advance(_lease - TimeSpan.FromTicks(1));
        var justBefore = member.Request(Lease("c1", A));

        Assert.Equal(new LeaseReply(false, Ballot.Zero, _start + _lease, null), atStart);
        Assert.Equal(new LeaseReply(false, Ballot.Zero, _start + _lease, null), justBefore);
    }

    [Fact]
    public void A_member_on_its_first_epoch_has_no_quiet_period()
    {
        var member = new CouncilMember(Member, 1, _time, _lease);

        var reply = member.Request(Lease("c1", A));

        Assert.Equal(new LeaseReply(true, new Ballot(1, 1, Member), _start + _lease, "c1"), reply);
    }

    [Fact]
    public void Grants_a_free_account_once_the_quiet_period_is_over()
    {
        var member = new CouncilMember(Member, Epoch, _time, _lease);
        _time.Advance(_lease);

        var reply = member.Request(Lease("c1", A));

        Assert.Equal(new LeaseReply(true, new Ballot(Epoch, 1, Member), _time.GetUtcNow() + _lease, "c1"), reply);
    }

    [Fact]
    public void Refuses_another_coordinator_while_the_lease_is_live_and_names_the_holder()
    {
        var member = Ready();
        var granted = member.Request(Lease("c1", A));
        _time.Advance(_lease - TimeSpan.FromTicks(1));

        var reply = member.Request(Lease("c2", A));

        Assert.Equal(new LeaseReply(false, Ballot.Zero, granted.ExpiresAt, "c1"), reply);
    }

    [Fact]
    public void Grants_another_coordinator_once_the_lease_has_expired()
    {
        var member = Ready();
        var granted = member.Request(Lease("c1", A));
        _time.Advance(_lease);

        var reply = member.Request(Lease("c2", A));

        Assert.True(reply.Granted);
        Assert.Equal("c2", reply.Holder);
        Assert.True(reply.Ballot > granted.Ballot);
        Assert.Equal(_time.GetUtcNow() + _lease, reply.ExpiresAt);
    }

    [Fact]
    public void The_holder_renews_its_lease_with_a_new_ballot_and_a_later_expiry()
    {
        var member = Ready();
        var first = member.Request(Lease("c1", A));
        _time.Advance(TimeSpan.FromSeconds(3));

        var renewed = member.Request(Lease("c1", A));

        Assert.True(renewed.Granted);
        Assert.True(renewed.Ballot > first.Ballot);
        Assert.Equal(first.ExpiresAt + TimeSpan.FromSeconds(3), renewed.ExpiresAt);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.False(member.Request(Lease("c2", A)).Granted);
    }

    [Fact]
    public void Every_grant_carries_a_new_ballot_above_all_earlier_ones()
    {
        var member = Ready();
        var ballots = new List<Ballot>();

        ballots.Add(member.Request(Lease("c1", A)).Ballot);
        ballots.Add(member.Request(Lease("c2", Z)).Ballot);
        ballots.Add(member.Request(Lease("c1", A)).Ballot);
        member.Release("c2", [Z]);
        ballots.Add(member.Request(Lease("c1", A, Z)).Ballot);
        member.Release("c1", [A, Z]);
        ballots.Add(member.Request(Lease("c3", A)).Ballot);
        _time.Advance(_lease);
        ballots.Add(member.Request(Lease("c4", Z)).Ballot);

        Assert.Equal(
            [
                new Ballot(Epoch, 1, Member), new Ballot(Epoch, 2, Member), new Ballot(Epoch, 3, Member),
                new Ballot(Epoch, 4, Member), new Ballot(Epoch, 5, Member), new Ballot(Epoch, 6, Member),
            ],
            ballots);
    }

    [Fact]
    public void A_refusal_consumes_no_ballot()
    {
        var member = Ready();
        member.Request(Lease("c1", A));
        member.Request(Lease("c2", A));

        var next = member.Request(Lease("c3", Z));

        Assert.Equal(new Ballot(Epoch, 2, Member), next.Ballot);
    }

    [Theory]
    [InlineData(Epoch, 10L, 3, 11L)]   // same epoch, higher counter: jump past it
    [InlineData(Epoch, 10L, 1, 11L)]   // same epoch, lower member: still above
    [InlineData(Epoch, 0L, 3, 2L)]     // same epoch, already below our counter: just the next one
    [InlineData(Epoch - 1, 99L, 3, 2L)] // older epoch: any ballot of ours is above it
    public void A_grant_with_Above_carries_a_ballot_above_it(long aboveEpoch, long aboveCounter, int aboveMember, long expectedCounter)
    {
        var member = Ready();
        member.Request(Lease("c1", Z)); // counter 1
        var above = new Ballot(aboveEpoch, aboveCounter, aboveMember);

        var reply = member.Request(Lease("c1", A) with { Above = above });

        Assert.True(reply.Granted);
        Assert.Equal(new Ballot(Epoch, expectedCounter, Member), reply.Ballot);
        Assert.True(reply.Ballot > above);
    }

    [Fact]
    public void EpochNeededFor_names_a_higher_epoch_only()
    {
        var member = Ready();

        Assert.Null(member.EpochNeededFor(null));
        Assert.Null(member.EpochNeededFor(new Ballot(Epoch - 1, 50, 3)));
        Assert.Null(member.EpochNeededFor(new Ballot(Epoch, long.MaxValue - 1, 3)));
        Assert.Equal(Epoch + 3, member.EpochNeededFor(new Ballot(Epoch + 3, 1, 1)));
    }

    [Fact]
    public void A_grant_above_a_ballot_of_a_higher_epoch_needs_the_epoch_persisted_first()
    {
        var member = Ready();
        var above = new Ballot(Epoch + 3, 5, 1);

        Assert.Throws<InvalidOperationException>(() => member.Request(Lease("c1", A) with { Above = above }));

        member.AdvanceEpoch(Epoch + 3);
        var reply = member.Request(Lease("c1", A) with { Above = above });

        Assert.Equal(Epoch + 3, member.Epoch);
        Assert.Equal(new Ballot(Epoch + 3, 6, Member), reply.Ballot);
    }

    [Fact]
    public void A_failed_grant_for_a_higher_epoch_takes_no_lease()
    {
        var member = Ready();

        Assert.Throws<InvalidOperationException>(() => member.Request(Lease("c1", A) with { Above = new Ballot(Epoch + 1, 1, 1) }));

        Assert.True(member.Request(Lease("c2", A)).Granted);
    }

    [Fact]
    public void AdvanceEpoch_to_a_higher_epoch_restarts_the_counter_above_every_earlier_ballot()
    {
        var member = Ready();
        var before = member.Request(Lease("c1", A)).Ballot;
        member.Request(Lease("c1", A));

        member.AdvanceEpoch(Epoch + 1);
        var after = member.Request(Lease("c1", A)).Ballot;

        Assert.Equal(new Ballot(Epoch + 1, 1, Member), after);
        Assert.True(after > before);
    }

    [Theory]
    [InlineData(Epoch)]
    [InlineData(Epoch - 1)]
    public void AdvanceEpoch_to_the_same_or_a_lower_epoch_changes_nothing(long epoch)
    {
        var member = Ready();
        member.Request(Lease("c1", A));

        member.AdvanceEpoch(epoch);

        Assert.Equal(Epoch, member.Epoch);
        Assert.Equal(new Ballot(Epoch, 2, Member), member.Request(Lease("c1", A)).Ballot);
    }

    [Fact]
    public void A_restarted_member_with_a_bumped_epoch_issues_ballots_above_its_previous_life()
    {
        var old = Ready();
        Ballot last = default;
        for (var i = 0; i < 50; i++)
        {
            last = old.Request(Lease("c1", A)).Ballot;
        }

        var restarted = new CouncilMember(Member, Epoch + 1, _time, _lease);
        Assert.False(restarted.Request(Lease("c2", A)).Granted);
        _time.Advance(_lease);
        var first = restarted.Request(Lease("c2", A)).Ballot;

        Assert.True(first > last);
    }

    [Fact]
    public void Release_frees_only_the_callers_leases()
    {
        var member = Ready();
        member.Request(Lease("c1", A));
        member.Request(Lease("c2", Z));

        member.Release("c2", [A]);
        Assert.False(member.Request(Lease("c3", A)).Granted);

        member.Release("c1", [A, Z]);
        Assert.True(member.Request(Lease("c3", A)).Granted);
        Assert.Equal(new LeaseReply(false, Ballot.Zero, _time.GetUtcNow() + _lease, "c2"), member.Request(Lease("c3", Z)));
    }

    [Fact]
    public void Release_of_an_account_not_held_is_harmless()
    {
        var member = Ready();

        member.Release("c1", [A]);
        member.Release("c1", [A]);

        Assert.True(member.Request(Lease("c1", A)).Granted);
    }

    [Fact]
    public void A_multi_account_request_is_refused_whole_when_one_account_is_held()
    {
        var member = Ready();
        var held = member.Request(Lease("c1", Z));

        var reply = member.Request(Lease("c2", A, Z));

        Assert.Equal(new LeaseReply(false, Ballot.Zero, held.ExpiresAt, "c1"), reply);
        // The refused request took no lease on A either.
        Assert.True(member.Request(Lease("c3", A)).Granted);
    }

    [Fact]
    public void A_multi_account_grant_leases_every_account_under_one_ballot()
    {
        var member = Ready();

        var reply = member.Request(Lease("c1", A, Z));

        Assert.True(reply.Granted);
        Assert.Equal("c1", member.Request(Lease("c2", A)).Holder);
        Assert.Equal("c1", member.Request(Lease("c2", Z)).Holder);
    }

    private CouncilMember Ready()
    {
        var member = new CouncilMember(Member, Epoch, _time, _lease);
        _time.Advance(_lease);
        return member;
    }

    private static LeaseRequest Lease(string coordinator, params string[] accounts) => new(coordinator, accounts, null);
}
