using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Cluster.Tests.WritePath;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;

namespace BankOrleans.Cluster.Tests.Recovery;

/// <summary>
/// Issue 22's first two interleavings on a real cluster: a master whose file is lost, or put back
/// to an earlier copy, while another master is down must not complete a majority with the one that
/// missed an acknowledged write.
/// </summary>
[Collection(BankClusterRestartCollection.Name)]
public sealed class LostDiskTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public Task A_master_that_lost_its_file_while_another_is_down_never_outvotes_an_acknowledged_write() =>
        LoseMasterThreeAsync(backup: null, damage: file =>
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        });

    [Fact]
    public Task A_master_whose_file_was_put_back_to_an_earlier_copy_never_outvotes_an_acknowledged_write()
    {
        var copy = Path.Combine(fixture.DataDirectory, $"master-3.db.backup-{Guid.NewGuid():N}");
        return LoseMasterThreeAsync(
            backup: file => BackUp(file, copy),
            damage: file =>
            {
                foreach (var suffix in new[] { "-wal", "-shm" })
                {
                    File.Delete(file + suffix);
                }

                File.Copy(copy, file, overwrite: true);
            });
    }

    // master-2 misses T, which commits on master-1 and master-3; master-3's file is then damaged
    // and it comes back with master-2 while master-1 is down.
    private async Task LoseMasterThreeAsync(Action<string>? backup, Action<string> damage)
    {
        var file = Path.Combine(fixture.DataDirectory, "master-3.db");
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        await ReplicaProbe.EventuallyGreenAsync(Grains);
        var bank = AccountWrites.Of(Grains);

        backup?.Invoke(file);

        // T commits on master-1 and master-3 while master-2 is down: master-2 misses it.
        var second = await fixture.KillSiloAsync("master-2");
        var t = Accounts.NewRequestId();
        var deposit = await Eventually.ReturnsAsync(
            () => bank.Deposit(t, account, 1_00, alice.Session),
            r => r.Ok || r.Error is not (ErrorCodes.Unavailable or ErrorCodes.OutcomeUnknown),
            "T committed on master-1 and master-3");
        Assert.True(deposit.Ok, deposit.Message);

        // master-3's file is damaged; it and master-2 come back while master-1 (the other holder of T) is down.
        var first = await fixture.KillSiloAsync("master-1");
        var third = await fixture.KillSiloAsync("master-3");
        damage(file);

        await fixture.StartSiloAsync(second);
        await fixture.StartSiloAsync(third);
        var u = Accounts.NewRequestId();
        try
        {
            // Only master-1 can tell that T was chosen, so no write may commit until it is back: the
            // old catch-up counted the empty file with master-2, served, and U overwrote T's version.
            var until = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
            while (DateTimeOffset.UtcNow < until)
            {
                WriteResult early;
                try
                {
                    early = await bank.Deposit(u, account, 5_00, alice.Session);
                }
                catch (Exception exception) when (exception is TimeoutException or Orleans.Runtime.OrleansException)
                {
                    // The client's gateway was one of the killed silos: no answer is not a commit.
                    continue;
                }

                Assert.False(early.Ok, $"U committed at version {early.Accounts.FirstOrDefault()?.Version} with the holder of T down");
            }
        }
        finally
        {
            await fixture.StartSiloAsync(first);
        }

        var later = await Eventually.ReturnsAsync(
            () => bank.Deposit(u, account, 5_00, alice.Session),
            r => r.Ok || r.Error is not (ErrorCodes.Unavailable or ErrorCodes.OutcomeUnknown),
            "U committed once master-1 is back");
        Assert.True(later.Ok, later.Message);
        Assert.Equal(16_00, later.Accounts[0].BalanceCents);
        await ReplicaProbe.EventuallyGreenAsync(Grains, runPasses: true);
        var digests = await ReplicaProbe.MasterDigestsAsync(Grains, account);
        Assert.All(digests, d => Assert.Equal(16_00L, d!.BalanceCents));
    }

    // A consistent copy of a live replica file, as an operator's backup would take it.
    private static void BackUp(string file, string copy)
    {
        using var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        using var target = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False");
        source.Open();
        target.Open();
        source.BackupDatabase(target);
    }
}
