using System.Net;
using BankOrleans.Connections;
using BankOrleans.Topology;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Orleans.Hosting;

/// <summary>The one Orleans client set-up of the bank's client programs (console client, bench, chaos tool), which <see cref="BankClientHost"/> applies.</summary>
public static class BankClientHostingExtensions
{
    /// <summary>
    /// Configures a client of the bank cluster: the static <paramref name="gateways"/>, the bank's
    /// cluster and service ids (<see cref="BankTopology"/>, from silo-config), <paramref name="responseTimeout"/>, and TLS on every gateway
    /// connection with the gateway's certificate checked against the cluster CA in
    /// <paramref name="clusterCaFile"/> (<see cref="ClusterTrust"/>). The client presents no
    /// certificate of its own. There is no clear-text fallback: a gateway that does not complete
    /// the handshake with a certificate from that CA is not connected to.
    /// </summary>
    /// <returns>The same builder.</returns>
    /// <exception cref="ClusterTrustException">The CA file is missing or unusable; the message names it.</exception>
    public static IClientBuilder UseBankClient(
        this IClientBuilder builder, IReadOnlyList<IPEndPoint> gateways, string clusterCaFile, TimeSpan responseTimeout)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(gateways);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterCaFile);

        var trust = ClusterTrust.Load(clusterCaFile);
        builder.Services.AddSingleton(_ => trust); // created by a factory, so disposed with the client

        builder.UseStaticClustering([.. gateways]);
        builder.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = BankTopology.Local.ClusterId;
            cluster.ServiceId = BankTopology.Local.ServiceId;
        });
        builder.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = responseTimeout);
        builder.UseTls(tls =>
        {
            // Clients are customers' programs: they hold no cluster certificate.
            tls.ClientCertificateMode = RemoteCertificateMode.NoCertificate;
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = trust.ValidateServer;
        });
        return builder;
    }
}
