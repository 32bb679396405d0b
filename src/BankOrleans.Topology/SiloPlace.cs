namespace BankOrleans.Topology;

/// <summary>One silo of the topology, as its silo-config file defines it. Ports are before any <c>BANK_PORT_OFFSET</c>.</summary>
/// <param name="Name">The silo's name: <c>master-N</c> or <c>reader</c> (<c>Silo:Name</c>).</param>
/// <param name="Role">One of <see cref="SiloRoles"/> (<c>Silo:Role</c>).</param>
/// <param name="Index">The master index 1..3; 0 for the reader (<c>Silo:Index</c>).</param>
/// <param name="SiloPort">The silo-to-silo port (<c>Silo:SiloPort</c>).</param>
/// <param name="GatewayPort">The client gateway port (<c>Silo:GatewayPort</c>).</param>
/// <param name="HealthPort">The health endpoints' port (<c>Health:Port</c>).</param>
/// <param name="DashboardPort">The dashboard's port on the one silo that serves it (<c>Dashboard:Port</c>), else null.</param>
public sealed record SiloPlace(string Name, string Role, int Index, int SiloPort, int GatewayPort, int HealthPort, int? DashboardPort)
{
    /// <summary>The silo-config file that defines this silo, relative to the repository root.</summary>
    public string ConfigFile => $"silo-config/{Name}.json";

    /// <summary>Whether this is a master.</summary>
    public bool IsMaster => Role == SiloRoles.Master;
}
