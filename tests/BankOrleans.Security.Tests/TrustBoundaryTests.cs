using BankOrleans.Cluster.Tests;
using BankOrleans.Cluster.Tests.Customers;
using BankOrleans.Contracts.Accounts;
using BankOrleans.Contracts.Reading;
using BankOrleans.Contracts.Replication;
using BankOrleans.Contracts.Security;
using BankOrleans.Silo.Trust;

namespace BankOrleans.Security.Tests;

/// <summary>
/// The silo's trust boundary against a client that lies: no credential, a made-up one, or a
/// message that claims a grain as its source. Internal grains refuse it before they run; the
/// customer surface keeps working for it.
/// </summary>
[Collection(BankClusterCollection.Name)]
public sealed class TrustBoundaryTests(BankClusterFixture cluster) : IAsyncLifetime
{
    private readonly RefusedCalls _refused = new();
    private RawClient _client = null!;

    public async Task InitializeAsync() => _client = await RawClient.ConnectAsync(cluster);

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        _refused.Dispose();
    }

    [Fact]
    public async Task Client_call_to_a_replica_is_refused_as_not_authorized_and_counted()
    {
        var before = _refused.Of(typeof(IReplicaGrain));

        var error = await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => _client.Grains.GetGrain<IReplicaGrain>(1).GetAccount("0000000001"));

        Assert.StartsWith("not_authorized: IReplicaGrain.GetAccount", error.Message);
        Assert.Equal(before + 1, _refused.Of(typeof(IReplicaGrain)));
    }

    [Fact]
    public async Task Client_that_presents_a_made_up_silo_credential_is_refused()
    {
        RequestContext.Set(SiloCallCredential.ContextKey, Convert.ToBase64String(new byte[32]));
        try
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(
                () => _client.Grains.GetGrain<IWriteLeaderGrain>(WriteLeader.Key)
                    .Write(new WriteCommand(RequestId.New(), OperationKind.Deposit, "0000000001", null, 100), "s1:x:0:0:x"));
        }
        finally
        {
            RequestContext.Remove(SiloCallCredential.ContextKey);
        }
    }

    [Fact]
    public async Task Client_that_claims_to_be_the_write_leader_cannot_freeze_an_account()
    {
        var customer = await Customer.RegisterAsync(_client.Grains, "frz");
        await using var liar = await RawClient.ConnectAsync(cluster, TimeSpan.FromSeconds(2));
        liar.ClaimToBe(cluster.Client.GetGrain<IWriteLeaderGrain>(WriteLeader.Key).GetGrainId());
        var before = _refused.Of(typeof(IReplicaGrain));

        // The answer goes to the grain the liar named, so the liar itself only ever sees a timeout.
        var freeze = liar.Grains.GetGrain<IReplicaGrain>(1).SetFrozen([customer.FirstAccount], true);
        _ = freeze.ContinueWith(t => t.Exception, TaskScheduler.Default);

        await Eventually.ReturnsAsync(
            () => Task.FromResult(_refused.Of(typeof(IReplicaGrain))), n => n == before + 1, "the forged call refused");
        var state = await cluster.Client.GetGrain<IReplicaGrain>(1).GetAccount(customer.FirstAccount);
        Assert.NotNull(state);
        Assert.False(state.Frozen);
    }

    [Fact]
    public async Task Gateway_refuses_a_response_sent_by_a_client()
    {
        var before = _refused.Of(ClientFrameFilterHostingExtensions.RefusedTag);
        await using var liar = await RawClient.ConnectAsync(cluster, TimeSpan.FromSeconds(2));
        await liar.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);

        // An accept the replica never made, aimed at the write leader's pending calls.
        liar.SendResponse(cluster.Client.GetGrain<IWriteLeaderGrain>(WriteLeader.Key).GetGrainId(), 1,
            new AcceptReply(AcceptStatus.Evaluated, null, Ballot.Zero));

        await Eventually.ReturnsAsync(
            () => Task.FromResult(_refused.Of(ClientFrameFilterHostingExtensions.RefusedTag)), n => n == before + 1, "the forged response refused");
    }

    [Fact]
    public async Task Customer_surface_serves_a_raw_client()
    {
        var customer = await Customer.RegisterAsync(_client.Grains, "raw");

        var deposit = await AccountWrites.Of(_client.Grains).Deposit(RequestId.New(), customer.FirstAccount, 12_34, customer.Session);
        var balance = await _client.Grains.GetGrain<IAccountQueryGrain>(customer.FirstAccount).Balance(deposit.Accounts[0].Version, customer.Session);

        Assert.True(deposit.Ok, deposit.Message);
        Assert.True(balance.Ok, balance.Message);
        Assert.Equal(12_34, balance.BalanceCents);
    }

    [Fact]
    public async Task Management_grain_lists_silos_to_a_client_and_refuses_the_rest()
    {
        var management = _client.Grains.GetGrain<IManagementGrain>(0);

        var hosts = await management.GetDetailedHosts(onlyActive: true);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => management.ForceActivationCollection(TimeSpan.Zero));

        Assert.Equal(BankClusterFixture.SiloNames.Count, hosts.Length);
    }
}
