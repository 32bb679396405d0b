using BankOrleans.Topology;

namespace BankOrleans.Silo.Configuration;

/// <summary>
/// Who this silo is and where it listens: the <c>Silo</c> section of its
/// <c>silo-config/&lt;name&gt;.json</c>, overridable with <c>BANK_Silo__&lt;Key&gt;</c>.
/// Validated by <see cref="SiloIdentityOptionsValidator"/> before the silo starts.
/// </summary>
public sealed class SiloIdentityOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Silo";

    /// <summary>Silo name: <c>master-1</c> … <c>master-3</c> or <c>reader</c>. Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Role: <c>master</c> or <c>reader</c>. Required; must agree with <see cref="Name"/>.</summary>
    public string Role { get; set; } = string.Empty;

    /// <summary>Master index 1..3 (the N of <c>master-N</c>); absent or 0 on the reader.</summary>
    public int Index { get; set; }

    /// <summary>Orleans silo-to-silo port (silo-config; <see cref="BankTopology"/> checks they are unique).</summary>
    public int SiloPort { get; set; }

    /// <summary>Orleans client gateway port (silo-config; <see cref="BankTopology"/> checks they are unique).</summary>
    public int GatewayPort { get; set; }

    /// <summary>Address other silos and clients use to reach this silo. Default loopback.</summary>
    public string AdvertisedIPAddress { get; set; } = "127.0.0.1";

    /// <summary>Address the silo binds its listeners to. Default loopback (0.0.0.0 in containers).</summary>
    public string ListenIPAddress { get; set; } = "127.0.0.1";

    /// <summary>Orleans cluster id shared by all silos and clients of one deployment. Default: the topology's (silo-config).</summary>
    public string ClusterId { get; set; } = BankTopology.Local.ClusterId;

    /// <summary>Orleans service id; keys persisted grain state. Default: the topology's (silo-config).</summary>
    public string ServiceId { get; set; } = BankTopology.Local.ServiceId;
}
