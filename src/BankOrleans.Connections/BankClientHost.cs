using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Hosting;

namespace BankOrleans.Connections;

/// <summary>
/// A started Orleans client: the one client set-up and lifecycle of the console client, the bench
/// and the chaos tool. <see cref="StartBankAsync"/> configures it with <c>UseBankClient</c>
/// (gateways, the topology's cluster and service ids, TLS checked by <see cref="ClusterTrust"/>,
/// response timeout), adds the caller's own settings, starts it within a bounded time, and cleans
/// up after a failed start. Dispose it to close the connection (bounded too).
/// </summary>
public sealed class BankClientHost : IAsyncDisposable
{
    private static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(3);

    private readonly ServiceProvider _provider;
    private readonly IReadOnlyList<IHostedService> _started;
    private readonly TimeSpan _shutdownTimeout;

    private BankClientHost(ServiceProvider provider, IReadOnlyList<IHostedService> started, TimeSpan shutdownTimeout)
    {
        _provider = provider;
        _started = started;
        _shutdownTimeout = shutdownTimeout;
        Client = provider.GetRequiredService<IClusterClient>();
    }

    /// <summary>The connected client; use it to get grain references.</summary>
    public IClusterClient Client { get; }

    /// <summary>The client's services.</summary>
    public IServiceProvider Services => _provider;

    /// <summary>
    /// Starts a client of the bank cluster (<c>UseBankClient</c>), then <paramref name="configure"/>
    /// for the caller's own settings (retry filter, call filters, preferred gateway, …).
    /// </summary>
    /// <param name="gateways">The static gateway list.</param>
    /// <param name="clusterCaFile">The cluster CA the gateways' certificates must chain to.</param>
    /// <param name="responseTimeout">The client's call timeout.</param>
    /// <param name="configure">The caller's settings, applied after the bank's; may be null.</param>
    /// <param name="startTimeout">How long the start may take.</param>
    /// <param name="cancellationToken">Cancels the start; then the cancellation itself is thrown.</param>
    /// <param name="shutdownTimeout">Bounds each step of <see cref="DisposeAsync"/>; default 3 s.</param>
    /// <exception cref="ClusterTrustException">The CA file is missing or unusable (before anything starts).</exception>
    /// <exception cref="BankClientStartException">No gateway took the connection in time, or one was refused.</exception>
    public static Task<BankClientHost> StartBankAsync(
        IReadOnlyList<IPEndPoint> gateways,
        string clusterCaFile,
        TimeSpan responseTimeout,
        Action<IClientBuilder>? configure,
        TimeSpan startTimeout,
        CancellationToken cancellationToken,
        TimeSpan? shutdownTimeout = null) =>
        StartAsync(
            client =>
            {
                client.UseBankClient(gateways, clusterCaFile, responseTimeout);
                configure?.Invoke(client);
            },
            startTimeout,
            cancellationToken,
            shutdownTimeout);

    /// <summary>
    /// Starts an Orleans client set up by <paramref name="configure"/> alone: for a cluster that is
    /// not the bank (the bench's baseline peer). Bank clients use <see cref="StartBankAsync"/>.
    /// </summary>
    /// <exception cref="BankClientStartException">The client did not start in time.</exception>
    public static async Task<BankClientHost> StartAsync(
        Action<IClientBuilder> configure,
        TimeSpan startTimeout,
        CancellationToken cancellationToken,
        TimeSpan? shutdownTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var shutdown = shutdownTimeout ?? DefaultShutdownTimeout;
        var services = new ServiceCollection();
        // No logging providers: a client's output is its own (answers, reports), not Orleans' logs.
        services.AddLogging();
        services.AddOrleansClient(configure);
        var provider = services.BuildServiceProvider();
        var started = new List<IHostedService>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(startTimeout);
        try
        {
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
                started.Add(hosted);
            }

            return new BankClientHost(provider, started, shutdown);
        }
        catch (Exception exception)
        {
            var rejected = provider.GetService<ClusterTrust>()?.LastRejected;
            await ShutdownAsync(provider, started, shutdown).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new BankClientStartException(rejected, exception);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(ShutdownAsync(_provider, _started, _shutdownTimeout));

    private static async Task ShutdownAsync(ServiceProvider provider, IReadOnlyList<IHostedService> started, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            foreach (var hosted in started.Reverse())
            {
                await hosted.StopAsync(cancel.Token).WaitAsync(timeout).ConfigureAwait(false);
            }

            await provider.DisposeAsync().AsTask().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Best effort: a slow or broken shutdown of a connection must not change what the
            // program reports (a command's answer, a run's figures, a campaign's verdict).
        }
    }
}
