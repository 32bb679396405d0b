namespace BankOrleans.Silo.Configuration;

/// <summary>
/// Where this silo serves the Orleans Dashboard (the <c>Dashboard</c> section). Only the silo
/// whose <see cref="Port"/> is set serves the web pages (master-1 by convention); every silo
/// collects the statistics the dashboard shows. The pages require the operator credential
/// (<see cref="OperatorCredentialOptions"/>).
/// </summary>
public sealed class DashboardEndpointOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Dashboard";

    /// <summary>The path under which the dashboard is served.</summary>
    public const string RoutePrefix = "/dashboard";

    /// <summary>HTTP port of the dashboard; 0 (default) serves no dashboard on this silo. master-1: 8080.</summary>
    public int Port { get; set; }

    /// <summary>Address to listen on. Default loopback; 0.0.0.0 in a container whose port is published on the host's loopback.</summary>
    public string ListenIPAddress { get; set; } = "127.0.0.1";

    /// <summary>How often each silo samples the counters the dashboard shows. Default 1 s (Orleans' minimum).</summary>
    public TimeSpan CounterUpdateInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>True when this silo serves the dashboard pages.</summary>
    public bool Enabled => Port != 0;
}
