using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Cluster.Tests.WritePath;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reconciliation;

namespace BankOrleans.Cluster.Tests.Recovery;

/// <summary>Accounts the write leader left with a lagging master reach anti-entropy ahead of its sweep.</summary>
[Collection(BankClusterRestartCollection.Name)]
public sealed class LaggardHintTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_deposit_a_down_master_missed_is_reported_to_anti_entropy_and_compared_ahead_of_its_sweep()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        await ReplicaProbe.EventuallyGreenAsync(Grains);

        var third = await fixture.KillSiloAsync("master-3");
        try
        {
            var requestId = Accounts.NewRequestId();
            var deposit = await Eventually.ReturnsAsync(
                () => AccountWrites.Of(Grains).Deposit(requestId, account, 5_00, alice.Session),
                r => r.Ok || r.Error is not (ErrorCodes.Unavailable or ErrorCodes.OutcomeUnknown),
                "the deposit committed on two masters");
            Assert.True(deposit.Ok, deposit.Message);

            // master-3 stays down, so the leader's repair install fails too and it hints master-1's
            // anti-entropy; the hint arrives within a second or so, and the first pass after it
            // names the account. (Had master-3 been back before that install, nothing would be hinted.)
            var passes = Grains.GetGrain<IAntiEntropyGrain>(1);
            await Eventually.ReturnsAsync(
                () => passes.RunPass(force: true),
                r => r.Suspects.Contains(account),
                "a pass comparing the hinted account first");

            // master-3 did not answer, so the laggard may be the one that did not: the suspect is
            // compared by two more passes (three attempts in all), then left to the sweep.
            Assert.Contains(account, (await passes.RunPass(force: true)).Suspects);
            Assert.Contains(account, (await passes.RunPass(force: true)).Suspects);
            Assert.DoesNotContain(account, (await passes.RunPass(force: true)).Suspects);
        }
        finally
        {
            await fixture.StartSiloAsync(third);
        }

        await ReplicaProbe.EventuallyGreenAsync(Grains, runPasses: true);
        var digests = await ReplicaProbe.MasterDigestsAsync(Grains, account);
        Assert.All(digests, d => Assert.Equal((digests[0]!.Head, 15_00L, true), (d!.Head, d.BalanceCents, d.Intact)));
    }
}
