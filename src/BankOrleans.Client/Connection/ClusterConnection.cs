using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BankOrleans.Client.Cli;
using BankOrleans.Connections;
using Orleans.Configuration;

namespace BankOrleans.Client.Connection;

/// <summary>
/// A started Orleans client connected to the bank cluster through the given gateways. The
/// gateway list plays the role of the original design's round-robin load balancer: the
/// client spreads calls over the gateways it reaches and fails over when one dies.
/// Dispose it to close the connection.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    // Bounds the clean-up so that a broken connection never holds the console hostage.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);

    private readonly BankClientHost _host;

    private ClusterConnection(BankClientHost host) => _host = host;

    /// <summary>The connected client; use it to get grain references.</summary>
    public IClusterClient Client => _host.Client;

    /// <summary>
    /// Connects to the cluster over TLS, the gateways' certificate checked against the cluster CA
    /// (<see cref="ClusterCaFile.Resolve"/>), retrying a bounded number of times within
    /// <see cref="BankClientOptions.ConnectDeadline"/>; the bank's client set-up and start are
    /// <see cref="BankClientHost"/>'s.
    /// </summary>
    /// <exception cref="ClientErrorException">
    /// With code <c>unavailable</c> when no gateway could be reached in time, when the CA
    /// certificate cannot be read, or when a gateway's certificate is not from the cluster CA.
    /// </exception>
    /// <param name="gateways">The gateways to use.</param>
    /// <param name="options">Deadlines and timeouts.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <param name="startAtFirst">
    /// Whether the first gateway in the list is the first one asked (a failover try puts another
    /// gateway first); otherwise Orleans starts at a random one, which spreads clients over them.
    /// </param>
    public static async Task<ClusterConnection> ConnectAsync(
        IReadOnlyList<GatewayAddress> gateways,
        BankClientOptions options,
        CancellationToken cancellationToken,
        bool startAtFirst = false)
    {
        ArgumentNullException.ThrowIfNull(gateways);
        ArgumentNullException.ThrowIfNull(options);

        var began = Stopwatch.GetTimestamp();
        IPEndPoint[] endpoints;
        using (var resolving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            resolving.CancelAfter(options.ConnectDeadline);
            endpoints = await ResolveAsync(gateways, resolving.Token).ConfigureAwait(false);
        }

        if (endpoints.Length == 0)
        {
            throw new ClientErrorException(ClientError.Unavailable(
                $"cannot resolve any bank gateway among {string.Join(", ", gateways)}"));
        }

        var caFile = ClusterCaFile.Resolve(options.GetEnvironmentVariable);
        var left = options.ConnectDeadline - Stopwatch.GetElapsedTime(began);
        try
        {
            var host = await BankClientHost.StartBankAsync(
                endpoints,
                caFile,
                options.ResponseTimeout,
                client =>
                {
                    client.Configure<ConnectionOptions>(connection => connection.OpenConnectionTimeout = options.OpenConnectionTimeout);
                    // After a failed manifest fetch Orleans waits min(this, 5 s) before asking another
                    // gateway; the client lives for one command, so a short refresh period costs nothing.
                    client.Configure<TypeManagementOptions>(types => types.TypeMapRefreshInterval = options.ManifestRetryInterval);
                    if (startAtFirst)
                    {
                        // Orleans advances its round-robin counter before each pick: the last index makes the first pick index 0.
                        client.Configure<GatewayOptions>(gateway => gateway.PreferredGatewayIndex = endpoints.Length - 1);
                    }

                    // Carries the caller's trace context into the silos (free while nothing listens).
                    client.AddActivityPropagation();
                    client.UseConnectionRetryFilter(new BoundedConnectionRetry(options.MaxConnectAttempts));
                },
                left > TimeSpan.Zero ? left : TimeSpan.Zero,
                cancellationToken,
                ShutdownTimeout).ConfigureAwait(false);
            return new ClusterConnection(host);
        }
        catch (ClusterTrustException exception)
        {
            throw new ClientErrorException(ClientError.Unavailable(
                $"cannot reach the bank cluster at {string.Join(", ", gateways)}: no cluster CA certificate to check the gateways' certificates " +
                $"({exception.Message}; set {ClusterCaFile.EnvironmentVariable}, or ./bank up writes $BANK_DATA_DIR/secrets/{ClusterCertificateFiles.CaCertificate})"), exception)
            {
                Final = true,
            };
        }
        catch (BankClientStartException exception)
        {
            var rejected = exception.RejectedCertificate;
            // A gateway with a foreign certificate will not get a trusted one by trying again.
            throw new ClientErrorException(rejected is null ? Unreachable(gateways) : ClientError.Unavailable(
                $"cannot reach the bank cluster at {string.Join(", ", gateways)}: refused a gateway whose certificate ({rejected}) is not from the cluster CA in {caFile} ({ClusterCaFile.EnvironmentVariable})"), exception.InnerException)
            {
                Final = rejected is not null,
            };
        }
    }

    /// <summary>The error reported when no gateway answers.</summary>
    public static ClientError Unreachable(IReadOnlyList<GatewayAddress> gateways) =>
        ClientError.Unavailable(
            $"cannot reach the bank cluster at {string.Join(", ", gateways)} (is it running? try ./bank up)");

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static async Task<IPEndPoint[]> ResolveAsync(
        IReadOnlyList<GatewayAddress> gateways,
        CancellationToken cancellationToken)
    {
        var endpoints = new List<IPEndPoint>(gateways.Count);
        foreach (var gateway in gateways)
        {
            if (IPAddress.TryParse(gateway.Host, out var literal))
            {
                endpoints.Add(new IPEndPoint(literal, gateway.Port));
                continue;
            }

            try
            {
                var addresses = await Dns.GetHostAddressesAsync(gateway.Host, cancellationToken).ConfigureAwait(false);
                var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                    ?? addresses.FirstOrDefault();
                if (chosen is not null)
                {
                    endpoints.Add(new IPEndPoint(chosen, gateway.Port));
                }
            }
            catch (SocketException)
            {
                // An unresolvable gateway is skipped; the others may still serve.
            }
        }

        return [.. endpoints.Distinct()];
    }

    /// <summary>Retries a failed connection attempt a bounded number of times, with growing pauses.</summary>
    private sealed class BoundedConnectionRetry(int maxAttempts) : IClientConnectionRetryFilter
    {
        private int _attempts;

        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            var attempt = Interlocked.Increment(ref _attempts);
            if (attempt >= maxAttempts || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            // 250 ms, 500 ms, 1 s, …: a cluster that is just starting gets a moment to open its gateways.
            var pause = TimeSpan.FromMilliseconds(250 * Math.Pow(2, attempt - 1));
            try
            {
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            return true;
        }
    }
}
