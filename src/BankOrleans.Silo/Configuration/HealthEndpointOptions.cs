namespace BankOrleans.Silo.Configuration;

/// <summary>
/// The silo's health endpoints (the <c>Health</c> section): <c>GET /health/live</c> answers 200
/// while the process runs; <c>GET /health/ready</c> answers 200 once the silo is an active
/// cluster member and no component of <c>SiloReadiness</c> is pending, 503 otherwise.
/// </summary>
public sealed class HealthEndpointOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Health";

    /// <summary>HTTP port. Required. Convention: 9100 + N for master-N, 9104 for the reader.</summary>
    public int Port { get; set; }

    /// <summary>Address to listen on. Default loopback: health is for the local operator and the container runtime.</summary>
    public string ListenIPAddress { get; set; } = "127.0.0.1";
}
