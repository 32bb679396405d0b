using BankOrleans.Bench.Baseline;
using BankOrleans.Bench.Targets;
using BankOrleans.Bench.Workload;
using Orleans.TestingHost;
using Orleans.Transactions;

namespace BankOrleans.Bench.Tests;

/// <summary>
/// The benchmark's Orleans Transactions peer, in a two-silo test cluster with in-memory state: a
/// transfer moves both legs or neither, and a refused one reaches the caller as the exception the
/// bench counts as "rejected" (<see cref="CallFailure"/>).
/// </summary>
[Collection(BaselinePeerCollection.Name)]
public sealed class BaselineTransferTests : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorage(BaselineStorage.Name).UseTransactions());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Transfer_moves_the_amount_from_one_account_to_the_other()
    {
        var (from, to) = await FundedPairAsync(fromCents: 1_000, toCents: 50);

        await _cluster.Client.GetGrain<IBaselineTransferGrain>(0).Transfer(from, to, 300);

        Assert.Equal(700, await BalanceAsync(from));
        Assert.Equal(350, await BalanceAsync(to));
    }

    [Fact]
    public async Task Transfer_beyond_the_balance_aborts_with_insufficient_funds_and_moves_nothing()
    {
        var (from, to) = await FundedPairAsync(fromCents: 100, toCents: 50);

        var aborted = await Assert.ThrowsAsync<OrleansTransactionAbortedException>(() =>
            _cluster.Client.GetGrain<IBaselineTransferGrain>(1).Transfer(from, to, 101));

        var refusal = Assert.IsType<InsufficientFundsException>(aborted.InnerException);
        Assert.Equal(from, refusal.Account);
        Assert.Equal(OperationOutcome.Rejected, CallFailure.Classify(aborted).Outcome);
        Assert.Equal(100, await BalanceAsync(from));
        Assert.Equal(50, await BalanceAsync(to));
    }

    private async Task<(string From, string To)> FundedPairAsync(long fromCents, long toCents)
    {
        var from = "from-" + Guid.NewGuid().ToString("N");
        var to = "to-" + Guid.NewGuid().ToString("N");
        await _cluster.Client.GetGrain<IBaselineAccountGrain>(from).Deposit(fromCents);
        await _cluster.Client.GetGrain<IBaselineAccountGrain>(to).Deposit(toCents);
        return (from, to);
    }

    private Task<long> BalanceAsync(string account) => _cluster.Client.GetGrain<IBaselineAccountGrain>(account).GetBalance();
}
