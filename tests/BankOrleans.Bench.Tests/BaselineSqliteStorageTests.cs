using BankOrleans.Bench.Baseline;
using Orleans.TestingHost;

namespace BankOrleans.Bench.Tests;

/// <summary>
/// The durable Orleans Transactions peer's storage: ADO.NET grain storage on a SQLite file through
/// the busy-waiting, pooled data source the bench gives it. Unlike the bench, which gives each silo
/// its own file, both silos of the test cluster share one: a second cluster then reads every
/// account back wherever it places it, and the two silos' writes also wait for each other's lock.
/// </summary>
[Collection(BaselinePeerCollection.Name)]
public sealed class BaselineSqliteStorageTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bank-baseline-sqlite-" + Guid.NewGuid().ToString("N"));
    private BaselineSiloOptions _options = null!;

    public async Task InitializeAsync()
    {
        // Ports are the test cluster's own; only the storage settings are used.
        _options = new BaselineSiloOptions(0, 1, 1, 1, BaselineStorageKind.Sqlite, _directory);
        await BaselineStorage.EnsureSchemaAsync(_options.StorageFile, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        // The data source pools its connections; they must let go of the file before it is deleted.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_committed_transfer_is_read_back_from_the_file_by_a_new_cluster()
    {
        var from = "from-" + Guid.NewGuid().ToString("N");
        var to = "to-" + Guid.NewGuid().ToString("N");
        await using (var first = await StartAsync())
        {
            await first.Client.GetGrain<IBaselineAccountGrain>(from).Deposit(1_000);
            await first.Client.GetGrain<IBaselineAccountGrain>(to).Deposit(50);
            await first.Client.GetGrain<IBaselineTransferGrain>(0).Transfer(from, to, 300);
        }

        await using var second = await StartAsync();

        Assert.Equal(700, await second.Client.GetGrain<IBaselineAccountGrain>(from).GetBalance());
        Assert.Equal(350, await second.Client.GetGrain<IBaselineAccountGrain>(to).GetBalance());
    }

    [Fact]
    public async Task Transfers_running_at_once_are_all_on_the_file()
    {
        var pairs = Enumerable.Range(0, 4).Select(i => ($"from-{i}-{Guid.NewGuid():N}", $"to-{i}-{Guid.NewGuid():N}")).ToArray();
        await using (var first = await StartAsync())
        {
            foreach (var account in pairs.SelectMany(p => new[] { p.Item1, p.Item2 }))
            {
                await first.Client.GetGrain<IBaselineAccountGrain>(account).Deposit(10_000);
            }

            // Each round moves money in every pair at once, through four transfer grains: the
            // accounts' state writes meet at the file's write lock, the pairs never at one account.
            for (var round = 0; round < 5; round++)
            {
                await Task.WhenAll(pairs.Select((p, i) => first.Client.GetGrain<IBaselineTransferGrain>(i).Transfer(p.Item1, p.Item2, 100 * (i + 1))));
            }
        }

        await using var second = await StartAsync();
        for (var i = 0; i < pairs.Length; i++)
        {
            Assert.Equal(10_000 - 500 * (i + 1), await second.Client.GetGrain<IBaselineAccountGrain>(pairs[i].Item1).GetBalance());
            Assert.Equal(10_000 + 500 * (i + 1), await second.Client.GetGrain<IBaselineAccountGrain>(pairs[i].Item2).GetBalance());
        }
    }

    private async Task<InProcessTestCluster> StartAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        // Grain storage keys each state by service id, which a test cluster draws at random.
        builder.Options.ServiceId = "baseline-sqlite-" + Path.GetFileName(_directory);
        builder.ConfigureSilo((_, silo) => silo.AddBaselineStorage(_options).UseTransactions());
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}
