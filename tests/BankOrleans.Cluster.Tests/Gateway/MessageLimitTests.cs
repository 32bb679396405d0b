using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Cluster.Tests.WritePath;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;
using BankOrleans.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Configuration;

namespace BankOrleans.Cluster.Tests.Gateway;

/// <summary>The runtime's own refusals: messages over the size limits, and types outside the serializer's allow-list.</summary>
[Collection(BankClusterCollection.Name)]
public sealed class MessageLimitTests(BankClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Client;

    private IServiceProvider Silo => fixture.Cluster.Silos[0].ServiceProvider;

    [Fact]
    public void The_silos_run_with_the_bank_message_size_limits_and_no_type_allowed_by_default()
    {
        var messaging = Silo.GetRequiredService<IOptions<SiloMessagingOptions>>().Value;
        var manifest = Silo.GetRequiredService<IOptions<TypeManifestOptions>>().Value;

        Assert.Equal((MessageSizeLimits.MaxBodyBytes, MessageSizeLimits.MaxHeaderBytes), (messaging.MaxMessageBodySize, messaging.MaxMessageHeaderSize));
        Assert.False(manifest.AllowAllTypes);
    }

    [Fact]
    public async Task A_call_over_the_body_size_limit_is_refused_and_the_silo_keeps_serving()
    {
        var alice = await Customer.RegisterAsync(Grains, "alice");
        var account = await Accounts.OpenFundedAsync(Grains, 5_00, alice.Session);
        var oversized = new string('s', MessageSizeLimits.MaxBodyBytes);

        // The gateway closes the connection the frame came on, unread: no answer ever comes (the
        // client only learns of it when its response timeout ends, hence the bound on the wait).
        var refused = AccountWrites.Of(Grains).Deposit(RequestId.New(), account, 1_00, oversized);
        await Assert.ThrowsAnyAsync<Exception>(() => refused.WaitAsync(TimeSpan.FromSeconds(10)));
        // The client resends a message whose connection closed under it, so the frame would keep
        // closing this client's connections: a new client, as a hostile sender's peers would have.
        await fixture.Cluster.InitializeClientAsync();

        var deposit = await AccountWrites.Of(Grains).Deposit(RequestId.New(), account, 1_00, alice.Session);
        Assert.True(deposit.Ok, deposit.Message);
        Assert.Equal(6_00, deposit.Accounts[0].BalanceCents);
    }

    [Fact]
    public void A_payload_naming_a_type_outside_the_allow_list_is_refused_by_the_silos_serializer()
    {
        var silo = Silo.GetRequiredService<Serializer>();
        // What a hostile client can send: a serializer that allows every type.
        using var services = new ServiceCollection().AddSerializer(b => b.Configure(o => o.AllowAllTypes = true)).BuildServiceProvider();
        var hostile = services.GetRequiredService<Serializer>();
        var foreign = hostile.SerializeToArray<object>(typeof(System.Diagnostics.Process));
        var declared = hostile.SerializeToArray<object>(typeof(BankOperation));

        var refused = Assert.ThrowsAny<Exception>(() => silo.Deserialize<object>(foreign));

        Assert.Contains("not allowed", refused.ToString(), StringComparison.Ordinal);
        Assert.Equal(typeof(BankOperation), silo.Deserialize<object>(declared));
    }

    [Fact]
    public void The_largest_internal_batches_fit_the_body_size_limit()
    {
        var serializer = Silo.GetRequiredService<Serializer>();
        var hash = new string('f', 64);
        var row = new LedgerEntry(
            "void:" + TransactionId.For(new string('u', 32), OperationKind.Withdraw, new string('r', RequestId.MaxLength)) + "@" + long.MaxValue,
            ObjectKeys.User(new string('u', 32)), long.MaxValue, EntryKind.TransferOut, "1234567890", long.MaxValue, long.MaxValue, long.MaxValue,
            new string('u', 32), DateTimeOffset.MaxValue, hash, hash) { Payload = "pbkdf2-sha256$600000$" + new string('s', 24) + "$" + new string('h', 44) };
        var op = new BankOperation(row.TxId, OperationKind.Transfer, "1234567890", "1234567891", long.MaxValue, new string('u', 32), new string('u', 32), true, DateTimeOffset.MaxValue)
        {
            Payload = row.Payload,
        };
        var ballot = new Ballot(long.MaxValue, long.MaxValue, int.MaxValue);
        var accept = new AcceptRequest(op, [new AccountFence("1234567890", ballot, long.MaxValue, hash), new AccountFence("1234567891", ballot, long.MaxValue, hash)]);

        var rowBytes = serializer.SerializeToArray(row).Length;
        var acceptBatch = serializer.SerializeToArray<IReadOnlyList<AcceptRequest>>(Enumerable.Repeat(accept, MessageSizeLimits.MaxProtocolBatch).ToArray()).Length;
        var feedBatch = serializer.SerializeToArray<IReadOnlyList<CommittedRows>>(
            Enumerable.Range(0, MessageSizeLimits.MaxFeedBatch).Select(i => new CommittedRows(row.TxId + i, [row, row with { Account = "1234567891" }])).ToArray()).Length;

        Assert.True(rowBytes <= 600, $"a ledger row is {rowBytes} bytes");
        Assert.True(acceptBatch < MessageSizeLimits.MaxBodyBytes / 3, $"a full accept batch is {acceptBatch} bytes");
        Assert.True(feedBatch < MessageSizeLimits.MaxBodyBytes * 2 / 3, $"a full feed batch is {feedBatch} bytes");
    }
}
