using System.Net;
using System.Net.Sockets;
using BankOrleans.Client.Cli;
using BankOrleans.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    private readonly ServiceProvider _services;
    private readonly IReadOnlyList<IHostedService> _started;

    private ClusterConnection(ServiceProvider services, IReadOnlyList<IHostedService> started, IClusterClient client)
    {
        _services = services;
        _started = started;
        Client = client;
    }

    /// <summary>The connected client; use it to get grain references.</summary>
    public IClusterClient Client { get; }

    /// <summary>
    /// Connects to the cluster over TLS, the gateways' certificate checked against the cluster CA
    /// (<see cref="ClusterCaFile.Resolve"/>), retrying a bounded number of times within
    /// <see cref="BankClientOptions.ConnectDeadline"/>.
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

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectDeadline);

        var endpoints = await ResolveAsync(gateways, deadline.Token).ConfigureAwait(false);
        if (endpoints.Length == 0)
        {
            throw new ClientErrorException(ClientError.Unavailable(
                $"cannot resolve any bank gateway among {string.Join(", ", gateways)}"));
        }

        var caFile = ClusterCaFile.Resolve(options.GetEnvironmentVariable);
        var services = new ServiceCollection();
        // No logging providers: the console belongs to the command's answer, not to Orleans' logs.
        services.AddLogging();
        try
        {
            services.AddOrleansClient(client =>
            {
                client.UseBankClient(endpoints, caFile, options.ResponseTimeout);
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
            });
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

        var provider = services.BuildServiceProvider();
        var started = new List<IHostedService>();
        try
        {
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(deadline.Token)
                    .WaitAsync(options.ConnectDeadline, deadline.Token)
                    .ConfigureAwait(false);
                started.Add(hosted);
            }

            return new ClusterConnection(provider, started, provider.GetRequiredService<IClusterClient>());
        }
        catch (Exception exception) when (exception is not ClientErrorException
            && !cancellationToken.IsCancellationRequested)
        {
            var rejected = provider.GetRequiredService<ClusterTrust>().LastRejected;
            await ShutdownAsync(provider, started).ConfigureAwait(false);
            // A gateway with a foreign certificate will not get a trusted one by trying again.
            throw new ClientErrorException(rejected is null ? Unreachable(gateways) : ClientError.Unavailable(
                $"cannot reach the bank cluster at {string.Join(", ", gateways)}: refused a gateway whose certificate ({rejected}) is not from the cluster CA in {caFile} ({ClusterCaFile.EnvironmentVariable})"), exception)
            {
                Final = rejected is not null,
            };
        }
        catch
        {
            await ShutdownAsync(provider, started).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The error reported when no gateway answers.</summary>
    public static ClientError Unreachable(IReadOnlyList<GatewayAddress> gateways) =>
        ClientError.Unavailable(
            $"cannot reach the bank cluster at {string.Join(", ", gateways)} (is it running? try ./bank up)");

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await ShutdownAsync(_services, _started).ConfigureAwait(false);

    private static async Task ShutdownAsync(ServiceProvider provider, IReadOnlyList<IHostedService> started)
    {
        using var timeout = new CancellationTokenSource(ShutdownTimeout);
        try
        {
            foreach (var hosted in started.Reverse())
            {
                await hosted.StopAsync(timeout.Token).WaitAsync(ShutdownTimeout).ConfigureAwait(false);
            }

            await provider.DisposeAsync().AsTask().WaitAsync(ShutdownTimeout).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: the process is about to answer and exit; a slow or broken shutdown
            // of the connection must not change the answer.
        }
    }

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
