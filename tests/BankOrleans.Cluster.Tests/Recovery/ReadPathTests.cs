using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Cluster.Tests.WritePath;
using BankOrleans.Contracts;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Grains.Diagnostics;
using BankOrleans.Grains.Replication;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;

namespace BankOrleans.Cluster.Tests.Recovery;

/// <summary>The read path (ARCHITECTURE §4): reader first, read-your-writes, masters when the reader is down.</summary>
[Collection(BankClusterRestartCollection.Name)]
public sealed class ReadPathTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task The_reader_serves_a_balance_at_the_version_the_client_has_seen()
    {
        await fixture.WhenReaderFreshAsync();
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        var write = await AccountWrites.Of(Grains).Deposit(Accounts.NewRequestId(), account, 2_50, alice.Session);
        Assert.True(write.Ok, write.Message);

        var view = await Grains.GetGrain<IAccountQueryGrain>(account).Balance(write.Accounts[0].Version, alice.Session);

        Assert.True(view.Ok, view.Message);
        Assert.Equal((12_50L, 3L, "reader"), (view.BalanceCents, view.Version, view.ServedBy));
    }

    [Fact]
    public async Task The_reader_serves_the_statement_ending_at_the_version_it_reports()
    {
        await fixture.WhenReaderFreshAsync();
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        var write = await AccountWrites.Of(Grains).Withdraw(Accounts.NewRequestId(), account, 3_00, alice.Session);
        Assert.True(write.Ok, write.Message);

        var statement = await Grains.GetGrain<IAccountQueryGrain>(account).History(2, write.Accounts[0].Version, alice.Session);

        Assert.True(statement.Ok, statement.Message);
        Assert.Equal((7_00L, 3L, "reader"), (statement.BalanceCents, statement.Version, statement.ServedBy));
        Assert.Equal(["withdrawal", "deposit"], statement.Lines.Select(l => l.Kind));
        Assert.Equal([-3_00L, 10_00L], statement.Lines.Select(l => l.AmountCents));
    }

    [Fact]
    public async Task The_reader_keeps_no_stamp_beside_its_file_while_the_masters_do()
    {
        await fixture.WhenReaderFreshAsync();
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        var write = await AccountWrites.Of(Grains).Deposit(Accounts.NewRequestId(), account, 1_00, alice.Session);
        Assert.True(write.Ok, write.Message);

        // Served by the reader at the deposit's version: the reader has committed a batch since.
        var view = await Grains.GetGrain<IAccountQueryGrain>(account).Balance(write.Accounts[0].Version, alice.Session);
        Assert.Equal("reader", view.ServedBy);

        // The reader votes on nothing and catches up from the masters: a stamp would cost it an
        // fsync per batch and give its file a standing that nothing on the reader ever restores.
        Assert.False(File.Exists(Path.Combine(fixture.DataDirectory, "reader.db.stamp")));
        Assert.True(File.Exists(Path.Combine(fixture.DataDirectory, "master-1.db.stamp")));
    }

    [Fact]
    public async Task The_reader_refuses_another_customers_account_like_a_missing_one()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var bob = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 1_00, alice.Session);
        await Grains.GetGrain<IAccountQueryGrain>(account).Balance(3, alice.Session);

        var view = await Grains.GetGrain<IAccountQueryGrain>(account).Balance(0, bob.Session);

        Assert.Equal(ErrorCodes.InvalidAccount, view.Error);
    }

    [Fact]
    public async Task With_the_reader_killed_reads_come_from_the_masters_and_the_restarted_reader_catches_up()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        var instance = await fixture.KillSiloAsync("reader");
        try
        {
            var deposit = await AccountWrites.Of(Grains).Deposit(Accounts.NewRequestId(), account, 5_00, alice.Session);
            Assert.True(deposit.Ok, deposit.Message);

            // What the client does: the reader within a short bound, else the masters.
            var clock = Stopwatch.StartNew();
            var fromReader = await Record.ExceptionAsync(() =>
                Grains.GetGrain<IAccountQueryGrain>(account).Balance(3, alice.Session).WaitAsync(TimeSpan.FromMilliseconds(1200)));
            var view = await Grains.GetGrain<IAccountGrain>(account).ReadBalance(alice.Session);
            clock.Stop();

            Assert.NotNull(fromReader);
            Assert.True(view.Ok, view.Message);
            Assert.Equal(15_00, view.BalanceCents);
            Assert.StartsWith("master-", view.ServedBy, StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"fallback took {clock.Elapsed}");
        }
        finally
        {
            await fixture.StartSiloAsync(instance);
        }

        await ReplicaProbe.EventuallyGreenAsync(Grains);
        await fixture.WhenReaderFreshAsync();
        var caughtUp = await Grains.GetGrain<IAccountQueryGrain>(account).Balance(3, alice.Session);
        Assert.Equal((15_00L, "reader"), (caughtUp.BalanceCents, caughtUp.ServedBy));
    }

    [Fact]
    public async Task A_reader_file_that_changed_a_row_answers_no_query_and_is_rebuilt_at_restart()
    {
        await fixture.WhenReaderFreshAsync();
        var alice = await Customer.RegisterAsync(Grains);
        var changed = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        var other = await Accounts.OpenFundedAsync(Grains, 5_00, alice.Session);
        foreach (var account in new[] { changed, other })
        {
            var served = await Grains.GetGrain<IAccountQueryGrain>(account).Balance(2, alice.Session);
            Assert.Equal("reader", served.ServedBy);
        }

        // The disk changes one account row under the running reader: its rows are put in the
        // tables first, then a balance is raised without its checksum.
        fixture.Silo("reader").SiloHost.Services.GetRequiredService<ReplicaStoreHolder>().Store.Checkpoint();
        using (var disk = new SqliteConnection($"Data Source={Path.Combine(fixture.DataDirectory, "reader.db")};Pooling=False"))
        {
            disk.Open();
            using var edit = disk.CreateCommand();
            edit.CommandText = "UPDATE accounts SET balance_cents = balance_cents + 100000 WHERE account_no = $account;";
            edit.Parameters.AddWithValue("$account", changed);
            Assert.Equal(1, edit.ExecuteNonQuery());
        }

        // Neither the changed account nor any other is answered from that file any more.
        BalanceView? changedView = null;
        var thrown = await Record.ExceptionAsync(async () => changedView = await Grains.GetGrain<IAccountQueryGrain>(changed).Balance(0, alice.Session));
        Assert.True(thrown is not null || changedView is { Ok: false }, $"the changed row was served: {changedView?.BalanceCents}");
        var otherView = await Grains.GetGrain<IAccountQueryGrain>(other).Balance(0, alice.Session);
        Assert.False(otherView.Ok, "another account was still served from the damaged file");
        Assert.Equal(ErrorCodes.Unavailable, otherView.Error);
        Assert.Contains("damaged", otherView.Message, StringComparison.Ordinal);
        // And its /health/ready says so, with the reason.
        var pending = fixture.Silo("reader").SiloHost.Services.GetRequiredService<SiloReadiness>().Pending;
        Assert.Contains(pending, p => p.Key == ReplicaReadiness.Component && p.Value.Contains("damaged", StringComparison.Ordinal));

        // Restarted, the reader sets the file aside and rebuilds it from the masters.
        var instance = await fixture.KillSiloAsync("reader");
        await fixture.StartSiloAsync(instance);
        await ReplicaProbe.EventuallyGreenAsync(Grains);
        await fixture.WhenReaderFreshAsync();
        var rebuilt = await Grains.GetGrain<IAccountQueryGrain>(changed).Balance(2, alice.Session);
        Assert.Equal((10_00L, "reader"), (rebuilt.BalanceCents, rebuilt.ServedBy));
        Assert.NotEmpty(Directory.GetFiles(fixture.DataDirectory, "reader.db.damaged-*"));
        Assert.Empty(fixture.Silo("reader").SiloHost.Services.GetRequiredService<SiloReadiness>().Pending);
    }
}
