using BankOrleans.Topology;

namespace BankOrleans.ClusterControl;

/// <summary>One silo of the local cluster, its ports shifted by <c>BANK_PORT_OFFSET</c>.</summary>
/// <param name="Name">The silo's name (<c>master-N</c> or <c>reader</c>).</param>
/// <param name="Role">One of <see cref="SiloRoles"/>.</param>
/// <param name="SiloPort">The silo-to-silo port.</param>
/// <param name="GatewayPort">The client gateway port.</param>
/// <param name="HealthPort">The port of <c>/health/live</c> and <c>/health/ready</c>.</param>
/// <param name="DashboardPort">The dashboard's port on the one silo that serves it, else null.</param>
public sealed record LocalSilo(string Name, string Role, int SiloPort, int GatewayPort, int HealthPort, int? DashboardPort)
{
    /// <summary>The silo-config file the silo is started with, relative to the repository root; its command line names it.</summary>
    public string ConfigFile => $"silo-config/{Name}.json";

    /// <summary>The silo's place in the topology with every port shifted by <paramref name="portOffset"/>.</summary>
    public static LocalSilo From(SiloPlace place, int portOffset)
    {
        ArgumentNullException.ThrowIfNull(place);
        return new(place.Name, place.Role, place.SiloPort + portOffset, place.GatewayPort + portOffset, place.HealthPort + portOffset,
            place.DashboardPort + portOffset);
    }

    /// <summary>Every port the silo listens on, in the order <c>./bank</c> checks them.</summary>
    public IEnumerable<int> Ports()
    {
        yield return SiloPort;
        yield return GatewayPort;
        yield return HealthPort;
        if (DashboardPort is { } dashboard)
        {
            yield return dashboard;
        }
    }
}
