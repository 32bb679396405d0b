using BankOrleans.Connections;
using Orleans.Configuration;

namespace BankOrleans.Bench.Targets;

/// <summary>
/// A started Orleans client with a static gateway list (<see cref="BankClientHost"/>, as the
/// console client connects), for the bank or for the baseline peer, with connects retried until
/// a deadline. Dispose it to close the connection.
/// </summary>
public sealed class OrleansClientConnection : IAsyncDisposable
{
    // A worker must see a stuck call as "outcome unknown" well before the run ends.
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);

    // Closing waits this long at most: the figures are already taken.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly BankClientHost _host;

    private OrleansClientConnection(BankClientHost host) => _host = host;

    /// <summary>The connected client.</summary>
    public IClusterClient Client => _host.Client;

    /// <summary>
    /// Connects to the bank's <paramref name="gateways"/> (IPv4 <c>host:port</c>) as every bank
    /// client does (<see cref="BankClientHost.StartBankAsync"/>: TLS, the gateways' certificate
    /// checked against the cluster CA in <paramref name="clusterCaFile"/>), retrying for up to
    /// <paramref name="deadline"/>; throws when no gateway answers in time.
    /// </summary>
    public static Task<OrleansClientConnection> ConnectBankAsync(
        IReadOnlyList<string> gateways, string clusterCaFile, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var endpoints = gateways.Select(GatewayEndpoint.Parse).ToArray();
        return ConnectAsync(
            (timeout, ct) => BankClientHost.StartBankAsync(endpoints, clusterCaFile, ResponseTimeout, configure: null, timeout, ct, ShutdownTimeout),
            deadline,
            cancellationToken);
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
            (timeout, ct) => BankClientHost.StartAsync(
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
                timeout,
                ct,
                ShutdownTimeout),
            deadline,
            cancellationToken);
    }

    private static async Task<OrleansClientConnection> ConnectAsync(
        Func<TimeSpan, CancellationToken, Task<BankClientHost>> start, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            try
            {
                // One attempt may use whatever is left of the deadline (at least a second).
                var left = until - DateTime.UtcNow;
                return new OrleansClientConnection(await start(left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false));
            }
            catch (BankClientStartException) when (DateTime.UtcNow < until && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
