using System.Net;
using BankOrleans.Silo.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;

namespace BankOrleans.Cluster.Tests.Membership;

/// <summary>
/// The project's SQLite clustering script driven by the real Orleans ADO.NET membership
/// provider, on a temporary file, as several silo processes would use it.
/// </summary>
public sealed class SqliteMembershipTableTests : IAsyncLifetime
{
    private const string ClusterId = "membership-test";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bank-membership-tests-" + Guid.NewGuid().ToString("N"));
    private string DatabasePath => Path.Combine(_directory, "membership.db");

    public Task InitializeAsync() => SqliteOrleansSchema.EnsureClusteringSchemaAsync(DatabasePath);

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Schema_script_applies_cleanly_when_four_silos_start_at_once()
    {
        var fresh = Path.Combine(_directory, "fresh.db");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => SqliteOrleansSchema.EnsureClusteringSchemaAsync(fresh))));

        await using var connection = new SqliteConnection(SqliteOrleansSchema.ConnectionString(fresh));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM OrleansQuery";
        Assert.Equal(9L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Two_silos_joining_concurrently_both_succeed_with_distinct_table_versions()
    {
        var silo1 = await CreateTableAsync();
        var silo2 = await CreateTableAsync();
        var initial = (await silo1.ReadAllAsync(CancellationToken.None)).Version.Version;

        var joins = await Task.WhenAll(
            Task.Run(() => JoinAsync(silo1, Entry(11111))),
            Task.Run(() => JoinAsync(silo2, Entry(11112))));

        var table = await silo1.ReadAllAsync(CancellationToken.None);
        Assert.Equal(initial + 2, table.Version.Version);
        Assert.Equal(2, table.Members.Count);
        Assert.Equal([initial + 1, initial + 2], joins.Order().ToArray());
    }

    [Fact]
    public async Task Insert_with_a_stale_table_version_returns_false_and_changes_nothing()
    {
        var table = await CreateTableAsync();
        var stale = (await table.ReadAllAsync(CancellationToken.None)).Version;
        Assert.True(await table.InsertRowAsync(Entry(11111), stale.Next(), CancellationToken.None));

        var inserted = await table.InsertRowAsync(Entry(11112), stale.Next(), CancellationToken.None);

        var after = await table.ReadAllAsync(CancellationToken.None);
        Assert.False(inserted);
        Assert.Equal(stale.Version + 1, after.Version.Version);
        Assert.Equal([11111], after.Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).ToArray());
    }

    [Fact]
    public async Task Update_with_a_stale_table_version_returns_false_and_changes_nothing()
    {
        var table = await CreateTableAsync();
        var entry = Entry(11111);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));
        var current = await table.ReadAllAsync(CancellationToken.None);
        var stale = current.Version;
        entry.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRowAsync(entry, current.Members[0].Item2, stale.Next(), CancellationToken.None));

        entry.Status = SiloStatus.Dead;
        var updated = await table.UpdateRowAsync(entry, current.Members[0].Item2, stale.Next(), CancellationToken.None);

        var after = await table.ReadAllAsync(CancellationToken.None);
        Assert.False(updated);
        Assert.Equal(stale.Version + 1, after.Version.Version);
        Assert.Equal(SiloStatus.Active, after.Members.Single().Item1.Status);
    }

    [Fact]
    public async Task Update_of_a_silo_that_is_not_in_the_table_returns_false_and_keeps_the_version()
    {
        var table = await CreateTableAsync();
        var version = (await table.ReadAllAsync(CancellationToken.None)).Version;

        var updated = await table.UpdateRowAsync(Entry(11119), string.Empty, version.Next(), CancellationToken.None);

        Assert.False(updated);
        Assert.Equal(version.Version, (await table.ReadAllAsync(CancellationToken.None)).Version.Version);
    }

    /// <summary>What a joining silo's membership manager does: read, insert at version + 1, retry on conflict.</summary>
    private static async Task<int> JoinAsync(IMembershipTable table, MembershipEntry entry)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var version = (await table.ReadAllAsync(CancellationToken.None)).Version.Next();
            if (await table.InsertRowAsync(entry, version, CancellationToken.None))
            {
                return version.Version;
            }
        }

        throw new InvalidOperationException("join did not succeed in 50 attempts");
    }

    private async Task<IMembershipTable> CreateTableAsync()
    {
        var table = new Orleans.Runtime.MembershipService.AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = ClusterId, ServiceId = "membership-test" }),
            Options.Create(new AdoNetClusteringSiloOptions
            {
                Invariant = SqliteOrleansSchema.Invariant,
                DataSource = SqliteOrleansSchema.DataSource(DatabasePath),
            }),
            NullLogger<Orleans.Runtime.MembershipService.AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, CancellationToken.None);
        return table;
    }

    private static MembershipEntry Entry(int port)
    {
        var now = DateTime.UtcNow;
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1),
            SiloName = $"silo-{port}",
            HostName = "localhost",
            Status = SiloStatus.Joining,
            ProxyPort = port + 1000,
            StartTime = now,
            IAmAliveTime = now,
        };
    }
}
