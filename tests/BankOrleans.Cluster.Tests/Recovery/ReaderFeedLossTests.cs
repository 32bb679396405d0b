using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Cluster.Tests.WritePath;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Grains.Reading;
using BankOrleans.Topology;
using Microsoft.Extensions.DependencyInjection;
using BankOrleans.Protocol.Reading;

namespace BankOrleans.Cluster.Tests.Recovery;

/// <summary>
/// The feed rule (docs/protocol.md rule 12): a write whose one-way feed message to the reader is
/// lost reaches the reader through its heartbeat, which carries a mark of every commit the reader
/// has not acknowledged, before the reader counts that master heard again.
/// </summary>
[Collection(BankClusterRestartCollection.Name)]
public sealed class ReaderFeedLossTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    [Fact]
    public async Task A_deposit_whose_feed_message_was_lost_reaches_the_reader_through_its_heartbeat()
    {
        var alice = await Customer.RegisterAsync(Grains);
        var account = await Accounts.OpenFundedAsync(Grains, 10_00, alice.Session);
        var query = Grains.GetGrain<IAccountQueryGrain>(account);
        await Eventually.ReturnsAsync(() => query.Balance(2, alice.Session), v => v.Ok && v.ServedBy == "reader", "the reader serves the funded account");
        var replica = fixture.Silo(SiloRoles.Reader).SiloHost.Services.GetRequiredService<ReadReplica>();

        WriteResult deposit;
        fixture.LoseReaderFeed = true;
        try
        {
            deposit = await AccountWrites.Of(Grains).Deposit(Accounts.NewRequestId(), account, 1_00, alice.Session);
        }
        finally
        {
            fixture.LoseReaderFeed = false;
        }

        Assert.True(deposit.Ok, deposit.Message);
        // No later write to the account and no anti-entropy pass (off in these tests): only the
        // heartbeat's mark can bring version 3 to the reader.
        await Eventually.ReturnsAsync(() => Task.FromResult(replica.VersionOf(account)), v => v >= 3, "the reader holds the deposit", TimeSpan.FromSeconds(30));
        var balance = await query.Balance(3, alice.Session);
        Assert.Equal((11_00L, 3L, "reader"), (balance.BalanceCents, balance.Version, balance.ServedBy));
    }
}
