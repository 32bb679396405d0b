using BankOrleans.Grains.Hosting;
using BankOrleans.Grains.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BankOrleans.Cluster.Tests.Messaging;

/// <summary><c>Bank:Batching:Enabled</c> picks the silo's transport once, at start-up.</summary>
[Collection(BankClusterCollection.Name)]
public sealed class ProtocolTransportTests(BankClusterFixture fixture)
{
    [Fact]
    public void Every_silo_sends_protocol_requests_in_batches_by_default()
    {
        foreach (var name in BankClusterFixture.SiloNames)
        {
            Assert.IsType<ProtocolBatcher>(fixture.Silo(name).SiloHost.Services.GetRequiredService<IProtocolTransport>());
        }
    }

    [Fact]
    public void With_batching_off_a_silo_sends_one_call_per_request()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Bank:Batching:Enabled"] = "false" })
            .Build();
        var builder = new ServicesOnlySiloBuilder(new ServiceCollection(), configuration);
        builder.Services.AddSingleton<IGrainFactory>(fixture.Client);
        builder.AddBankGrains(configuration, _ => Path.Combine(fixture.DataDirectory, "unused.db"), isMaster: true);

        using var services = builder.Services.BuildServiceProvider();

        Assert.IsType<DirectProtocolTransport>(services.GetRequiredService<IProtocolTransport>());
    }

    private sealed class ServicesOnlySiloBuilder(IServiceCollection services, IConfiguration configuration) : ISiloBuilder
    {
        public IServiceCollection Services { get; } = services;

        public IConfiguration Configuration { get; } = configuration;
    }
}
