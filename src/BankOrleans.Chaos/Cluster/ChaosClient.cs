using System.Net;
using BankOrleans.Connections;
using BankOrleans.Contracts.Security;
using Orleans.Configuration;

namespace BankOrleans.Chaos.Cluster;

/// <summary>
/// A real Orleans client of the chaos cluster through a static gateway list, set up and started as
/// every bank client is (<see cref="BankClientHost"/>: TLS, the gateways' certificate checked
/// against the cluster CA), with bounded connect retries and response timeout.
/// </summary>
internal sealed class ChaosClient : IAsyncDisposable
{
    private readonly BankClientHost _host;

    private ChaosClient(BankClientHost host) => _host = host;

    public IClusterClient Grains => _host.Client;

    /// <summary>
    /// Connects to <paramref name="gateways"/>. With <paramref name="siloCredential"/> the client
    /// acts as a silo and may read the replicas directly (the checks compare them); without it,
    /// it reaches only the customer and operator surface, like any client.
    /// </summary>
    public static async Task<ChaosClient> ConnectAsync(IReadOnlyList<IPEndPoint> gateways, string clusterCaFile, TimeSpan responseTimeout, SiloCallCredential? siloCredential = null)
    {
        var host = await BankClientHost.StartBankAsync(
            gateways,
            clusterCaFile,
            responseTimeout,
            client =>
            {
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
            },
            startTimeout: TimeSpan.FromSeconds(30),
            CancellationToken.None).ConfigureAwait(false);
        return new ChaosClient(host);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
