using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace BankOrleans.Bench.Baseline;

/// <summary>Builds one baseline silo: localhost clustering, transactions, the chosen storage.</summary>
public static class BaselineSiloHosting
{
    /// <summary>
    /// Configures the host as baseline silo <see cref="BaselineSiloOptions.Index"/>. Membership is
    /// Orleans' development (localhost) clustering with silo 0 as primary: acceptable for a
    /// benchmark peer that is started and stopped as a whole, not for the bank.
    /// </summary>
    /// <returns>The same builder.</returns>
    public static HostApplicationBuilder UseBaselineSilo(this HostApplicationBuilder builder, BaselineSiloOptions options)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(
                options.SiloPort,
                options.GatewayPort,
                new IPEndPoint(IPAddress.Loopback, options.PrimaryPort),
                BaselineSiloOptions.ServiceId,
                BaselineSiloOptions.ClusterId);
            silo.Configure<EndpointOptions>(endpoints =>
            {
                endpoints.AdvertisedIPAddress = IPAddress.Loopback;
                endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, options.SiloPort);
                endpoints.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Loopback, options.GatewayPort);
            });
            silo.AddBaselineStorage(options);
            silo.UseTransactions();
        });
        return builder;
    }
}
