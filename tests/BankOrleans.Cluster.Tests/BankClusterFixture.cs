using System.Globalization;
using BankOrleans.Contracts.Security;
using BankOrleans.Grains.Placement;
using BankOrleans.Protocol.Reading;
using BankOrleans.Silo.Hosting;
using BankOrleans.Topology;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;

namespace BankOrleans.Cluster.Tests;

/// <summary>
/// An in-process cluster with the production topology: master-1..3 and the reader, each with
/// its own SQLite grain-state file in a temporary folder that is deleted at dispose. Every
/// silo is configured with <see cref="BankSiloHostingExtensions.UseBankTopology"/>, the same
/// call the silo executable makes; only transport and membership come from the test host.
/// </summary>
public class BankClusterFixture : IAsyncLifetime
{
    /// <summary>Bank silo names by TestCluster instance number.</summary>
    public static readonly IReadOnlyList<string> SiloNames = BankTopology.Local.Names;

    /// <summary>The session key every test silo signs with (32 bytes, base64).</summary>
    public const string TestSessionKey = "dGVzdC1zZXNzaW9uLWtleS0wMTIzNDU2Nzg5YWJjZGVm";

    /// <summary>The credential the test silos stamp their calls with (derived from <see cref="TestSessionKey"/>).</summary>
    public static readonly SiloCallCredential SiloCredential = SiloCallCredential.FromSessionKey(Convert.FromBase64String(TestSessionKey));

    /// <summary>The operator credential of the test silos.</summary>
    public const string TestOperatorToken = "test-operator-token";

    private readonly List<InProcessSiloHandle> _restartedSilos = [];

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "bank-cluster-tests-" + Guid.NewGuid().ToString("N"));

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>
    /// While true, the reader silo refuses the one-way feed (<c>IReadReplicaGrain.Apply</c> and
    /// <c>ApplyMany</c>): every committed operation's feed message is lost, as on an overloaded
    /// or broken link. Only this fixture's cluster sees it.
    /// </summary>
    public bool LoseReaderFeed { get; set; }

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var builder = new InProcessTestClusterBuilder((short)SiloNames.Count);
        // Otherwise the test host ignores placement filters and treats every silo as compatible.
        builder.Options.AssumeHomogenousSilosForTesting = false;
        builder.ConfigureSiloHost((silo, host) =>
        {
            var instance = int.Parse(silo.SiloName["Silo_".Length..], CultureInfo.InvariantCulture);
            silo.SiloName = SiloNames[instance];
            var configuration = SiloConfiguration(silo.SiloName, silo.SiloPort, silo.GatewayPort);
            host.UseOrleans(siloBuilder => siloBuilder
                .UseBankTopology(configuration)
                .AddIncomingGrainCallFilter(new ReaderFeedLoss(() => LoseReaderFeed)));
        });
        // The tests inspect replicas directly, as a silo would: their client holds the cluster's credential.
        // A client without it reaches the client surface only (Security/ tests use one).
        builder.ConfigureClient(client => client.AddOutgoingGrainCallFilter(new SiloCallStamp(SiloCredential)));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await WhenReplicasServeAsync();
    }

    /// <summary>Accounts per inventory page in the test silos.</summary>
    public const int InventoryPageSize = 25;

    /// <summary>Time between scheduled anti-entropy passes; zero (no schedule) unless a derived fixture says otherwise.</summary>
    protected virtual string AntiEntropyPeriod => "00:00:00";

    /// <summary>Whether transfers may credit another customer's account (<c>Bank:Transfers:AllowOtherCustomers</c>); false unless a derived fixture says otherwise.</summary>
    protected virtual bool AllowOtherCustomers => false;

    /// <summary>The in-memory equivalent of <c>silo-config/&lt;name&gt;.json</c> for one test silo.</summary>
    public IConfiguration SiloConfiguration(string name, int siloPort, int gatewayPort)
    {
        var isReader = name == SiloRoles.Reader;
        var settings = new Dictionary<string, string?>
        {
            ["Silo:Name"] = name,
            ["Silo:Role"] = isReader ? SiloRoles.Reader : SiloRoles.Master,
            ["Silo:Index"] = isReader ? "0" : name["master-".Length..],
            ["Silo:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Silo:GatewayPort"] = (gatewayPort == 0 ? siloPort + 1 : gatewayPort).ToString(CultureInfo.InvariantCulture),
            ["Paths:DataDirectory"] = DataDirectory,
            // A fixed test key (never a production one), a cheap password hash and a short throttle.
            ["Bank:Security:SessionKey"] = TestSessionKey,
            ["Bank:Security:OperatorToken"] = TestOperatorToken,
            ["Bank:Security:PasswordIterations"] = "1000",
            ["Bank:Security:FailedLoginsBeforeThrottling"] = "3",
            ["Bank:Security:FirstLoginDelay"] = "00:01:00",
            // Recovery tests run anti-entropy passes on request, and a damaged master gives up
            // catching up quickly (it then serves, refusing votes only for the damaged account).
            ["Bank:Recovery:AntiEntropyPeriod"] = AntiEntropyPeriod,
            ["Bank:Recovery:MasterCatchUpDeadline"] = "00:00:05",
            // Small inventory pages, so that passes, catch-ups and verify page through the accounts here too.
            ["Bank:Recovery:InventoryPageSize"] = InventoryPageSize.ToString(CultureInfo.InvariantCulture),
            ["Bank:Recovery:VerifyPagesPerCall"] = "1",
            ["Bank:Transfers:AllowOtherCustomers"] = AllowOtherCustomers ? "true" : "false",
        };
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    /// <summary>Waits until every master replica and the reader report their start-up catch-up done.</summary>
    public async Task WhenReplicasServeAsync()
    {
        await Eventually.ReturnsAsync(
            async () =>
            {
                var masters = await Task.WhenAll(Enumerable.Range(1, 3).Select(n => Client.GetGrain<BankOrleans.Contracts.Replication.IReplicaGrain>(n).Inventory("", 1)));
                var reader = await Client.GetGrain<BankOrleans.Contracts.Reading.IReadReplicaGrain>(0).Inventory("", 1);
                return masters.All(m => m.Ready) && reader.Ready;
            },
            ready => ready,
            "every replica caught up after start");
        await WhenReaderFreshAsync();
    }

    /// <summary>
    /// Waits until the reader is within its staleness bound: it has heard, through its heartbeat,
    /// from every master its membership shows active. Until then it answers queries "unavailable"
    /// (clients then ask the masters), so a test that expects the reader to serve waits for this first.
    /// </summary>
    public async Task WhenReaderFreshAsync()
    {
        var services = Silo(SiloRoles.Reader).SiloHost.Services;
        var staleness = services.GetRequiredService<ReaderStaleness>();
        var membership = services.GetRequiredService<IClusterMembershipService>();
        await Eventually.ReturnsAsync(
            () => Task.FromResult(staleness.Refusal(ActiveMasterNames(membership)) ?? "fresh"),
            state => state == "fresh",
            "the reader within its staleness bound",
            TimeSpan.FromSeconds(60));

        // What the reader's session check passes (Grains' ActiveMasters, internal there): the
        // masters its membership view shows active.
        static string[] ActiveMasterNames(IClusterMembershipService membership) =>
            membership.CurrentSnapshot.Members.Values
                .Where(m => m.Status == SiloStatus.Active && m.Name.StartsWith("master-", StringComparison.Ordinal))
                .Select(m => m.Name)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
    }

    public InProcessSiloHandle Silo(string name) => Cluster.Silos.Concat(_restartedSilos).Last(s => s.Name == name);

    /// <summary>Kills <paramref name="name"/> abruptly (no graceful shutdown) and leaves it down.</summary>
    public async Task<short> KillSiloAsync(string name)
    {
        var handle = Silo(name);
        _restartedSilos.Remove(handle);
        await Cluster.KillSiloAsync(handle);
        await WhenClientPastDeadGatewaysAsync();
        return handle.InstanceNumber;
    }

    /// <summary>Starts a silo again as the same bank silo (same name, role and data files, new port).</summary>
    public async Task StartSiloAsync(short instanceNumber)
    {
        var handle = await Cluster.StartSiloAsync(instanceNumber, Cluster.Options);
        _restartedSilos.Add(handle);
        await WhenClientPastDeadGatewaysAsync();
    }

    /// <summary>
    /// Waits until the test client has stopped using the gateways of silos that died. A client
    /// learns that a gateway is gone when a call through it fails; without this, the next test's
    /// first call could be the one that finds the endpoint a killed silo left behind.
    /// </summary>
    public async Task WhenClientPastDeadGatewaysAsync()
    {
        var management = Client.GetGrain<IManagementGrain>(0);
        await Eventually.ReturnsAsync(
            async () =>
            {
                // More calls in a row than there are gateways, so each one the client may still pick has been tried.
                for (var call = 0; call < 2 * SiloNames.Count; call++)
                {
                    await management.GetHosts(onlyActive: true);
                }

                return true;
            },
            passed => passed,
            "calls from the test client pass through live gateways only");
    }

    /// <summary>Gracefully stops <paramref name="name"/> and starts it again.</summary>
    public async Task RestartSiloAsync(string name)
    {
        var handle = Silo(name);
        if (_restartedSilos.Remove(handle))
        {
            await handle.StopSiloAsync(stopGracefully: true);
            await handle.DisposeAsync();
            await StartSiloAsync(handle.InstanceNumber);
        }
        else
        {
            await Cluster.RestartSiloAsync(handle);
            await WhenClientPastDeadGatewaysAsync();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var handle in _restartedSilos)
        {
            await handle.StopSiloAsync(stopGracefully: false);
            await handle.DisposeAsync();
        }

        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a silo that is shutting down; the OS temp cleaner gets it.
        }
    }
}

/// <summary>Tests that only observe the shared cluster.</summary>
[CollectionDefinition(Name)]
public sealed class BankClusterCollection : ICollectionFixture<BankClusterFixture>
{
    public const string Name = "bank cluster";
}

/// <summary>Tests that stop, kill and restart silos get a cluster of their own.</summary>
[CollectionDefinition(Name)]
public sealed class BankClusterRestartCollection : ICollectionFixture<BankClusterFixture>
{
    public const string Name = "bank cluster restarts";
}

/// <summary>A cluster whose silos run anti-entropy passes every second on their own.</summary>
public sealed class ScheduledAntiEntropyClusterFixture : BankClusterFixture
{
    protected override string AntiEntropyPeriod => "00:00:01";
}

/// <summary>Tests of the silos' own anti-entropy schedule.</summary>
[CollectionDefinition(Name)]
public sealed class ScheduledAntiEntropyCollection : ICollectionFixture<ScheduledAntiEntropyClusterFixture>
{
    public const string Name = "bank cluster with scheduled anti-entropy";
}

/// <summary>A cluster whose transfers may credit any customer's account (<c>Bank:Transfers:AllowOtherCustomers</c>).</summary>
public sealed class OpenTransfersClusterFixture : BankClusterFixture
{
    protected override bool AllowOtherCustomers => true;
}

/// <summary>Tests of transfers between customers.</summary>
[CollectionDefinition(Name)]
public sealed class OpenTransfersCollection : ICollectionFixture<OpenTransfersClusterFixture>
{
    public const string Name = "bank cluster with transfers to other customers";
}
