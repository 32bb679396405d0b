using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace BankOrleans.Bench.Targets;

/// <summary>
/// A started Orleans client with a static gateway list (as the console client connects), for
/// the bank or for the baseline peer. Dispose it to close the connection.
/// </summary>
public sealed class OrleansClientConnection : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly IHostedService[] _hosted;

    private OrleansClientConnection(ServiceProvider services, IHostedService[] hosted)
    {
        _services = services;
        _hosted = hosted;
        Client = services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The connected client.</summary>
    public IClusterClient Client { get; }

    // A worker must see a stuck call as "outcome unknown" well before the run ends.
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Connects to the bank's <paramref name="gateways"/> (IPv4 <c>host:port</c>) as every bank
    /// client does (<c>UseBankClient</c>: TLS, the gateways' certificate checked against the
    /// cluster CA in <paramref name="clusterCaFile"/>), retrying for up to <paramref name="deadline"/>;
    /// throws when no gateway answers in time.
    /// </summary>
    public static Task<OrleansClientConnection> ConnectBankAsync(
        IReadOnlyList<string> gateways, string clusterCaFile, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var endpoints = gateways.Select(GatewayEndpoint.Parse).ToArray();
        return ConnectAsync(client => client.UseBankClient(endpoints, clusterCaFile, ResponseTimeout), deadline, cancellationToken);
    }

    /// <summary>
    /// Connects to <paramref name="gateways"/> (IPv4 <c>host:port</c>) of the cluster
    /// <paramref name="clusterId"/>/<paramref name="serviceId"/> without TLS (the baseline peer's
    /// silos have none), retrying for up to <paramref name="deadline"/>; throws when no gateway
    /// answers in time.
    /// </summary>
    public static Task<OrleansClientConnection> ConnectAsync(
        IReadOnlyList<string> gateways, string clusterId, string serviceId, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var endpoints = gateways.Select(GatewayEndpoint.Parse).ToArray();
        return ConnectAsync(
            client =>
            {
                client.UseStaticClustering(endpoints);
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = serviceId;
                });
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
            },
            deadline,
            cancellationToken);
    }

    private static async Task<OrleansClientConnection> ConnectAsync(Action<IClientBuilder> configure, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddOrleansClient(configure);
            var provider = services.BuildServiceProvider();
            var hosted = provider.GetServices<IHostedService>().ToArray();
            try
            {
                foreach (var service in hosted)
                {
                    await service.StartAsync(cancellationToken).ConfigureAwait(false);
                }

                return new OrleansClientConnection(provider, hosted);
            }
            catch (Exception) when (DateTime.UtcNow < until && !cancellationToken.IsCancellationRequested)
            {
                await provider.DisposeAsync().ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            foreach (var service in _hosted.Reverse())
            {
                await service.StopAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // Best effort: the figures are already taken.
        }

        await _services.DisposeAsync().ConfigureAwait(false);
    }
}
