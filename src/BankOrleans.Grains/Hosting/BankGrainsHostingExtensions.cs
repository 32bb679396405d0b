using BankOrleans.Grains.Replication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BankOrleans.Grains.Hosting;

/// <summary>Registers what the bank's grains need in a silo.</summary>
public static class BankGrainsHostingExtensions
{
    /// <summary>
    /// Adds the write path's services: protocol timing and transfer policy bound from
    /// <paramref name="configuration"/>, the system clock, and this silo's replica file at
    /// <paramref name="replicaFile"/> (opened on first use).
    /// </summary>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddBankGrains(this ISiloBuilder builder, IConfiguration configuration, Func<IServiceProvider, string> replicaFile)
    {
        builder.Services.AddOptions<ProtocolTimingOptions>().Bind(configuration.GetSection(ProtocolTimingOptions.SectionName));
        builder.Services.AddOptions<TransferOptions>().Bind(configuration.GetSection(TransferOptions.SectionName));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new ReplicaStoreHolder(replicaFile(sp)));
        return builder;
    }
}
