using BankOrleans.Client.Commands;
using BankOrleans.Contracts.Reconciliation;

namespace BankOrleans.Client.Tests;

/// <summary>The walk behind <c>admin verify</c>: failed calls asked again, catching-up replicas waited for, both bounded.</summary>
public sealed class VerifyWalkTests
{
    private static readonly VerifyReport Green = new(true, true, 25, [], []);

    private readonly List<TimeSpan> _pauses = [];

    [Fact]
    public async Task A_part_whose_call_times_out_is_asked_again_and_the_walk_goes_on()
    {
        var answers = new Queue<Func<VerifyReport>>([() => throw new TimeoutException("page timed out"), () => Green with { Next = "1000000026" }, () => Green]);
        var asked = new List<string>();

        var result = await Walk(from => { asked.Add(from); return answers.Dequeue()(); }).RunAsync(default);

        Assert.Equal(["", "", "1000000026"], asked);
        Assert.Equal((true, 50, 1), (result.Report.MastersAgree, result.Report.AccountsCompared, result.PartsRetried));
    }

    [Fact]
    public async Task A_part_that_keeps_failing_ends_the_walk_with_its_failure_after_the_allowed_attempts()
    {
        var calls = 0;

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => Walk(_ => { calls++; throw new TimeoutException("page timed out"); }).RunAsync(default));

        Assert.Equal(3, calls);
        Assert.Equal("page timed out", failure.Message);
    }

    [Fact]
    public async Task A_refused_credential_is_not_asked_again()
    {
        var calls = 0;

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Walk(_ => { calls++; throw new UnauthorizedAccessException("not authorized"); }).RunAsync(default));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_replica_catching_up_is_waited_for_and_named()
    {
        var catchingUp = new VerifyReport(false, false, 25, ["master-2"], []) { CatchingUp = ["master-2"] };
        var answers = new Queue<VerifyReport>([catchingUp, catchingUp, Green]);

        var result = await Walk(_ => answers.Dequeue()).RunAsync(default);

        Assert.True(result.Report.MastersAgree && result.Report.ReaderCaughtUp);
        Assert.Equal(["master-2"], result.WaitedForCatchUp);
        Assert.Equal(TimeSpan.FromSeconds(2), result.CatchUpWaited);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], _pauses);
    }

    [Fact]
    public async Task The_wait_for_a_replica_catching_up_is_bounded_and_the_answer_names_it()
    {
        var catchingUp = new VerifyReport(false, false, 25, ["master-2"], []) { CatchingUp = ["master-2"] };

        var result = await Walk(_ => catchingUp, catchUpBudget: TimeSpan.FromSeconds(5)).RunAsync(default);

        Assert.Equal(5, _pauses.Count);
        Assert.False(result.Report.MastersAgree);
        Assert.Equal(["master-2"], result.Report.CatchingUp);
    }

    [Fact]
    public async Task A_part_with_differing_accounts_is_checked_once_more_and_a_passing_write_leaves_it_green()
    {
        var inFlight = new AccountComparison("1000000001", ComparisonVerdict.MinorityDiffers, "master-3 at v4, others at v5", []);
        var answers = new Queue<VerifyReport>([new VerifyReport(false, false, 25, [], [inFlight]), Green]);

        var result = await Walk(_ => answers.Dequeue()).RunAsync(default);

        Assert.True(result.Report.MastersAgree);
        Assert.Equal(1, result.PartsRechecked);
    }

    [Fact]
    public async Task Accounts_that_still_differ_after_the_second_look_are_reported()
    {
        var behind = new AccountComparison("1000000001", ComparisonVerdict.MinorityDiffers, "master-3 at v4, others at v5", []);
        var differing = new VerifyReport(false, false, 25, [], [behind]);
        var calls = 0;

        var result = await Walk(_ => { calls++; return differing; }).RunAsync(default);

        Assert.Equal(2, calls);
        Assert.Equal(["1000000001"], result.Report.Differing.Select(c => c.Account));
    }

    private VerifyWalk Walk(Func<string, VerifyReport> part, TimeSpan? catchUpBudget = null) =>
        new(from => Task.FromResult(part(from)), (pause, _) => { _pauses.Add(pause); return Task.CompletedTask; })
        {
            CatchUpBudget = catchUpBudget ?? TimeSpan.FromSeconds(30),
        };
}
