using System.Net;
using BankOrleans.Contracts.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace BankOrleans.Chaos.Cluster;

/// <summary>
/// A real Orleans client of the chaos cluster through a static gateway list, set up as every bank
/// client is (<c>UseBankClient</c>: TLS, the gateways' certificate checked against the cluster CA),
/// with bounded connect retries and response timeout.
/// </summary>
internal sealed class ChaosClient : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _started;

    private ChaosClient(ServiceProvider provider, List<IHostedService> started)
    {
        _provider = provider;
        _started = started;
        Grains = provider.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Grains { get; }

    /// <summary>
    /// Connects to <paramref name="gateways"/>. With <paramref name="siloCredential"/> the client
    /// acts as a silo and may read the replicas directly (the checks compare them); without it,
    /// it reaches only the customer and operator surface, like any client.
    /// </summary>
    public static async Task<ChaosClient> ConnectAsync(IReadOnlyList<IPEndPoint> gateways, string clusterCaFile, TimeSpan responseTimeout, SiloCallCredential? siloCredential = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOrleansClient(client =>
        {
            client.UseBankClient(gateways, clusterCaFile, responseTimeout);
            if (siloCredential is not null)
            {
                client.AddOutgoingGrainCallFilter(new SiloCallStamp(siloCredential));
            }

            client.Configure<GatewayOptions>(gateway => gateway.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.UseConnectionRetryFilter(static async (_, ct) =>
            {
                await Task.Delay(500, ct).ConfigureAwait(false);
                return true;
            });
        });
        var provider = services.BuildServiceProvider();
        var started = new List<IHostedService>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(deadline.Token).ConfigureAwait(false);
            started.Add(hosted);
        }

        return new ChaosClient(provider, started);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            foreach (var hosted in Enumerable.Reverse(_started))
            {
                await hosted.StopAsync(timeout.Token).WaitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
            }

            await _provider.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: the cluster is being torn down anyway.
        }
    }
}
