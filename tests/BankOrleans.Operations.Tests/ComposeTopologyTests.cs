using System.Globalization;
using BankOrleans.Topology;

namespace BankOrleans.Operations.Tests;

/// <summary>docker-compose.yml runs exactly the silos silo-config defines, on their ports.</summary>
public sealed class ComposeTopologyTests
{
    [Fact]
    public void Compose_services_are_the_silos_of_silo_config_on_their_ports()
    {
        var topology = BankTopology.Local;
        var services = ComposeFile.Services(ComposeFile.Load());

        Assert.Equal(
            topology.Names.Append("postgres").Order(StringComparer.Ordinal),
            services.Keys.Order(StringComparer.Ordinal));
        foreach (var silo in topology.Silos)
        {
            var service = services[silo.Name];
            Assert.Equal(["--config", silo.ConfigFile], ComposeFile.List(service, "command"));
            var expected = new List<string> { Published(silo.GatewayPort) };
            if (silo.DashboardPort is { } dashboard)
            {
                expected.Add(Published(dashboard));
            }

            Assert.Equal(expected, ComposeFile.List(service, "ports"));
            Assert.Equal([$"{silo.Name}-data:/data"], ComposeFile.List(service, "volumes"));
            var healthcheck = (Dictionary<object, object?>)service["healthcheck"]!;
            Assert.Contains(silo.ConfigFile, ComposeFile.List(healthcheck, "test"));
        }
    }

    private static string Published(int port) => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{port}:{port}");
}
