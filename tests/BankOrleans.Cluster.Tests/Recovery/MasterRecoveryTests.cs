using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Cluster.Tests.WritePath;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Reconciliation;
using BankOrleans.Contracts.Replication;

namespace BankOrleans.Cluster.Tests.Recovery;

/// <summary>Restarted, damaged and disagreeing masters (ARCHITECTURE §3.5).</summary>
[Collection(BankClusterRestartCollection.Name)]
public sealed class MasterRecoveryTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_master_killed_during_a_stream_of_transfers_catches_up_and_no_acknowledged_transfer_is_missing()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var a = await Accounts.OpenFundedAsync(Grains, 1_000_00, alice.Session);
        var b = await Accounts.OpenFundedAsync(Grains, 0, alice.Session);
        var acknowledged = 0L;
        short? killed = null;
        try
        {
            for (var i = 1; i <= 30; i++)
            {
                if (i == 10)
                {
                    killed = await fixture.KillSiloAsync("master-2");
                }

                if (i == 20)
                {
                    await fixture.StartSiloAsync(killed!.Value);
                    killed = null;
                }

                var id = Accounts.NewRequestId();
                // Retry with the same request id until the outcome is known: applied at most once.
                var result = await Eventually.ReturnsAsync(
                    () => AccountWrites.Of(Grains).Transfer(id, a, b, i, alice.Session),
                    r => r.Ok || r.Error is not (ErrorCodes.Unavailable or ErrorCodes.OutcomeUnknown),
                    $"transfer {i}");
                Assert.True(result.Ok, result.Message);
                acknowledged += i;
            }
        }
        finally
        {
            if (killed is { } instance)
            {
                await fixture.StartSiloAsync(instance);
            }
        }

        await ReplicaProbe.EventuallyGreenAsync(Grains);
        Assert.Equal(acknowledged, await Accounts.BalanceAsync(Grains, b, alice.Session));
        Assert.Equal(1_000_00 - acknowledged, await Accounts.BalanceAsync(Grains, a, alice.Session));
        var digests = await ReplicaProbe.MasterDigestsAsync(Grains, b);
        Assert.All(digests, d => Assert.Equal((digests[0]!.Head, acknowledged, true), (d!.Head, d.BalanceCents, d.Intact)));
    }

    [Fact]
    public async Task A_balance_corrupted_on_disk_while_a_master_is_stopped_is_repaired_from_the_majority()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        await ReplicaProbe.EventuallyGreenAsync(Grains);
        var instance = await fixture.KillSiloAsync("master-3");
        ReplicaProbe.CorruptBalance(fixture.DataDirectory, "master-3", account, 1_000_000_00);
        await fixture.StartSiloAsync(instance);

        await ReplicaProbe.EventuallyGreenAsync(Grains, runPasses: true);

        var digests = await ReplicaProbe.MasterDigestsAsync(Grains, account);
        Assert.All(digests, d => Assert.Equal((10_00L, true, false), (d!.BalanceCents, d.Intact, d.Frozen)));
    }

    [Fact]
    public async Task A_master_whose_file_fails_its_check_with_the_third_down_votes_on_nothing_until_the_third_returns()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        await ReplicaProbe.EventuallyGreenAsync(Grains);
        var third = await fixture.KillSiloAsync("master-3");
        var second = await fixture.KillSiloAsync("master-2");
        // A catch-up retry that reaches a reader already serving has nothing to do, even now that
        // a catch-up could not be done (only one master answers).
        Assert.True(await Grains.GetGrain<IReadReplicaGrain>(0).CatchUp());
        ReplicaProbe.CorruptBalance(fixture.DataDirectory, "master-2", account, 3_00);
        await fixture.StartSiloAsync(second);
        var darkRequest = Accounts.NewRequestId();
        try
        {
            // master-2's file fails its hash-chain check at start: it is set aside, and the new file
            // recovers only from both other masters. Until then it answers no peer, so nothing is
            // decided by master-1 and a file that cannot prove itself.
            var standing = await Eventually.ReturnsAsync(
                () => Grains.GetGrain<IReplicaGrain>(2).Standing(), s => s is not null, "master-2 answering its standing");
            Assert.Equal(StandingKind.Recovering, standing.Kind);
            await Assert.ThrowsAnyAsync<Exception>(() => Grains.GetGrain<IReplicaGrain>(2).Inventory("", 10));

            // Not acknowledged: refused before any accept (unavailable), or accepted by master-1
            // alone (outcome unknown: the write leader may hold the account prepared, and the
            // session check may stand on a session lease). Either way nothing is decided.
            var refused = await AccountWrites.Of(Grains).Deposit(darkRequest, account, 1_00, alice.Session);
            Assert.Contains(refused.Error, new[] { ErrorCodes.Unavailable, ErrorCodes.OutcomeUnknown });
            Assert.Equal(StandingKind.Recovering, (await Grains.GetGrain<IReplicaGrain>(2).Standing()).Kind);
        }
        finally
        {
            await fixture.StartSiloAsync(third);
        }

        // The customer retries the unacknowledged deposit with its request id: applied once.
        await Eventually.ReturnsAsync(
            () => AccountWrites.Of(Grains).Deposit(darkRequest, account, 1_00, alice.Session), r => r.Ok, "the retried deposit");
        await ReplicaProbe.EventuallyGreenAsync(Grains, runPasses: true);
        Assert.Equal(StandingKind.Normal, (await Grains.GetGrain<IReplicaGrain>(2).Standing()).Kind);
        var digests = await ReplicaProbe.MasterDigestsAsync(Grains, account);
        Assert.All(digests, d => Assert.Equal((11_00L, true, false), (d!.BalanceCents, d.Intact, d.Frozen)));
        var after = await AccountWrites.Of(Grains).Deposit(Accounts.NewRequestId(), account, 1_00, alice.Session);
        Assert.True(after.Ok, after.Message);
        Assert.Equal(12_00, after.Accounts[0].BalanceCents);
    }
}
