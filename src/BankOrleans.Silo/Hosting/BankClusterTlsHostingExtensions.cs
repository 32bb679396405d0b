using BankOrleans.Silo.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace BankOrleans.Silo.Hosting;

/// <summary>TLS on every connection of a bank silo, with the cluster certificate (<c>Bank:Tls</c>).</summary>
public static class BankClusterTlsHostingExtensions
{
    /// <summary>
    /// Puts TLS on the silo's three kinds of connection, all with the cluster certificate of
    /// <see cref="ClusterCertificateOptions"/>:
    /// <list type="bullet">
    /// <item>silo port, inbound: mutual TLS; the caller must present a certificate issued by the
    /// cluster CA, so a process without one can neither join nor send as a silo;</item>
    /// <item>silo connections, outbound: the same certificate is presented, and the called silo's
    /// certificate must be issued by the cluster CA;</item>
    /// <item>gateway port: the silo presents its certificate (clients check it against the cluster
    /// CA); clients present none, as they are customers' programs.</item>
    /// </list>
    /// A missing or wrong certificate setting stops the silo at start with an
    /// <see cref="OptionsValidationException"/> that names the setting. There is no clear-text
    /// port.
    /// </summary>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder UseBankClusterTls(this ISiloBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = builder.Services;
        services.AddOptions<ClusterCertificateOptions>().Bind(configuration.GetSection(ClusterCertificateOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterCertificateOptions>, ClusterCertificateOptionsValidator>();
        // Resolving the options validates them, so a bad setting fails here with the same message.
        services.AddSingleton(sp => ClusterCredentials.Load(sp.GetRequiredService<IOptions<ClusterCertificateOptions>>().Value));

        services.AddOptions<SiloConnectionOptions>().Configure<ClusterCredentials>((connections, credentials) =>
        {
            var siloInbound = new TlsOptions
            {
                LocalCertificate = credentials.Certificate,
                RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
                RemoteCertificateValidation = credentials.Trust.ValidateClient,
            };
            var siloOutbound = new TlsOptions
            {
                LocalCertificate = credentials.Certificate,
                ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
                RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
                RemoteCertificateValidation = credentials.Trust.ValidateServer,
            };
            var gateway = new TlsOptions
            {
                LocalCertificate = credentials.Certificate,
                RemoteCertificateMode = RemoteCertificateMode.NoCertificate,
            };
            connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(siloInbound));
            connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(siloOutbound));
            connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(gateway));
        });
        return builder;
    }
}
